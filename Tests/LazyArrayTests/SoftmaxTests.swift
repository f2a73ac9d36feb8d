import Foundation
import Testing
@testable import LazyArray
import Kernels

/// `softmax` and `logSoftmax`: the one-pass row kernel along the last axis against the eager
/// reference (plain loops with the C library's `exp` and `log`) on many generated cases, its
/// kernel count, thread-count determinism, and NumPy's results for NaN and infinite rows.
@Suite(.timeLimit(.minutes(10))) struct SoftmaxTests {
    /// One generated case: an input built from fixed data through a view or an expression.
    struct Case: CustomStringConvertible {
        let seed: Int
        let shape: [Int]
        let dtype: DType
        let form: Int
        var description: String { "seed \(seed) shape \(shape) \(dtype) form \(form)" }

        static func generated(_ seed: Int) -> Case {
            var rng = SplitMix64(state: UInt64(seed) &* 7919 &+ 11)
            let widths = [1, 3, 7, 8, 31, 256, 1000, 2049]
            let rank = 1 + Int(rng.next() % 3)
            var shape = (0..<rank - 1).map { _ in 1 + Int(rng.next() % 5) }
            shape.append(widths[Int(rng.next() % UInt64(widths.count))])
            let dtypes: [DType] = [.float32, .float64, .int32]
            return Case(seed: seed, shape: shape, dtype: dtypes[Int(rng.next() % 3)], form: Int(rng.next() % 4))
        }

        /// The input: 0 plain, 1 a transposed buffer read back in this shape (rows gathered),
        /// 2 a strided slice, 3 an elementwise expression (realized before the row kernel).
        func input() -> NDArray {
            let count = shape.reduce(1, *)
            let values = (0..<2 * count).map { i in 30 * sin(Double(i * (seed + 3)) * 0.37) }
            switch form {
            case 1:
                let base = makeArray(Array(values.prefix(count)), dtype: dtype, shape: shape.reversed())
                return base.T
            case 2:
                let base = makeArray(values, dtype: dtype, shape: Array(shape.dropLast()) + [2 * shape.last!])
                return base[.ellipsis, .slice(0, nil, step: 2)]
            case 3:
                return makeArray(Array(values.prefix(count)), dtype: dtype, shape: shape) * 0.5 + 1
            default:
                return makeArray(Array(values.prefix(count)), dtype: dtype, shape: shape)
            }
        }
    }

    /// Fused against eager. Both compute `exp(x - max)` in the result dtype and sum in float64,
    /// so they differ by the exponentials (VectorMath within 4 ulp against the C library's) and
    /// the summation order (float32: lanes of at most 128 terms in float, each rounding at most
    /// 2^-24 relative, so below 128 * 2^-24 = 7.6e-6 of the sum; float64: sums in double both).
    /// Softmax values: relative 2e-5 (float32), 1e-13 (float64). Log-softmax values: the log of
    /// the sum moves by the same relative amount, absolutely: 2e-5 (float32) and 1e-13
    /// (float64), plus 4 ulp of the value.
    @Test("fused softmax and logSoftmax match eager within the stated bound", arguments: 0..<120)
    func fusedMatchesEager(seed: Int) {
        let testCase = Case.generated(seed)
        let resultType = testCase.dtype.floatingResult
        let bound = resultType == .float32 ? 2e-5 : 1e-13
        for logarithmic in [false, true] {
            let build = { logarithmic ? logSoftmax(testCase.input(), axis: -1) : softmax(testCase.input(), axis: seed % 2 == 0 ? -1 : testCase.shape.count - 1) }
            let fused = build().evaluate(mode: .fused).toArray(Double.self)
            let eager = build().evaluate(mode: .eager).toArray(Double.self)
            #expect(fused.count == eager.count)
            for (x, y) in zip(fused, eager) {
                let allowed = logarithmic ? bound + 4 * Swift.abs(y) * (resultType == .float32 ? 0x1p-23 : 0x1p-52) : bound * Swift.abs(y)
                #expect(Swift.abs(x - y) <= allowed, "\(testCase) log \(logarithmic): \(x) vs \(y)")
            }
        }
    }

    @Test("the row kernel agrees with a float64 computation of NumPy's formula", arguments: 0..<20)
    func matchesFloat64Formula(seed: Int) {
        let testCase = Case.generated(seed + 1000)
        let x = testCase.input().astype(.float64).evaluate()
        let values = x.toArray(Double.self)
        let width = testCase.shape.last!
        var expected: [Double] = []
        for row in stride(from: 0, to: values.count, by: width) {
            let slice = values[row..<row + width]
            let maximum = slice.max()!
            let sum = slice.reduce(0) { $0 + Foundation.exp($1 - maximum) }
            expected += slice.map { Foundation.exp($0 - maximum) / sum }
        }
        let got = softmax(testCase.input(), axis: -1).toArray(Double.self)
        // float32: the input's own rounding is shared, the rest is the float32 computation
        // (about 1e-6 relative) plus the float32 rounding of values up to 30 (2^-19 absolute in
        // the exponent, so 2e-6 relative): 1e-5 relative leaves room, a wrong formula does not.
        let bound = testCase.dtype.floatingResult == .float32 ? 1e-5 : 1e-13
        for (a, b) in zip(got, expected) { #expect(Swift.abs(a - b) <= bound * b + 1e-30, "\(testCase): \(a) vs \(b)") }
    }

    @Test func lastAxisIsOneKernelOtherAxesAtMostTwo() {
        let x = NDArray.arange(0.0, 24.0).reshape(2, 3, 4).astype(.float32).evaluate()
        #expect(NDArray.kernelCount(softmax(x, axis: -1)) == 1)
        #expect(NDArray.kernelCount(logSoftmax(x, axis: 2)) == 1)
        #expect(NDArray.kernelCount(softmax(x.T, axis: -1)) == 1, "a transposed input is gathered, not copied")
        #expect(NDArray.kernelCount(softmax(x, axis: 1)) <= 2)
        #expect(NDArray.kernelCount(softmax(x * 2, axis: -1)) == 2)
        let explained = softmax(x, axis: -1).explain()
        #expect(explained.contains("softmax of 6 rows of 4"), "\(explained)")
        #expect(explained.contains("rows in place"), "\(explained)")
        #expect(softmax(x.T, axis: -1).explain().contains("rows gathered"))
    }

    /// A vector and a rank-3 input: `explain()` once read the second stride of the input's own
    /// view, which a vector lacks.
    @Test func explainOfAnyRank() {
        let vector = NDArray([1.0, 2.0, 3.0]).evaluate()
        let explained = softmax(vector, axis: -1).explain()
        #expect(explained.contains("softmax of 1 rows of 3") && explained.contains("rows in place"), "\(explained)")
        let cube = NDArray.arange(0.0, 24.0).reshape(2, 3, 4).evaluate()
        #expect(softmax(cube, axis: -1).explain().contains("rows in place"))
        #expect(sameBits(softmax(vector, axis: -1).toArray(Double.self), softmax(vector, axis: -1).evaluate(mode: .eager).toArray(Double.self)))
    }

    @Test func sameBitsForAnyThreadCount() {
        let x = RandomGenerator(seed: 9).normal([3000, 100], dtype: .float32).evaluate()
        var results: [[Float]] = []
        for threads in [1, 2, 7] {
            NDArray.withThreadCount(threads) {
                results.append(softmax(x, axis: -1).toArray(Float.self))
                results.append(logSoftmax(x, axis: -1).toArray(Float.self))
            }
        }
        #expect(results[0] == results[2] && results[0] == results[4])
        #expect(results[1] == results[3] && results[1] == results[5])
    }

    /// NumPy: a NaN in a row makes the maximum NaN and the whole row NaN; a row of -inf gives
    /// `-inf - -inf = NaN`; a row holding +inf gives NaN too (`inf - inf`).
    @Test func nanAndInfiniteRowsAsNumPy() {
        let values: [Double] = [1, .nan, 2, 1, 2, 3, -.infinity, -.infinity, -.infinity, .infinity, 0, 1]
        let x = NDArray(values, shape: [4, 3]).astype(.float32)
        for mode in allModes {
            let y = softmax(x, axis: -1).evaluate(mode: mode).toArray(Double.self)
            #expect(y[0...2].allSatisfy { $0.isNaN } && y[6...11].allSatisfy { $0.isNaN }, "\(mode)")
            #expect(Swift.abs(y[5] - 0.66524094) < 1e-6, "\(mode)")
        }
    }

    @Test func emptyRowsAndEmptyArrays() {
        #expect(softmax(NDArray.zeros([3, 0]), axis: -1).shape == [3, 0])
        #expect(softmax(NDArray.zeros([0, 5]), axis: -1).toArray(Double.self).isEmpty)
        #expect(errorMessage { _ = softmax(NDArray([1.0, 2.0]), axis: 1) } != nil)
    }
}
