import Testing
@testable import LazyArray
import Kernels
import Foundation

/// Reductions: hand-computed values, fused against eager for every reduction × axes × keepdims
/// × dtype, the fusion claims as kernel counts, NaN and empty cases, accuracy and determinism.
@Suite(.serialized, .timeLimit(.minutes(10))) struct ReductionTests {
    // [[1, 2, 3], [4, 5, 6]] in every dtype.
    func matrix(_ dtype: LazyArray.DType) -> NDArray { makeArray([1, 2, 3, 4, 5, 6], dtype: dtype, shape: [2, 3]) }

    @Test func handComputedValues() {
        let m = matrix(.float64)
        #expect(m.sum().item(Double.self) == 21)
        #expect(m.sum(axis: 0).toArray(Double.self) == [5, 7, 9])
        #expect(m.sum(axis: -1).toArray(Double.self) == [6, 15])
        #expect(m.sum(axis: 1, keepdims: true).shape == [2, 1])
        #expect(m.prod(axis: 1).toArray(Double.self) == [6, 120])
        #expect(m.max(axis: 0).toArray(Double.self) == [4, 5, 6])
        #expect(m.min().item(Double.self) == 1)
        #expect(m.mean(axis: 1).toArray(Double.self) == [2, 5])
        #expect(m.argmax(axis: 1).toArray(Int.self) == [2, 2])
        #expect(m.argmin().item(Int.self) == 0)
        let variances: [Double] = m.variance(axis: 1).toArray(Double.self)
        #expect(variances.allSatisfy { Swift.abs($0 - 2.0 / 3.0) < 1e-12 })
        #expect(Swift.abs(m.std(ddof: 1).item(Double.self) - 1.8708286933869707) < 1e-12)
        #expect((m .> 3).any(axis: 1).toArray(Bool.self) == [false, true])
        #expect((m .> 0).all().item(Bool.self))
        #expect(NDArray([3, 1, 3]).argmax().item(Int.self) == 0, "ties give the first index")
    }

    @Test func resultTypesFollowNumPy() {
        #expect(matrix(.int32).sum().dtype == .int64)
        #expect(matrix(.bool).sum().dtype == .int64)
        #expect(matrix(.float32).sum().dtype == .float32)
        #expect(matrix(.int32).mean().dtype == .float64)
        #expect(matrix(.float32).mean().dtype == .float32)
        #expect(matrix(.int64).max().dtype == .int64)
        #expect(matrix(.float32).argmax(axis: 0).dtype == .int64)
        #expect(matrix(.float64).any().dtype == .bool)
        #expect(matrix(.int64).std().dtype == .float64)
    }

    /// Float sums are accumulated differently by the fused kernels (blocked, in float64) and
    /// eager (in order, in float64): both are within a few ulp of the exact sum, so they agree
    /// to 8 ulp of the result's dtype; everything else is exact.
    static func agree(_ fused: NDArray, _ eager: NDArray) -> Bool {
        let a = fused.toArray(Double.self), b = eager.toArray(Double.self)
        guard a.count == b.count, fused.shape == eager.shape, fused.dtype == eager.dtype else { return false }
        return zip(a, b).allSatisfy { x, y in
            (x.isNaN && y.isNaN) || x == y || ulpDistance(x, y, dtype: fused.dtype) <= 8 || Swift.abs(x - y) <= 1e-12
        }
    }

    static let axisChoices: [[Int]?] = [nil, [0], [1], [-1], [2], [0, 2], [-3, -1], [0, 1, 2]]

    @Test(arguments: DType.allCases)
    func everyReductionAxisAndKeepdimsMatchesEager(dtype: LazyArray.DType) {
        Self.checkEveryReduction(dtype: dtype, backend: .dispatch)
    }

    /// Every reduction × axes × keepdims of a (3, 4, 5) array of `dtype`, fused on `backend`,
    /// against eager (`agree`).
    static func checkEveryReduction(dtype: LazyArray.DType, backend: Backend) {
        let values = (0..<60).map { Double(($0 * 37) % 23) - 11 }
        let build = { makeArray(values, dtype: dtype, shape: [3, 4, 5]) }
        typealias Reduction = (NDArray, [Int]?, Bool) -> NDArray
        let reductions: [(String, Reduction)] = [
            ("sum", { $0.sum(axes: $1, keepdims: $2) }), ("prod", { $0.prod(axes: $1, keepdims: $2) }),
            ("max", { $0.max(axes: $1, keepdims: $2) }), ("min", { $0.min(axes: $1, keepdims: $2) }),
            ("any", { $0.any(axes: $1, keepdims: $2) }), ("all", { $0.all(axes: $1, keepdims: $2) }),
            ("mean", { $0.mean(axes: $1, keepdims: $2) }), ("var", { $0.variance(axes: $1, ddof: 1, keepdims: $2) }),
            ("std", { $0.std(axes: $1, keepdims: $2) }),
            ("argmax", { a, axes, keep in a.argmax(axis: axes?.first, keepdims: keep) }),
            ("argmin", { a, axes, keep in a.argmin(axis: axes?.first, keepdims: keep) }),
        ]
        for (name, reduce) in reductions {
            for axes in Self.axisChoices {
                for keepdims in [false, true] {
                    let fused = reduce(build(), axes, keepdims).evaluate(mode: .fused, backend: backend)
                    let eager = reduce(build(), axes, keepdims).evaluate(mode: .eager)
                    #expect(Self.agree(fused, eager), "\(name) axes \(String(describing: axes)) keepdims \(keepdims) on \(dtype)")
                }
            }
        }
    }

    @Test func sumOfSquaredDifferencesIsOneKernelWithNoTemporaries() {
        let a = NDArray((0..<1000).map { Float($0) }), b = NDArray((0..<1000).map { Float($0) * 0.5 })
        let y = ((a - b) ** 2).sum()
        #expect(NDArray.kernelCount(y) == 1)
        let explanation = y.explain()
        #expect(explanation.contains("sum"), "\(explanation)")
        var expected = 0.0
        for i in 0..<1000 { expected += Double((Float(i) * 0.5) * (Float(i) * 0.5)) }
        #expect(Double(y.item(Float.self)) == Double(Float(expected)), "float64 accumulation rounds once")
    }

    @Test func meanAndStdOfTheSameAxesShareOnePass() {
        let x = NDArray((0..<6400).map { Float($0 % 97) }, shape: [100, 64])
        let mean = x.mean(axis: 0), std = x.std(axis: 0)
        let plan = NDArray.plan([mean, std])!
        let reductionKernels = plan.kernels.compactMap(\.programKernel).filter { $0.program.reduction != nil }
        #expect(reductionKernels.count == 1)
        #expect(reductionKernels[0].program.reduction?.outputs.count == 3)
    }

    @Test func normalizationRunsAsAtMostTwoKernels() {
        let x = NDArray((0..<6400).map { Float($0 % 97) }, shape: [100, 64])
        let y = (x - x.mean(axis: 0)) / (x.std(axis: 0) + 1e-8)
        #expect(NDArray.kernelCount(y) <= 2, "\(y.explain())")
        let all: [Float] = y.toArray(Float.self)
        let column: [Double] = stride(from: 5, to: all.count, by: 64).map { Double(all[$0]) }
        let mean: Double = column.reduce(0, +) / 100
        let variance: Double = column.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 100
        #expect(Swift.abs(mean) < 1e-5 && Swift.abs(variance - 1) < 1e-4)
    }

    @Test func softmaxMakesTwoPassesAndIsStable() {
        let x = NDArray([[1000.0, 1001.0, 1002.0], [-5.0, 0.0, 5.0]]).astype(.float32).evaluate()
        let y = softmax(x, axis: -1)
        #expect(NDArray.kernelCount(y) == 1)
        let values = y.toArray(Float.self)
        let reference: [Float] = [0.09003057, 0.24472848, 0.66524094, 4.5094e-05, 0.0066925077, 0.9932624]
        for (got, want) in zip(values, reference) { #expect(Swift.abs(got - want) < 1e-6) }
        let logProbability: Float = logSoftmax(x).toArray(Float.self)[2]
        #expect(Swift.abs(Double(logProbability) - Foundation.log(0.66524094)) < 1e-5)
        let pairLogSumExp: Double = logsumexp(NDArray([1000.0, 1000.0])).item(Double.self)
        #expect(Swift.abs(pairLogSumExp - (1000 + Foundation.log(2.0))) < 1e-12)
    }

    @Test func nanPropagatesAndArgmaxFindsTheFirstNaN() {
        let x = NDArray([1.0, .nan, 3.0, .nan])
        #expect(x.max().item(Double.self).isNaN)
        #expect(x.min().item(Double.self).isNaN)
        #expect(x.argmax().item(Int.self) == 1)
        #expect(x.argmin().item(Int.self) == 1)
        #expect(x.sum().item(Double.self).isNaN)
    }

    @Test func emptyReductions() {
        let empty = NDArray.zeros([0, 3])
        #expect(empty.sum(axis: 0).toArray(Double.self) == [0, 0, 0])
        #expect(empty.prod(axis: 0).toArray(Double.self) == [1, 1, 1])
        #expect(empty.sum(axis: 1).shape == [0])
        #expect(empty.sum().item(Double.self) == 0)
        #expect(RandomGenerator(seed: 0).normal([0, 3], dtype: .float32).evaluate().prod().item(Double.self) == 1)
        #expect(errorMessage { _ = empty.max(axis: 0) } == "[max] zero-size array to reduction operation maximum which has no identity (shape (0, 3))")
        #expect(errorMessage { _ = empty.argmax(axis: 0) } != nil)
        #expect(errorMessage { _ = NDArray.zeros([2, 3]).sum(axis: 2) } == "[sum] axis 2 is out of bounds for array of dimension 2")
        #expect(errorMessage { _ = NDArray.zeros([2, 3]).sum(axes: [0, -2]) } == "[sum] duplicate value in 'axis': [0, -2]")
    }

    /// NumPy's float32 sum of these 1e7 values errs by 3.972460816e-8 relative (the final rounding to float32), and of the centered
    /// values by 5.3e-3 absolute (Fixtures-free: computed with NumPy 2.4 and math.fsum on the
    /// same values, which this test rebuilds exactly).
    @Test func float32SumsOf1e7AreNoWorseThanNumPy() {
        let n = 10_000_000
        var values = [Float](repeating: 0, count: n)
        for i in 0..<n {
            let position: Double = Double(i) * 0.6180339887498949
            values[i] = Float(position.truncatingRemainder(dividingBy: 1))
        }
        var exact = 0.0  // float64 in order: error about 1e-9 relative here, far below NumPy's
        for value in values { exact += Double(value) }
        let x = NDArray(values)
        let sum = Double(x.sum().item(Float.self))
        #expect(Swift.abs(sum - exact) / exact <= 3.972460816167911e-08)
        let shifted: NDArray = x - Float(0.5)
        let centered = Double(shifted.sum().item(Float.self))
        var exactCentered = 0.0
        for value in values { exactCentered += Double(value - 0.5) }
        #expect(Swift.abs(centered - exactCentered) <= 5.3e-3)
    }

    @Test(arguments: [[Int]?.none, [0], [1]])
    func reductionsAreBitwiseTheSameForAnyThreadCount(axes: [Int]?) {
        Self.checkSameForAnyThreadCount(axes: axes, backend: .dispatch)
    }

    /// Sums of squares and maxima of a (1000, 600) float32 array over `axes` on `backend`:
    /// bitwise the same with 1, 2 and 7 threads.
    static func checkSameForAnyThreadCount(axes: [Int]?, backend: Backend) {
        let values: [Float] = (0..<600_000).map { (i: Int) -> Float in Float(Foundation.sin(Double(i))) }
        var results: [[Double]] = []
        for threads in [1, 2, 7] {
            let x = NDArray(values, shape: [1000, 600])
            NDArray.withThreadCount(threads) {
                results.append((x * x).sum(axes: axes).evaluate(backend: backend).toArray(Double.self)
                    + x.max(axes: axes).evaluate(backend: backend).toArray(Double.self))
            }
        }
        #expect(sameBits(results[0], results[1]) && sameBits(results[0], results[2]))
    }
}
