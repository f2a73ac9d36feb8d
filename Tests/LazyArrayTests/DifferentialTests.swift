import Testing
@testable import LazyArray
import Kernels

/// Generated graphs at real sizes (`DifferentialGraphBuilder`: 0 to 140K elements, across block
/// and chunk boundaries, with special values, size-0 axes, reductions along every axis set,
/// matmul, gathers, masks, concatenations, random sampling and casts), fused on each backend on
/// 1, 2 and 3 threads against the eager reference. Each graph has two outputs evaluated
/// together: the exact body, compared bitwise, and a tail compared by its class (`agree`).
@Suite(.timeLimit(.minutes(10)))
struct DifferentialTests {
    /// Each graph runs on one thread and on two or three (alternating by seed): a graph of
    /// several chunks is split differently by each, and eager is the reference for all.
    static func threadCounts(seed: Int) -> [Int] { [1, 2 + seed % 2] }

    /// 1,800 graphs on the block VM and 200 more on the C target: 2,000 in all.
    @Test(arguments: 0..<1800)
    func dispatchMatchesEager(seed: Int) {
        Self.check(seed: seed, backend: .dispatch)
    }

    /// 200 further seeds: each kernel of these graphs is C compiled for it, about half a second
    /// per graph with a cold kernel cache.
    @Test(.enabled(if: openMPAvailable, skipComment), arguments: 1800..<2000)
    func openMPMatchesEager(seed: Int) {
        Self.check(seed: seed, backend: .openMP)
    }

    static func check(seed: Int, backend: Backend) {
        let leaves = DifferentialLeaves()
        var reference = DifferentialGraphBuilder(seed: UInt64(seed), leaves: leaves) { NDArray.evaluate($0, mode: .eager) }
        let eager = reference.build()
        NDArray.evaluate([eager.body, eager.tail], mode: .eager)
        for threads in threadCounts(seed: seed) {
            NDArray.withThreadCount(threads) {
                var builder = DifferentialGraphBuilder(seed: UInt64(seed), leaves: leaves) { NDArray.evaluate($0, backend: backend) }
                let fused = builder.build()
                NDArray.evaluate([fused.body, fused.tail], backend: backend)
                let context = "seed \(seed), \(backend), \(threads) threads"
                if let mismatch = Self.mismatch(fused.body, eager.body, .exact) {
                    Issue.record("body (\(eager.body.shape), \(eager.body.dtype)), \(context): \(mismatch)")
                }
                if let mismatch = Self.mismatch(fused.tail, eager.tail, eager.tailClass) {
                    Issue.record("tail \(eager.tailClass) (\(eager.tail.shape), \(eager.tail.dtype)), \(context): \(mismatch)")
                }
            }
        }
    }

    /// The first element where `fused` and `eager` disagree for `kind`, or nil when they agree:
    /// - exact: bitwise (NaN equal to NaN, -0 distinct from 0; integers compared as Int64).
    /// - sum over n elements: a float64 sum in any order is within `gamma_n sum|x|` of the exact
    ///   sum (Higham 4.2, `gamma_n ~ n eps`), so eager (in order, in float64) and fused are within
    ///   `2 (n + 2) eps64 sum|x|` of each other, plus one rounding each to the result's dtype
    ///   (2 ulp of it). A float32 sum has one more term: the block VM adds each block in float32
    ///   over 32 lanes (`SumFloat`: a value passes through at most 32 lane additions and 2
    ///   combining ones before the block's float64 total), `36 eps32 sum|x|`. A non-finite
    ///   `sum|x|` means an infinity was added, whose result (inf or NaN) is the same in any order.
    /// - matrix product: the bound of `MatmulTests`, `2 (k + 2) eps sum_p |a||b|` in the dtype.
    /// - transcendental: the bound of `RandomExpressionChecks.matchEagerWithinBound`, 64 ulp of
    ///   the larger magnitude or 1e-12 absolute (each function within 4 ulp, then an exact
    ///   `2y - 1`).
    static func mismatch(_ fused: NDArray, _ eager: NDArray, _ kind: DifferentialClass) -> String? {
        guard fused.shape == eager.shape, fused.dtype == eager.dtype else {
            return "fused is \(fused.shape) \(fused.dtype), eager \(eager.shape) \(eager.dtype)"
        }
        if !eager.dtype.isFloatingPoint {
            let a = fused.toArray(Int64.self), b = eager.toArray(Int64.self)
            return a.indices.first { a[$0] != b[$0] }.map { "at \($0): \(a[$0]) vs \(b[$0])" }
        }
        let a = fused.toArray(Double.self), b = eager.toArray(Double.self)
        let eps = eager.dtype == .float32 ? Double(Float.ulpOfOne) : Double.ulpOfOne
        let scale: [Double]
        switch kind {
        case .exact, .transcendental: scale = []
        case .sum(_, let magnitude), .product(_, let magnitude): scale = magnitude.evaluate(mode: .eager).toArray(Double.self)
        }
        for i in a.indices where !(a[i].bitPattern == b[i].bitPattern || a[i].isNaN && b[i].isNaN) {
            let difference = Swift.abs(a[i] - b[i])
            let agrees: Bool
            switch kind {
            case .exact:
                agrees = false
            case .sum(let count, _):
                let lanes = eager.dtype == .float32 ? 36 * Double(Float.ulpOfOne) * scale[i] : 0
                agrees = scale[i].isFinite
                    && difference <= 2 * Double(count + 2) * Double.ulpOfOne * scale[i] + lanes
                        + 2 * ulp(Swift.max(Swift.abs(a[i]), Swift.abs(b[i])), dtype: eager.dtype)
            case .product(let k, _):
                agrees = !scale[i].isFinite && !a[i].isFinite && !b[i].isFinite
                    || difference <= 2 * Double(k + 2) * eps * scale[i]
            case .transcendental:
                agrees = difference <= Swift.max(64 * Swift.max(Swift.abs(a[i]), Swift.abs(b[i])).ulp, 1e-12)
            }
            if !agrees {
                return "at \(i): \(a[i]) vs \(b[i])" + (scale.isEmpty ? "" : " (magnitude \(scale[i]))")
            }
        }
        return nil
    }

    /// One unit in the last place of `value` in `dtype` (float32 or float64).
    static func ulp(_ value: Double, dtype: LazyArray.DType) -> Double {
        dtype == .float32 ? Double(Float(value).ulp) : value.ulp
    }
}
