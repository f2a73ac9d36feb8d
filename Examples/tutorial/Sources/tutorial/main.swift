// The steps of NumPy's "absolute basics" tutorial and of docs/tour.md, as a user's program:
// arrays, broadcasting, a linear layer, normalization, one-hot labels and batches.
// `.ci/run` builds it in release against a version tag and compares what it prints with
// expected-output.txt.
import LazyArray

func section(_ title: String) { print("\n== \(title)") }

section("Arrays")
let a = NDArray([1, 2, 3])
print(a + NDArray([10, 20, 30]), a * 2, a ** 2)
print(a.shape, a.dtype)
let celsius = NDArray([0.0, 21.5, 37.0, 100.0])
print(celsius * 9 / 5 + 32)
print(NDArray.linspace(0, 1, count: 5), NDArray.arange(6).reshape(2, 3))

section("Broadcasting")
let m = NDArray([[1, 2, 3],
                 [4, 5, 6]])
print(m + 10)
print(m + NDArray([100, 200, 300]))
print(m * NDArray([[1], [-1]]))
print((NDArray([0.5, 2.0]).reshape(2, 1) * NDArray([1.0, 2.0, 3.0])).shape)

section("A linear layer")
let rng = RandomGenerator(seed: 42)
let w = NDArray([[0.5, -1.0, 2.0],
                 [1.0, 0.0, 1.0]])
let b = NDArray([0.1, -0.1])
let x = NDArray([1.0, 2.0, 3.0])
print((w * x).sum(axis: 1) + b, matmul(w, x) + b)
let inputs = NDArray.arange(-6.0, 6.0).reshape(4, 3)
print(relu(matmul(inputs, w.T) + b))
let heWeights = rng.normal([2, 3], std: (2.0 / 3.0).squareRoot(), dtype: .float32)
print(heWeights)
print(softmax(matmul(inputs, w.T) + b, axis: 1))

section("Normalization")
let features = NDArray([[1.0, 200.0],
                        [2.0, 400.0],
                        [3.0, 600.0],
                        [4.0, 800.0]])
let mean = features.mean(axis: 0)
let std = features.std(axis: 0)
let z = (features - mean) / std
print(mean, std)
print(z)
print(z.mean(axis: 0), z.std(axis: 0))

section("One-hot")
let labels = NDArray([0, 2, 1, 2])
let oneHotLabels = oneHot(labels, classes: 3)
print(oneHotLabels)
print((NDArray.eye(3)[labels] .== oneHotLabels).all(), oneHotLabels.argmax(axis: 1))

section("Batches")
let samples = NDArray.arange(10).reshape(5, 2)
for batch in samples.batches(of: 2) {
    print(batch.shape, batch.sum())
}
let order = RandomGenerator(seed: 1).permutation(5)
print(order)
for batch in samples.batches(of: 2, order: order) {
    print(batch[.all, 0])
}

section("Laziness")
let t = NDArray.linspace(0, 1, count: 5)
let y = 2 * t * t + 1
print(y.isEvaluated)
y.evaluate()
print(y.isEvaluated, y)
