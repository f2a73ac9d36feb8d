import Foundation
import LazyArray

/// The comparisons `distributed-check` runs on every rank.
///
/// Tolerances (all derived, none tuned): results that do not add floats across ranks
/// (elementwise chains, max/min, arg reductions, any/all, integer sums and products, softmax,
/// reductions along other axes, random draws, gathers, loads) must match bit for bit. A float
/// sum of n terms in any order is within γ(n-1)·Σ|x| of the exact sum, γ(k) = kε/(1-kε)
/// (Higham, "Accuracy and Stability of Numerical Algorithms", §4.2), so the distributed and
/// one-process sums, which add the same terms in different orders, differ by at most
/// 2γ(n-1)·Σ|x|; products likewise by 2γ(n-1)·|prod|. Means add one rounding of the
/// division; variances are bounded by the same argument on the shifted squares Σ(x-x₀)² of
/// the engine's shifted one-pass variance (each rank shifts by its own first row, so the
/// bound takes any shift: Σ(x-x₀)² ≤ 4n·max x²), plus the final rounding; standard deviations by the square root of the variance's
/// bound (|√a - √b| ≤ √|a-b|), and normalization and matmul by first-order propagation of
/// those bounds (γ(K)·|X|·|W| for a dot product of length K).
struct CheckSuite {
    let communicator: any Communicator
    let recorder: CheckRecorder

    /// Row counts below, at and above the rank count (0 and 1 rows leave ranks empty), uneven
    /// splits, 1-D and 3-D arrays, and a larger block.
    static let shapes: [[Int]] = [[0, 3], [1, 4], [2, 3], [3, 5], [5], [7, 1], [13, 6], [4, 2, 3], [257, 9], [1000]]

    func run() throws {
        for (index, shape) in Self.shapes.enumerated() {
            for dtype in [DType.float32, .float64] {
                let x = RandomGenerator(seed: UInt64(index)).normal(shape, dtype: dtype).evaluate()
                let label = "\(shape) \(dtype)"
                try checkSplit(x, label)
                try checkElementwise(x, label)
                for axis in [0, nil] { try checkReductions(x, axis: axis, label) }
                if shape.count >= 2 { try checkRowwise(x, label) }
            }
            try checkIntegersAndBools(shape, seed: UInt64(index))
            try checkRandom(shape, seed: UInt64(100 + index))
        }
        try checkLoad()
        try checkErrors()
    }

    private func scatter(_ x: NDArray) -> DistributedArray { DistributedArray(scattering: x, over: communicator) }

    private func expectThrows(_ name: String, _ body: () throws -> Void) {
        do {
            try body()
            recorder.expect("\(name) should throw", false)
        } catch {
            recorder.expect(name, true)
        }
    }

    private static func epsilon(_ dtype: DType) -> Double { dtype == .float32 ? Double(Float.ulpOfOne) : Double.ulpOfOne }

    /// 2γ(k) with γ(k) = kε/(1-kε): the bound on the difference of two summation orders.
    private static func twoGamma(_ k: Int, _ dtype: DType) -> Double {
        let ke = Double(Swift.max(k, 0)) * epsilon(dtype)
        return 2 * ke / (1 - ke)
    }

    /// A bound on Σ(x - x₀)² for any shift x₀ taken from the data (the one-process variance
    /// shifts by the first element, each rank by its own first row): (|x| + |x₀|)² ≤ 4·max x².
    private static func shiftedSquaresBound(_ wide: NDArray, axis: Int?, n: Int) -> NDArray {
        4 * Double(n) * square(wide).max(axis: axis)
    }

    private func checkSplit(_ x: NDArray, _ label: String) throws {
        let d = scatter(x)
        let split = RowSplit(rows: x.shape[0], ranks: communicator.size)
        recorder.expect("split \(label): local rows", d.local.shape[0] == split.count(of: communicator.rank) && d.rowOffset == split.offset(of: communicator.rank))
        recorder.expect("gathered \(label)", try d.gathered(), x)
        let root = try d.toRoot()
        if communicator.rank == 0 { recorder.expect("toRoot \(label)", root ?? NDArray(0.0), x) } else { recorder.expect("toRoot \(label) is nil off the root", root == nil) }
    }

    private func checkElementwise(_ x: NDArray, _ label: String) throws {
        let d = scatter(x)
        recorder.expect("chain \(label)", try ((d * 2 + 1) * exp(d) - relu(d) / (abs(d) + 1)).gathered(),
                        (x * 2 + 1) * exp(x) - relu(x) / (abs(x) + 1))
        // A replicated operand spanning the rows is sliced; a trailing one broadcasts whole.
        let row = NDArray.arange(0, Double(x.shape.last!), dtype: x.dtype)
        recorder.expect("broadcast \(label)", try (d * row + x * 0.5 - tanh(d)).gathered(), x * row + x * 0.5 - tanh(x))
        if x.ndim >= 2 {
            let column = x.sum(axis: -1, keepdims: true)
            recorder.expect("broadcast column \(label)", try (sigmoid(d) - column).gathered(), sigmoid(x) - column)
            recorder.expect("sum along axis -1 \(label)", try d.sum(axis: -1).gathered(), x.sum(axis: -1))
            recorder.expect("max along axis -1 \(label)", try d.max(axis: -1).gathered(), x.max(axis: -1))
            recorder.expect("var along axis -1 \(label)", try d.variance(axis: -1).gathered(), x.variance(axis: -1))
        }
    }

    private func checkReductions(_ x: NDArray, axis: Int?, _ label: String) throws {
        let d = scatter(x), name = "\(label) axis \(axis.map(String.init) ?? "nil")"
        let n = axis.map { x.shape[$0] } ?? x.size
        let eps = Self.epsilon(x.dtype)
        let wide = x.astype(.float64)
        let sumTolerance = Self.twoGamma(n - 1, x.dtype) * abs(wide).sum(axis: axis)
        recorder.expect("sum \(name)", try d.sum(axis: axis).local, x.sum(axis: axis), tolerance: sumTolerance)
        recorder.expect("sum keepdims \(name)", try d.sum(axis: axis, keepdims: true).local, x.sum(axis: axis, keepdims: true), tolerance: sumTolerance)
        let mean = x.mean(axis: axis)
        let meanTolerance = sumTolerance / Double(Swift.max(n, 1)) + eps * abs(mean.astype(.float64))
        recorder.expect("mean \(name)", try d.mean(axis: axis).local, mean, tolerance: meanTolerance)
        let nearOne = 1 + 0.01 * x
        let product = nearOne.prod(axis: axis)
        recorder.expect("prod \(name)", try scatter(nearOne).prod(axis: axis).local, product,
                        tolerance: Self.twoGamma(n - 1, x.dtype) * abs(product.astype(.float64)))
        guard n > 0 else {
            for (op, reduce) in [("max", { try d.max(axis: axis) }), ("argmax", { try d.argmax(axis: axis) })] as [(String, () throws -> DistributedArray)] {
                expectThrows("\(op) of an empty array throws \(name)") { _ = try reduce() }
            }
            recorder.expect("var of nothing is NaN \(name)", try d.variance(axis: axis).local, x.variance(axis: axis))
            return
        }
        recorder.expect("max \(name)", try d.max(axis: axis).local, x.max(axis: axis))
        recorder.expect("min \(name)", try d.min(axis: axis).local, x.min(axis: axis))
        recorder.expect("argmax \(name)", try d.argmax(axis: axis).local, x.argmax(axis: axis))
        recorder.expect("argmin \(name)", try d.argmin(axis: axis, keepdims: true).local, x.argmin(axis: axis, keepdims: true))
        let shiftedSquares = Self.shiftedSquaresBound(wide, axis: axis, n: n)
        for ddof in [0, 1] where n - ddof > 0 {
            let variance = x.variance(axis: axis, ddof: ddof)
            let varianceTolerance = Self.twoGamma(n + 3, x.dtype) * shiftedSquares / Double(n - ddof) + eps * abs(variance.astype(.float64))
            recorder.expect("var ddof \(ddof) \(name)", try d.variance(axis: axis, ddof: ddof).local, variance, tolerance: varianceTolerance)
            recorder.expect("std ddof \(ddof) \(name)", try d.std(axis: axis, ddof: ddof).local, x.std(axis: axis, ddof: ddof),
                            tolerance: sqrt(varianceTolerance))
        }
    }

    private func checkRowwise(_ x: NDArray, _ label: String) throws {
        let d = scatter(x), n = x.shape[0], eps = Self.epsilon(x.dtype)
        recorder.expect("softmax \(label)", try softmax(d, axis: -1).gathered(), softmax(x, axis: -1))
        recorder.expect("logSoftmax \(label)", try logSoftmax(d).gathered(), logSoftmax(x))
        if n > 1 {
            // The tutorial's normalization; its tolerance propagates the mean's and std's.
            let wide = x.astype(.float64)
            let mean = x.mean(axis: 0), std = x.std(axis: 0)
            let want = (x - mean) / (std + 1e-8)
            let meanTolerance = Self.twoGamma(n - 1, x.dtype) * abs(wide).sum(axis: 0) / Double(n) + eps * abs(mean.astype(.float64))
            let shiftedSquares = Self.shiftedSquaresBound(wide, axis: 0, n: n)
            let stdTolerance = sqrt(Self.twoGamma(n + 3, x.dtype) * shiftedSquares / Double(n) + eps * square(std.astype(.float64)))
            let denominator = std.astype(.float64) + 1e-8
            let tolerance = (meanTolerance + abs(want.astype(.float64)) * stdTolerance) / (denominator - stdTolerance) + 4 * eps * (abs(want.astype(.float64)) + 1)
            recorder.expect("normalize \(label)", try ((d - d.mean(axis: 0)) / (d.std(axis: 0) + 1e-8)).gathered(), want, tolerance: tolerance)
            // The same with both moments from one collective (the merged mean is float64's,
            // within the mean's tolerance above).
            let (sharedStd, sharedMean) = try d.stdMean(axis: 0)
            recorder.expect("normalize by stdMean \(label)", try ((d - sharedMean) / (sharedStd + 1e-8)).gathered(), want, tolerance: tolerance)
        }
        // A linear layer with replicated weights: each rank multiplies its own rows.
        let k = x.shape.last!
        let w = RandomGenerator(seed: 99).normal([k, 4], dtype: x.dtype), b = NDArray.arange(0, 4, dtype: x.dtype)
        let product = x.matmul(w)
        let productTolerance = Self.twoGamma(k, x.dtype) * matmul(abs(x.astype(.float64)), abs(w.astype(.float64)))
        recorder.expect("matmul \(label)", try d.matmul(w).gathered(), product, tolerance: productTolerance)
        recorder.expect("linear layer \(label)", try relu(d.matmul(w) + b).gathered(), relu(product + b),
                        tolerance: productTolerance + 2 * eps * abs(product.astype(.float64) + b.astype(.float64)))
    }

    private func checkIntegersAndBools(_ shape: [Int], seed: UInt64) throws {
        for dtype in [DType.int32, .int64] {
            let x = RandomGenerator(seed: seed).randint(-50, 50, shape: shape, dtype: dtype).evaluate()
            let d = scatter(x)
            for axis in [0, nil] {
                let name = "\(shape) \(dtype) axis \(axis.map(String.init) ?? "nil")"
                // Integer sums and (wrapping) products do not depend on the order: bit for bit.
                recorder.expect("sum \(name)", try d.sum(axis: axis).local, x.sum(axis: axis))
                recorder.expect("prod \(name)", try d.prod(axis: axis).local, x.prod(axis: axis))
                if x.size > 0 {
                    recorder.expect("max \(name)", try d.max(axis: axis).local, x.max(axis: axis))
                    recorder.expect("argmin \(name)", try d.argmin(axis: axis).local, x.argmin(axis: axis))
                }
            }
        }
        let x = RandomGenerator(seed: seed).normal(shape) .> 0.3
        let d = scatter(x)
        for axis in [0, nil] {
            let name = "\(shape) bool axis \(axis.map(String.init) ?? "nil")"
            recorder.expect("any \(name)", try d.any(axis: axis).local, x.any(axis: axis))
            recorder.expect("all \(name)", try d.all(axis: axis).local, x.all(axis: axis))
            recorder.expect("count \(name)", try d.sum(axis: axis).local, x.sum(axis: axis))
            if x.size > 0 { recorder.expect("argmax \(name)", try d.argmax(axis: axis).local, x.argmax(axis: axis)) }
        }
    }

    /// Sharded draws equal the one-process draws of the same seed bit for bit, draw after draw
    /// (the counters stay in step), also when the sample fuses into an expression.
    private func checkRandom(_ shape: [Int], seed: UInt64) throws {
        let single = RandomGenerator(seed: seed), sharded = RandomGenerator(seed: seed)
        recorder.expect("normal f32 \(shape)", try sharded.normal(shape, dtype: .float32, over: communicator).gathered(), single.normal(shape, dtype: .float32))
        recorder.expect("normal f64 \(shape)", try sharded.normal(shape, mean: 1, std: 3, over: communicator).gathered(), single.normal(shape, mean: 1, std: 3))
        recorder.expect("uniform \(shape)", try (exp(sharded.uniform(shape, dtype: .float32, over: communicator)) + 1).gathered(),
                        exp(single.uniform(shape, dtype: .float32)) + 1)
        recorder.expect("randint \(shape)", try sharded.randint(0, 7, shape: shape, over: communicator).gathered(), single.randint(0, 7, shape: shape))
        recorder.expect("bernoulli \(shape)", try sharded.bernoulli(shape, p: 0.3, over: communicator).gathered(), single.bernoulli(shape, p: 0.3))
    }

    /// Each rank reads only its rows of a file; a missing or corrupt file throws on every rank,
    /// also when only one rank fails.
    private func checkLoad() throws {
        var token = [Int64(ProcessInfo.processInfo.processIdentifier)]
        try token.withUnsafeMutableBytes { try communicator.broadcast($0, root: 0) }
        let directory = FileManager.default.temporaryDirectory.path
        let path = "\(directory)/lazyarray-distributed-check-\(token[0]).npy"
        let corrupt = "\(directory)/lazyarray-distributed-check-\(token[0])-corrupt.npy"
        let x = RandomGenerator(seed: 5).normal([13, 6], dtype: .float32)
        if communicator.rank == 0 {
            try x.save(to: path)
            try Data([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0, 200, 0]).write(to: URL(fileURLWithPath: corrupt))
        }
        try communicator.barrier()
        defer {
            try? communicator.barrier()
            if communicator.rank == 0 { for file in [path, corrupt] { try? FileManager.default.removeItem(atPath: file) } }
        }
        let d = try DistributedArray.load(path, over: communicator)
        recorder.expect("load: local rows", d.local.shape == [RowSplit(rows: 13, ranks: communicator.size).count(of: communicator.rank), 6])
        recorder.expect("load", try d.gathered(), x)
        expectThrows("load of a missing file throws") { _ = try DistributedArray.load(path + ".missing", over: communicator) }
        expectThrows("load of a corrupt file throws") { _ = try DistributedArray.load(corrupt, over: communicator) }
        expectThrows("load missing on the last rank throws everywhere") {
            _ = try DistributedArray.load(communicator.rank == communicator.size - 1 ? path + ".missing" : path, over: communicator)
        }
    }

    private func checkErrors() throws {
        let d = scatter(NDArray.ones([6, 2]))
        expectThrows("sum with a bad axis throws") { _ = try d.sum(axis: 2) }
        expectThrows("softmax along the sharded axis throws") { _ = try NDArray.checking { softmax(d, axis: 0) } }
        expectThrows("adding shapes that do not broadcast throws") { _ = try NDArray.checking { d + NDArray.ones([3]) } }
        if communicator.size > 1 {
            // Ranks that disagree on the global shape throw together instead of hanging.
            let mismatched = scatter(NDArray.ones([communicator.rank == 0 ? 3 : 4, 2]))
            expectThrows("mismatched shapes across ranks throw") { _ = try mismatched.sum(axis: 0) }
        }
    }
}
