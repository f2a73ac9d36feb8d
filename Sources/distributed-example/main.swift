import LazyArray
let x = RandomGenerator(seed: 0).normal([0, 3], dtype: .float32).evaluate()
print("a", NDArray.zeros([0, 3]).sum())
print("b", x.sum())
print("c", x.astype(.float64).sum())
print("d", abs(x.astype(.float64)).sum())
