import Foundation
import Testing
@testable import LazyArray
import Kernels
@testable import Scheduler

/// `cumsum` and `cumprod`: the scan kernel against the eager reference bitwise on generated
/// cases across its chunk and segment boundaries (both follow `AxisScan.chunkLength`'s order),
/// on 1 and 2 threads and the OpenMP target; the producers fused into the kernel; the written
/// error bound against a float64 sequential scan on lines long enough to be chunked; dtypes,
/// axes and errors; gradients.
@Suite(.timeLimit(.minutes(10))) struct ScanTests {
    /// One generated case: shape, axis (nil: flattened), dtype, operation and how the input is made.
    struct Case: CustomStringConvertible {
        let seed: Int
        let shape: [Int]
        let axis: Int?
        let dtype: LazyArray.DType
        let product: Bool
        let form: Int
        var description: String { "seed \(seed) shape \(shape) axis \(axis.map(String.init) ?? "nil") \(dtype) \(product ? "cumprod" : "cumsum") form \(form)" }

        /// Shapes and axes that put the kernel in each of its regimes: whole slabs (short lines
        /// eight at a time and the rest, lines of one chunk and of several, rows), segments of a
        /// contiguous line (across the 4032 chunk and 32256 segment), segments of rows, one row
        /// per unit and row pieces, empty axes; lines a multiple of 1 KB long (scanned four side
        /// by side, or eight with a skew) and narrow rows.
        static let layouts: [([Int], Int?)] = [
            ([17, 5], -1), ([20, 100], 1), ([3, 9000], -1), ([70000], 0), ([2, 40000], nil), ([4032], nil), ([4033], 0),
            ([7, 3], 0), ([5000, 10], 0), ([3, 20000], 0), ([2, 40000], 0), ([2, 3000, 13], 1), ([4, 3, 5], -3),
            ([3, 0, 4], 1), ([0], nil), ([3, 0], 0), ([], nil), ([6, 1], -2), ([2, 3, 4], 2), ([9, 8065], 1),
            ([20, 256], -1), ([17, 512], 1), ([9, 1024], -1), ([12000, 4], 0), ([40, 2, 30], 0),
            ([5000, 8], 0), ([50, 4], 0), ([3, 8], -2), ([7000, 5], 0),
        ]

        static func generated(_ seed: Int) -> Case {
            var rng = SplitMix64(state: UInt64(seed) &* 7919 &+ 13)
            let (shape, axis) = layouts[seed % layouts.count]
            let dtypes: [LazyArray.DType] = [.float32, .float64, .int64, .int32, .bool]
            return Case(seed: seed, shape: shape, axis: axis, dtype: dtypes[Int(rng.next() % 5)],
                        product: rng.next() % 3 == 0, form: Int(rng.next() % 4))
        }

        /// Values of order 1 (near 1 for products, which then neither overflow nor underflow).
        func values(_ count: Int) -> [Double] {
            (0..<count).map { i in
                let wave = Foundation.sin(Double(i * (seed + 3)) * 0.37)
                return product ? 1 + 0.01 * wave : (dtype.isFloatingPoint ? 3 * wave : (wave * 4).rounded())
            }
        }

        /// The input: 0 plain, 1 a transposed buffer read back in this shape, 2 a strided slice,
        /// 3 an elementwise expression (computed inside the scan kernel).
        func input() -> NDArray {
            let count = shape.reduce(1, *)
            switch form {
            case 1 where shape.count >= 2:
                return makeArray(values(count), dtype: dtype, shape: shape.reversed()).T
            case 2 where shape.count >= 1:
                let base = makeArray(values(2 * count), dtype: dtype, shape: Array(shape.dropLast()) + [2 * shape.last!])
                return base[.ellipsis, .slice(0, nil, step: 2)]
            case 3 where dtype != .bool:
                return product ? makeArray(values(count), dtype: dtype, shape: shape) * 1 : makeArray(values(count), dtype: dtype, shape: shape) * 2 + 1
            default:
                return makeArray(values(count), dtype: dtype, shape: shape)
            }
        }

        func scan() -> NDArray { product ? cumprod(input(), axis: axis) : cumsum(input(), axis: axis) }
    }

    @Test("fused scans equal eager bitwise on 1 and 2 threads and the C target", arguments: 0..<200)
    func fusedMatchesEager(seed: Int) {
        let testCase = Case.generated(seed)
        let eager = testCase.scan().evaluate(mode: .eager)
        let expected = eager.toArray(Double.self)
        for threads in [1, 2] {
            let fused = NDArray.withThreadCount(threads) { testCase.scan().evaluate().toArray(Double.self) }
            #expect(sameBits(fused, expected), "\(testCase), \(threads) threads")
        }
        if Backend.openMP.isAvailable {
            #expect(sameBits(testCase.scan().evaluate(backend: .openMP).toArray(Double.self), expected), "\(testCase), openmp")
        }
        #expect(eager.shape == (testCase.axis == nil ? [testCase.shape.reduce(1, *)] : testCase.shape), "\(testCase)")
    }

    /// The chunked order against a sequential float64 scan (of the float32 values): the n-th
    /// result of any order of n - 1 float32 additions is within (n - 1)·u·Σ|x| of the exact sum
    /// (Higham 4.2, u = 2⁻²⁴); with the float64 sum's own error far below, 2·n·u·Σ|x| bounds the
    /// difference. The same for products, relative: (n - 1)·u·|Π x|.
    @Test("long chunked lines stay within n·u·Σ|x| of a sequential float64 scan", arguments: [[100_000], [3, 40_000], [50_000, 3]])
    func chunkedOrderWithinBound(shape: [Int]) {
        let count = shape.reduce(1, *)
        let values = (0..<count).map { Foundation.sin(Double($0) * 0.731) * 2 + 0.25 }
        let axis = shape.count == 2 && shape[1] == 3 ? 0 : -1
        let x = NDArray(values.map { Float($0) }, shape: shape)
        let floats = values.map { Double(Float($0)) }
        let sums = x.cumsum(axis: axis).toArray(Double.self)
        let products = cumprod(1 + x * 0.001, axis: axis).toArray(Double.self)
        let factors = (1 + x * 0.001).toArray(Double.self)
        let length = shape[axis < 0 ? shape.count - 1 : 0], inner = axis == 0 ? shape[1] : 1
        let u = 0x1p-24
        for line in 0..<count / length {
            let first = axis == 0 ? line : line * length
            var sum = 0.0, magnitude = 0.0, product = 1.0
            for position in 0..<length {
                let index = first + position * inner
                sum += floats[index]
                magnitude += Swift.abs(floats[index])
                product *= factors[index]
                let n = Double(position + 1)
                #expect(Swift.abs(sums[index] - sum) <= 2 * n * u * magnitude, "cumsum \(shape) at \(index)")
                #expect(Swift.abs(products[index] - product) <= 2 * n * u * Swift.abs(product), "cumprod \(shape) at \(index)")
            }
        }
    }

    @Test func resultsDoNotDependOnTheThreadCount() {
        let x = NDArray((0..<300_000).map { Float(Foundation.sin(Double($0))) }, shape: [300_000])
        let rows = NDArray((0..<300_000).map { Double(Foundation.cos(Double($0))) }, shape: [30_000, 10])
        let one = NDArray.withThreadCount(1) { [cumsum(x * 3 - 1).toArray(Double.self), rows.cumprod(axis: 0).toArray(Double.self)] }
        let two = NDArray.withThreadCount(2) { [cumsum(x * 3 - 1).toArray(Double.self), rows.cumprod(axis: 0).toArray(Double.self)] }
        #expect(sameBits(one[0], two[0]) && sameBits(one[1], two[1]))
    }

    // MARK: fusion

    @Test("cumsum(a * 2 + 1) is one kernel that reads a once")
    func producerFusesIntoTheScan() throws {
        let n = 100_000
        let a = NDArray((0..<n).map { Float($0 % 7) }, shape: [n])
        let y = cumsum(a * 2 + 1)
        let plan = try #require(NDArray.plan([y]))
        #expect(plan.kernels.count == 1)
        guard case .axisScan(let scan) = plan.kernels[0].kind, case .program(let producers) = scan.operand else {
            Issue.record("not a scan with its producers: \(plan.explain())")
            return
        }
        #expect(producers.program.inputs.count == 1 && producers.program.inputs[0].access == .contiguous)
        #expect(plan.intermediateBytes == [n * 4], "only the result is allocated")
        #expect(y.explain().contains("cumsum along the middle axis of (1, 100000, 1) float32, producers: multiply add"))
        let statistics = NDArray.statistics { y.evaluate() }
        #expect(statistics.kernelsRun == 1)
        #expect(statistics.bytesMoved == 2 * n * 4, "a read once, the result written once")
    }

    @Test func scanOfABufferReadsItInPlace() throws {
        let a = NDArray((0..<1000).map { Double($0) }, shape: [10, 100])
        let plan = try #require(NDArray.plan([a.cumsum(axis: 1)]))
        guard plan.kernels.count == 1, case .axisScan(let scan) = plan.kernels[0].kind, case .buffer = scan.operand else {
            Issue.record("not a scan read in place: \(plan.explain())")
            return
        }
        #expect(scan.outer == 10 && scan.length == 100 && scan.inner == 1)
    }

    @Test func castsAndViewsFuseIntoTheScan() {
        let a = NDArray((0..<600).map { Int32($0 % 11) - 5 }, shape: [20, 30])
        #expect(NDArray.kernelCount(a.cumsum(axis: 0)) == 1)
        #expect(NDArray.kernelCount(cumprod(a.T.astype(.float64) * 0.5, axis: 0)) == 1)
        // Flattening a transposed expression has no strided form: it is computed first.
        #expect(NDArray.kernelCount(cumprod(a.T.astype(.float64) * 0.5, axis: nil)) == 2)
        #expect(NDArray.kernelCount(cumsum(a, axis: -1).sum()) == 2)
    }

    /// The plan cache's key encodes the scan's operation by its case ordinal and its axis:
    /// each gets its own plan.
    @Test func everyScanGetsItsOwnPlan() {
        #expect(ScanOp.allCases.enumerated().allSatisfy { caseOrdinal($1) == $0 })
        let x = NDArray([1.5, -2.0, 3, 0.5, 2, -1], shape: [2, 3]).evaluate()
        let scans: [(String, () -> NDArray)] = [("cumsum 0", { x.cumsum(axis: 0) }), ("cumprod 0", { x.cumprod(axis: 0) }),
                                                 ("cumsum 1", { x.cumsum(axis: 1) }), ("cumprod 1", { x.cumprod(axis: 1) })]
        for (name, build) in scans {
            #expect(sameBits(build().evaluate().toArray(Double.self), build().evaluate(mode: .eager).toArray(Double.self)), "\(name)")
        }
        #expect(x.cumsum(axis: 0).toArray(Double.self) == [1.5, -2, 3, 2, 0, 2])
        #expect(x.cumprod(axis: 1).toArray(Double.self) == [1.5, -3, -9, 0.5, 1, -1])
    }

    // MARK: dtypes, axes, errors

    @Test func resultDtypesFollowNumPy() {
        let expected: [(LazyArray.DType, LazyArray.DType)] = [(.bool, .int64), (.int32, .int64), (.int64, .int64), (.float32, .float32), (.float64, .float64)]
        for (input, result) in expected {
            let a = makeArray([1.0, 0, 1], dtype: input)
            #expect(a.cumsum().dtype == result && a.cumprod(axis: 0).dtype == result, "\(input)")
        }
        #expect(NDArray([true, true, false, true]).cumsum().toArray(Int64.self) == [1, 2, 2, 3])
    }

    @Test func integersWrapAsNumPy() {
        let big = NDArray([Int64.max, 1, 1], shape: [3])
        #expect(big.cumsum().toArray(Int64.self) == [Int64.max, Int64.min, Int64.min + 1])
        let int32 = NDArray([Int32.max, Int32.max], shape: [2])
        #expect(int32.cumsum().toArray(Int64.self) == [Int64(Int32.max), 2 * Int64(Int32.max)], "int32 accumulates in int64")
        let factors = NDArray([Int64(1) << 40, 1 << 40], shape: [2])
        #expect(factors.cumprod().toArray(Int64.self) == [1 << 40, 0])
    }

    @Test func axesAndFlattening() {
        let a = NDArray((1...6).map { Double($0) }, shape: [2, 3])
        #expect(a.cumsum().toArray(Double.self) == [1, 3, 6, 10, 15, 21])
        #expect(a.cumsum().shape == [6])
        #expect(a.cumsum(axis: 0).toArray(Double.self) == [1, 2, 3, 5, 7, 9])
        #expect(a.cumsum(axis: -1).toArray(Double.self) == [1, 3, 6, 4, 9, 15])
        #expect(cumprod(a, axis: -2).toArray(Double.self) == [1, 2, 3, 4, 10, 18])
        let scalar = NDArray(5.0)
        #expect(scalar.cumsum().shape == [1] && scalar.cumsum().toArray(Double.self) == [5])
        #expect(NDArray.zeros([2, 0]).cumsum(axis: 1).shape == [2, 0])
    }

    @Test func badAxesAreErrors() {
        let a = NDArray.zeros([2, 3])
        #expect(errorMessage { _ = a.cumsum(axis: 2) }?.contains("[cumsum] axis 2 is out of bounds for array of dimension 2") == true)
        #expect(errorMessage { _ = cumprod(a, axis: -3) }?.contains("[cumprod] axis -3 is out of bounds for array of dimension 2") == true)
        #expect(errorMessage { _ = NDArray(1.0).cumsum(axis: 0) }?.contains("[cumsum] axis 0 is out of bounds for array of dimension 0") == true)
    }

    // MARK: gradients

    /// The rules against central differences (float64, h = 1e-6: the functions are polynomials
    /// of degree ≤ 6 in each input of order 1, so truncation and rounding stay below 1e-7),
    /// including cumprod with a zero, two zeros and a zero first in a line.
    @Test func gradientsMatchFiniteDifferences() {
        let lines: [[Double]] = [[0.5, -1.25, 2, 0.75, 1.5], [0.5, 0, 2, 0.75, 1.5], [0, 1.5, 0, -2, 0.5], [1.5, 2, -0.5, 0.25, 0]]
        let weights = NDArray([0.3, -1.1, 0.7, 2.0, -0.4], shape: [5])
        for values in lines {
            for product in [false, true] {
                func f(_ x: NDArray) -> NDArray {
                    let scanned = product ? cumprod(x.reshape([1, 5]), axis: -1) : cumsum(x * x, axis: 0)
                    return (scanned.reshape([5]) * weights).sum()
                }
                let gradient = grad { (x: NDArray) in f(x) }(NDArray(values, shape: [5])).toArray(Double.self)
                for i in 0..<5 {
                    var plus = values, minus = values
                    plus[i] += 1e-6
                    minus[i] -= 1e-6
                    let difference = (f(NDArray(plus, shape: [5])).item(Double.self) - f(NDArray(minus, shape: [5])).item(Double.self)) / 2e-6
                    #expect(Swift.abs(gradient[i] - difference) <= 1e-6 * Swift.max(1, Swift.abs(difference)),
                            "\(product ? "cumprod" : "cumsum") of \(values) at \(i): \(gradient[i]) vs \(difference)")
                }
            }
        }
    }

    @Test func gradientsAlongAnAxisFuseAndMatchEager() {
        let x = NDArray((0..<24).map { 0.5 + Double($0 % 5) * 0.25 }, shape: [2, 3, 4])
        let g = grad { (x: NDArray) in (cumprod(x, axis: 1) * cumsum(x, axis: -1)).sum() }(x)
        let fused = g.evaluate().toArray(Double.self)
        let eager = grad { (x: NDArray) in (cumprod(x, axis: 1) * cumsum(x, axis: -1)).sum() }(x).evaluate(mode: .eager).toArray(Double.self)
        #expect(sameBits(fused, eager))
        // Second derivative of cumsum's rule: d/dx Σ cumsum(x²) = 2 x (n - i); again: 2 (n - i).
        let second = grad { (v: NDArray) in grad { (w: NDArray) in cumsum(w * w).sum() }(v).sum() }(NDArray([1.0, 2, 3], shape: [3]))
        #expect(second.toArray(Double.self) == [6, 4, 2])
    }
}
