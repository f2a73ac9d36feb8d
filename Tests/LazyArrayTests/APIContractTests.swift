import Testing
import LazyArray

/// Every form of ../shared/API.md, written as outside code writes it (`import LazyArray` only),
/// so a change that breaks the contract fails to compile here; each value is also checked.
@Suite(.timeLimit(.minutes(10))) struct APIContractTests {
    @Test func dtypesAndProperties() {
        let a = NDArray([1.0, 2.0, 3.0])
        #expect(DType.allCases == [.bool, .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64, .float16, .bfloat16, .float32, .float64])
        #expect(a.dtype == .float64 && a.shape == [3] && a.ndim == 1 && a.size == 3)
        #expect(a.isEvaluated, "an array made from data starts evaluated")
        let b = a + 1
        #expect(!b.isEvaluated)
        b.evaluate()
        #expect(b.isEvaluated)
    }

    /// The gradient forms of API.md ("Added with the issues of 2026-12-02"), and `vjp`.
    @Test func gradients() {
        let df = grad { (x: NDArray) -> NDArray in (x * x).sum() }
        #expect(df(NDArray([1.0, 2.0])).toArray(Double.self) == [2, 4])
        let x = NDArray([1.0, 2.0]), y = NDArray([3.0, 4.0])
        func loss(_ p: [NDArray]) -> NDArray { ((p[0] * x + p[1] - y) ** 2).sum() }
        let vg = valueAndGrad { (p: [NDArray]) -> NDArray in loss(p) }
        let (w, b) = (NDArray(2.0), NDArray(1.0))
        let (value, grads) = vg([w, b])
        #expect(value.item(Double.self) == 1)
        #expect(grads[0].shape == w.shape && grads[1].shape == b.shape)
        #expect(grads[0].item(Double.self) == 4 && grads[1].item(Double.self) == 2)
        #expect(stopGradient(x).toArray(Double.self) == [1, 2])
        #expect(vjp({ $0 * 3 }, at: x, cotangents: y).toArray(Double.self) == [9, 12])
    }

    /// The loss and optimizer forms of API.md ("Added with the issues of 2026-12-02").
    @Test func lossesAndOptimizers() {
        let z = NDArray.zeros([2, 3]), y = NDArray([0, 2])
        // Equal logits over 3 classes: every sample's loss is log 3 (to a few ulp).
        #expect(Swift.abs(crossEntropy(logits: z, labels: y).item(Double.self) - 1.0986122886681098) < 1e-15)
        let (p, t) = (NDArray([1.0, 2.0]), NDArray([0.0, 4.0]))
        #expect(mseLoss(p, t).item(Double.self) == 2.5)
        // A zero logit against target 1: log 2 (to a few ulp).
        #expect(Swift.abs(binaryCrossEntropy(logits: NDArray([0.0]), targets: NDArray([1.0])).item(Double.self) - 0.6931471805599453) < 1e-15)
        var params = [NDArray([1.0, 2.0])]
        let grads = [NDArray([0.5, -0.5])]
        var opt = Adam(learningRate: 1e-3); opt.update(&params, grads)
        // Adam's first step is learningRate against the gradient's sign (up to epsilon).
        #expect(params[0].toArray(Double.self).enumerated().allSatisfy { Swift.abs($1 - [0.999, 2.001][$0]) < 1e-10 })
        var sgd = SGD(learningRate: 0.1, momentum: 0.9); sgd.update(&params, grads)
        #expect(params[0].toArray(Double.self).enumerated().allSatisfy { Swift.abs($1 - [0.949, 2.051][$0]) < 1e-10 })
    }

    @Test func creation() {
        #expect(NDArray([1.0, 2.0, 3.0]).dtype == .float64)
        #expect(NDArray([1, 2, 3, 4]).dtype == .int64)
        #expect(NDArray([Float](repeating: 1, count: 6), shape: [2, 3]).dtype == .float32)
        #expect(NDArray([Double](repeating: 0, count: 4), shape: [2, 2]).shape == [2, 2])
        #expect(NDArray([Int](repeating: 0, count: 4), shape: [4]).dtype == .int64)
        #expect(NDArray([Int32](repeating: 0, count: 4), shape: [4]).dtype == .int32)
        #expect(NDArray([Bool](repeating: true, count: 4), shape: [2, 2]).dtype == .bool)
        #expect(NDArray([[1, 2, 3], [4, 5, 6]]).shape == [2, 3])
        #expect(NDArray([[[1.0, 2.0], [3.0, 4.0]]]).shape == [1, 2, 2])
        #expect(NDArray(3.5).shape == [] && NDArray(3.5).item(Double.self) == 3.5)
        #expect(NDArray.zeros([2, 3]).toArray(Double.self) == [0, 0, 0, 0, 0, 0])
        #expect(NDArray.ones([2, 3], dtype: .float32).dtype == .float32)
        #expect(NDArray.full([2, 3], 7.0).toArray(Double.self).allSatisfy { $0 == 7 })
        #expect(NDArray.eye(4).sum().item(Double.self) == 4)
        #expect(NDArray.arange(10).toArray(Int.self) == Array(0..<10))
        #expect(NDArray.arange(0, 10, step: 2).toArray(Int.self) == [0, 2, 4, 6, 8])
        #expect(NDArray.linspace(0, 1, count: 5).toArray(Double.self) == [0, 0.25, 0.5, 0.75, 1])
    }

    @Test func conversionAndPrinting() {
        let a = NDArray([1.5, 2.5])
        #expect(a.toArray(Float.self) == [1.5, 2.5])
        #expect(NDArray([4.0]).item(Double.self) == 4)
        #expect(a.astype(.float32).dtype == .float32)
        #expect("\(NDArray([11, 22, 33, 44]))" == "[11 22 33 44]")
        #expect("\(NDArray([[1.0, 2.0], [3.0, 4.0]]))" == "[[1. 2.]\n [3. 4.]]")
    }

    @Test func elementwise() {
        let a = NDArray([1.0, -2.0, 3.0]), b = NDArray([2.0, 2.0, 2.0])
        let arithmetic = [a + b, a - b, a * b, a / b, a % b, a ** b, -a, a + 1, 1 + a, a * 2.5, Float(2) * a, a - 1, 2 - a]
        #expect(arithmetic.allSatisfy { $0.shape == [3] })
        let comparisons = [a .== b, a .!= b, a .< b, a .<= b, a .> b, a .>= b]
        #expect(comparisons.allSatisfy { $0.dtype == .bool })
        let flags = NDArray([true, false]), ints = NDArray([6, 3])
        #expect((flags & flags).dtype == .bool && (ints | ints).dtype == .int64 && (ints ^ ints).shape == [2] && (~flags).dtype == .bool)
        let functions = [abs(a), sqrt(abs(a)), exp(a), log(abs(a)), sin(a), cos(a), tan(a), tanh(a), sigmoid(a), relu(a), floor(a), ceil(a), square(a)]
        #expect(functions.allSatisfy { $0.shape == [3] })
        #expect(maximum(a, b).toArray(Double.self) == [2, 2, 3] && minimum(a, 0).toArray(Double.self) == [0, -2, 0])
        #expect(clip(a, -1, 1).toArray(Double.self) == [1, -1, 1])
        #expect(NDArray.where(a .> 0, a, b).toArray(Double.self) == [1, 2, 3])
        #expect(NDArray.where(a .> 0, a, 0).toArray(Double.self) == [1, 0, 3])
    }

    @Test func reductions() {
        let a = NDArray((0..<24).map { Double($0) }, shape: [2, 3, 4])
        #expect(a.sum().item(Double.self) == 276)
        #expect(a.sum(axis: 0).shape == [3, 4] && a.sum(axis: 1, keepdims: true).shape == [2, 1, 4])
        #expect(a.sum(axes: [0, 2]).shape == [3])
        #expect(a.mean(axis: -1).shape == [2, 3] && a.max().item(Double.self) == 23 && a.min(axis: 0).shape == [3, 4])
        #expect(a.prod(axis: 2).shape == [2, 3])
        #expect(a.std(axis: 1, ddof: 1, keepdims: false).shape == [2, 4] && a.variance(axis: 0, ddof: 0, keepdims: true).shape == [1, 3, 4])
        #expect(a.argmax(axis: 2).shape == [2, 3] && a.argmin(axis: 0).dtype == .int64)
        #expect((a .> 5).any().item(Bool.self) && !(a .> 5).all().item(Bool.self))
    }

    @Test func views() {
        let a = NDArray((0..<6).map { Double($0) })
        #expect(a.reshape([2, -1]).shape == [2, 3] && a.reshape(2, 3).T.shape == [3, 2])
        let c = NDArray((0..<24).map { Double($0) }, shape: [2, 3, 4])
        #expect(c.transposed([1, 0, 2]).shape == [3, 2, 4] && a.expandDims(axis: 0).shape == [1, 6])
        #expect(a.reshape(1, 6).squeeze().shape == [6] && NDArray([1.0, 2.0, 3.0]).broadcast(to: [4, 3]).shape == [4, 3])
        #expect(c.flatten().shape == [24])
        let m = a.reshape(2, 3)
        #expect(m[0].toArray(Double.self) == [0, 1, 2] && m[-1].toArray(Double.self) == [3, 4, 5])
        #expect(a[1..<3].toArray(Double.self) == [1, 2] && m[.all, 0].toArray(Double.self) == [0, 3])
        #expect(m[.all, 1..<3].shape == [2, 2])
        let i = 2
        #expect(a[i..<(i + 16)].shape == [4])
        #expect(a[a .> 2].toArray(Double.self) == [3, 4, 5])
        #expect(NDArray.eye(4)[NDArray([0, 2, 1, 3])].shape == [4, 4])
    }

    @Test func random() {
        let rng = RandomGenerator(seed: 42)
        #expect(rng.normal([3, 3]).shape == [3, 3])
        #expect(rng.normal([3], mean: 0, std: 0.1, dtype: .float32).dtype == .float32)
        #expect(rng.uniform([2, 2], low: 0, high: 1).shape == [2, 2])
        #expect(rng.randint(0, 10, shape: [5]).dtype == .int64)
        #expect(rng.permutation(100).toArray(Int.self).sorted() == Array(0..<100))
        #expect(rng.shuffled(NDArray.arange(10)).toArray(Int.self).sorted() == Array(0..<10))
        sharedGeneratorLock.withLock { _ in
            #expect(NDArray.randn(3, 3).shape == [3, 3] && NDArray.randn([100, 3]).shape == [100, 3])
            RandomGenerator.shared.seed(42)
            let first = NDArray.randn(2).toArray(Double.self)
            RandomGenerator.shared.seed(42)
            #expect(NDArray.randn(2).toArray(Double.self) == first)
        }
    }

    @Test func linearAlgebraAndEvaluation() {
        let w = NDArray([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]]), x = NDArray([1.0, 2.0, 3.0])
        #expect("\(matmul(w, x))" == "[1.4 3.2]")
        #expect(w.matmul(w.T).shape == [2, 2])
        let y = w * 2, z = w + 1
        y.evaluate()
        evaluate(y, z)
        let u = w - 1, v = w / 2
        evaluate(u, v, mode: .eager)
        #expect(u.isEvaluated && v.isEvaluated)
        if Backend.openMP.isAvailable {
            let o = w * 3
            evaluate(o, backend: .openMP)
            #expect(o.toArray(Double.self)[1] == 0.6000000000000001)
        } else {
            #expect(Backend.openMP.unavailableReason != nil)
        }
        #expect((w * 2 + 1).explain().contains("kernel"))
    }

    /// `allclose(a, b)` and `arrayEqual(a, b)` of API.md ("Added with the issues of 2026-12-02").
    @Test func closenessAndEquality() {
        let a = NDArray([1.0, 2.0]), b = NDArray([1.0 + 1e-9, 2.0])
        let close: Bool = allclose(a, b), equal: Bool = arrayEqual(a, b)
        #expect(close && !equal && arrayEqual(a, a))
    }

    /// The sorting, scan, shapes, statistics and decomposition forms of API.md ("Added with the issues
    /// of 2026-12-02"), as written there, with two departures Swift forces: `repeat` is a keyword
    /// (the parameter-pack `repeat each`), so the free function is spelled `` `repeat`(a, 3, axis: 0) ``
    /// (or `a.repeat(3, axis: 0)`); and the decompositions throw on data NumPy rejects with
    /// `LinAlgError` (not positive definite, NaN or inf), as `inv` does, so they take `try`.
    @Test func sortingShapesStatisticsAndDecompositions() throws {
        let a = NDArray([3.0, 1, 2, 4, 0, 5], shape: [2, 3])
        #expect(a.sort(axis: -1).toArray(Double.self) == [1, 2, 3, 0, 4, 5])
        #expect(a.argsort(axis: -1).toArray(Int.self) == [1, 2, 0, 1, 0, 2])
        #expect(unique(a).toArray(Double.self) == [0, 1, 2, 3, 4, 5])
        #expect(a.cumsum(axis: 0).toArray(Double.self) == [3, 1, 2, 7, 1, 7])
        #expect(a.cumprod(axis: 0).toArray(Double.self) == [3, 1, 2, 12, 0, 10])
        #expect(tile(a, [2, 1]).shape == [4, 3])
        #expect(`repeat`(a, 3, axis: 0).shape == [6, 3] && a.repeat(3, axis: 0).shape == [6, 3])
        #expect(a.swapaxes(0, 1).shape == [3, 2])
        #expect(einsum("ij,jk->ik", a, a.T).toArray(Double.self) == matmul(a, a.T).toArray(Double.self))
        #expect(median(a, axis: 0).toArray(Double.self) == [3.5, 0.5, 3.5])
        #expect(quantile(a, 0.9, axis: 0).shape == [3])
        let spd = matmul(a, a.T) + NDArray.eye(2)
        let (q, r) = try qr(spd)
        #expect(allclose(matmul(q, r), spd))
        let l = try cholesky(spd)
        #expect(allclose(matmul(l, l.T), spd))
        let (values, vectors) = try eigh(spd)
        #expect(allclose(matmul(spd, vectors), vectors * values))
        let (u, s, vh) = try svd(a)
        #expect(u.shape == [2, 2] && s.shape == [2] && vh.shape == [3, 3])
    }
}
