import Testing
import LazyArray

/// The statistics and comparison functions beyond NumPy's answers (those are
/// `StatisticsReferenceTests`): that they stay fused kernels, their errors, the Swift `Bool`
/// answers, and fused against eager (and OpenMP) on random arrays with NaN and infinities.
@Suite(.timeLimit(.minutes(10)))
struct StatisticsTests {
    /// A float64 array of `count` elements with NaN, +inf and -inf in it, evaluated.
    static func specials(_ shape: [Int], seed: UInt64, dtype: DType = .float64) -> NDArray {
        let rng = RandomGenerator(seed: seed)
        let u = rng.uniform(shape)
        let x = rng.normal(shape, dtype: dtype)
        return NDArray.where(u .< 0.1, Double.nan, NDArray.where(u .> 0.97, Double.infinity, NDArray.where(u .> 0.94, -Double.infinity, x))).evaluate()
    }

    // MARK: - Kernel counts

    @Test func nanReductionsOfAProducerAreOneKernelReadingTheInputOnce() {
        let a = Self.specials([64, 300], seed: 1)
        let bytesOfA = a.size * 8
        for (name, build, outputs) in [("nansum", { nansum(a * 2, axis: -1) }, 64),
                                       ("nanprod", { nanprod(a * 2) }, 1),
                                       ("nanmax", { nanmax(a * 2 + 1, axis: 0) }, 300),
                                       ("nanmin", { nanmin(a - 1, axes: [0, 1], keepdims: true) }, 1),
                                       ("nanmean", { nanmean(a * 2, axis: 1) }, 64)] as [(String, () -> NDArray, Int)] {
            let statistics = NDArray.statistics(during: { _ = build().evaluate() })
            #expect(statistics.kernelsRun == 1, "\(name): \(statistics.kernelsRun) kernels")
            // `a` once, the results, and what a reduction with a count or a NaN flag beside its
            // value writes per result (a few words each: under 10% of `a` here); a second read
            // of `a`, or a buffer for the producer, would add at least `bytesOfA`.
            #expect(statistics.bytesMoved >= bytesOfA + outputs * 8 && statistics.bytesMoved < bytesOfA + bytesOfA / 10,
                    "\(name): \(statistics.bytesMoved) bytes")
        }
    }

    @Test func elementwiseFunctionsAreOneKernel() {
        let a = Self.specials([40, 50], seed: 2), b = Self.specials([40, 50], seed: 3)
        for (name, build) in [("isclose", { isclose(a * 2, b) }), ("isclose scalar", { isclose(a, 0.5) }),
                              ("nanToNum", { nanToNum(a + b) }), ("diff", { diff(a * 2 + 1) }),
                              ("diff n: 2 axis 0", { diff(a, n: 2, axis: 0) })] as [(String, () -> NDArray)] {
            let statistics = NDArray.statistics(during: { _ = build().evaluate() })
            #expect(statistics.kernelsRun == 1, "\(name): \(statistics.kernelsRun) kernels")
        }
        // diff(a * 2 + 1) reads two views of a (40 x 49 elements each, counted once each) in
        // one kernel and writes its result: no buffer for a * 2 + 1.
        let statistics = NDArray.statistics(during: { _ = diff(a * 2 + 1).evaluate() })
        #expect(statistics.bytesMoved == 2 * 40 * 49 * 8 + 40 * 49 * 8)
        // Three differences fused would read each element of a eight times through views; the
        // planner stores an intermediate difference instead: two kernels, never one per step.
        #expect(NDArray.statistics(during: { _ = diff(a, n: 3, axis: 0).evaluate() }).kernelsRun <= 2)
    }

    @Test func nanVarianceIsTwoPasses() {
        let a = Self.specials([30, 70], seed: 4)
        let statistics = NDArray.statistics(during: { _ = nanstd(a, axis: 0, ddof: 1).evaluate() })
        #expect(statistics.kernelsRun == 2)
    }

    // MARK: - Bool answers

    @Test func allcloseAndArrayEqualAnswerSwiftBools() {
        let a = NDArray([1.0, 2.0, .nan]), b = NDArray([1.0 + 1e-9, 2.0, .nan])
        #expect(!allclose(a, b))
        #expect(allclose(a, b, equalNan: true))
        #expect(!arrayEqual(a, a))
        #expect(arrayEqual(a, a, equalNan: true))
        #expect(arrayEqual(NDArray([1, 2, 3]), NDArray([1.0, 2.0, 3.0])))
        #expect(!arrayEqual(NDArray([1, 2]), NDArray([[1, 2]])), "different shapes are unequal, not broadcast")
        #expect(arrayEqual(NDArray.zeros([0, 3]), NDArray.zeros([0, 3])))
        #expect(allclose(NDArray([Float(1), 1.000001]), 1))
        #expect(allclose(1.0, NDArray([1.0, 1.0 + 1e-6])))
        #expect(!allclose(NDArray([1.0, 1.1]), 1.0))
        #expect(allclose(NDArray.zeros([0]), NDArray.ones([4, 0])))
        #expect(isclose(NDArray(Float(1)), 1).dtype == .bool)
    }

    // MARK: - Errors

    @Test func errorsNameTheFunction() {
        let empty = NDArray.zeros([0, 3])
        #expect(errorMessage { _ = nanmax(empty, axis: 0) } == "[nanmax] zero-size array to reduction operation maximum which has no identity (shape (0, 3))")
        #expect(errorMessage { _ = nanmin(empty) }?.hasPrefix("[nanmin] zero-size array") == true)
        #expect(errorMessage { _ = nanmax(empty, axis: 1) } == nil)
        #expect(errorMessage { _ = nansum(empty, axis: 2) } == "[nansum] axis 2 is out of bounds for array of dimension 2")
        #expect(errorMessage { _ = nanmean(empty, axes: [0, -2]) } == "[nanmean] duplicate value in 'axis': [0, -2]")
        #expect(errorMessage { _ = nanvar(empty, axis: -3) } == "[nanvar] axis -3 is out of bounds for array of dimension 2")
        #expect(errorMessage { _ = nanmax(NDArray([1, 2]), axis: 1) } == "[nanmax] axis 1 is out of bounds for array of dimension 1")
        #expect(errorMessage { _ = isclose(NDArray([1.0, 2.0]), NDArray([1.0, 2.0, 3.0])) }?.contains("cannot broadcast (2,) with (3,)") == true)
        #expect(errorMessage { _ = diff(NDArray([1, 2]), n: -1) } == "[diff] order must be non-negative but got -1")
        #expect(errorMessage { _ = diff(NDArray(1.0)) } == "[diff] diff requires input that is at least one dimensional")
        #expect(errorMessage { _ = diff(NDArray([1, 2]), axis: 1) } == "[diff] axis 1 is out of bounds for array of dimension 1")
        #expect(errorMessage { _ = diff(NDArray([[1, 2]]), prepend: NDArray([1, 2])) }?.hasPrefix("[concatenate]") == true)
        #expect(errorMessage { _ = cov(NDArray.zeros([2, 2, 2])) } == "[cov] m has more than 2 dimensions: shape (2, 2, 2)")
        #expect(errorMessage { _ = corrcoef(NDArray.zeros([2, 3]), NDArray.zeros([1, 2, 3])) } == "[cov] y has more than 2 dimensions: shape (1, 2, 3)")
    }

    @Test func averageThrowsAtTheCall() throws {
        let a = NDArray([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
        #expect(throws: LazyArrayError("average", "weights sum to zero, can't be normalized")) {
            _ = try average(a, axis: 1, weights: NDArray([1.0, -1.0, 0.0]))
        }
        #expect(throws: LazyArrayError("average", "weights sum to zero, can't be normalized")) {
            _ = try average(a, axis: 0, weights: NDArray([[1.0, 0, 1], [0, 0, 1]]))
        }
        #expect(throws: LazyArrayError("average", "axis must be specified when shapes of a (2, 3) and weights (3,) differ")) {
            _ = try average(a, weights: NDArray([1.0, 2.0, 3.0]))
        }
        #expect(throws: LazyArrayError("average", "shape of weights (2,) must be consistent with shape of a (2, 3) along axis -1")) {
            _ = try average(a, axis: -1, weights: NDArray([1.0, 2.0]))
        }
        #expect(throws: LazyArrayError("average", "axis 2 is out of bounds for array of dimension 2")) {
            _ = try average(a, axis: 2)
        }
        // A zero weight sum in one of several rows is enough; nonzero ones give the weighted mean.
        #expect(try average(a, axis: 1, weights: NDArray([1.0, 0.0, 1.0])).toArray(Double.self) == [2, 5])
        #expect(try average(a, axis: 0, weights: NDArray([3, 1])).toArray(Double.self) == [1.75, 2.75, 3.75])
    }

    // MARK: - Fused against eager on random arrays

    /// One random NaN-aware computation: its name and the array it builds from its input.
    static func randomCase(seed: Int) -> (name: String, input: NDArray, build: (NDArray) -> NDArray, tolerance: Double) {
        var g = SplitMix64(state: UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 &+ 11)
        let ndim = Int.random(in: 1...3, using: &g)
        var shape = (0..<ndim).map { _ in Int.random(in: 0...9, using: &g) == 0 ? 0 : Int.random(in: 1...12, using: &g) }
        if Bool.random(using: &g), let last = shape.indices.last, shape[last] > 0 { shape[last] = Int.random(in: 900...2500, using: &g) }
        let dtype: DType = Bool.random(using: &g) ? .float32 : .float64
        let x = specials(shape, seed: UInt64(seed), dtype: dtype)
        let axis: Int? = Int.random(in: 0...3, using: &g) == 0 ? nil : Int.random(in: -ndim..<ndim, using: &g)
        let keepdims = Bool.random(using: &g)
        let ddof = Int.random(in: 0...1, using: &g)
        let extent = axis.map { shape[($0 + ndim) % ndim] } ?? shape.reduce(1, *)
        // Sums in another order: within 2 (n + 2) eps of the magnitude, as the NumPy fixtures' bound (here relative to the data, which is O(1)).
        let sumBound = 2 * Double(extent + 2) * (dtype == .float32 ? Double(Float.ulpOfOne) : Double.ulpOfOne) * Double(extent) * 8
        let functions: [(String, (NDArray) -> NDArray, Double)] = [
            ("nansum", { nansum($0 * 2, axis: axis, keepdims: keepdims) }, sumBound * 2),
            ("nanmean", { nanmean($0, axis: axis, keepdims: keepdims) }, sumBound),
            ("nanmax", { nanmax($0 + 1, axis: axis, keepdims: keepdims) }, 0),
            ("nanmin", { nanmin($0, axis: axis, keepdims: keepdims) }, 0),
            ("nanvar", { nanvar($0, axis: axis, ddof: ddof, keepdims: keepdims) }, sumBound * 16),
            ("nanToNum", { nanToNum($0 * 3) }, 0),
            ("isclose", { isclose($0, $0 * 1.000001) }, 0),
            ("diff", { diff($0 * 2, n: ddof + 1, axis: axis ?? -1) }, 0),
        ]
        let (name, build, tolerance) = functions[Int.random(in: 0..<functions.count, using: &g)]
        return ("\(name) \(dtype)\(shape) axis \(axis.map(String.init) ?? "nil") keepdims \(keepdims) ddof \(ddof)", x, build, tolerance)
    }

    @Test(arguments: 0..<120)
    func fusedMatchesEager(seed: Int) throws {
        let c = Self.randomCase(seed: seed)
        // An empty axis is nanmax's error, not a comparison.
        if errorMessage({ _ = c.build(c.input) }) != nil { return }
        let eager = c.build(c.input).evaluate(mode: .eager).toArray(Double.self)
        var backends: [Backend] = [.dispatch]
        if openMPAvailable { backends.append(.openMP) }
        for backend in backends {
            let fused = c.build(c.input).evaluate(backend: backend).toArray(Double.self)
            #expect(fused.count == eager.count)
            for (f, e) in zip(fused, eager) where !(f.bitPattern == e.bitPattern || f.isNaN && e.isNaN) {
                #expect(Swift.abs(f - e) <= c.tolerance, "\(c.name) on \(backend): fused \(f), eager \(e)")
            }
        }
    }
}
