import Kernels
import Scheduler

/// Counters of fused evaluation: plan cache hits and misses, kernels run, bytes moved.
public typealias EvaluationStatistics = ExecutionStatistics

extension NDArray {
    /// The fused kernels that evaluating this array would run now, without running them: each
    /// kernel's operations, inputs (shape, strides, broadcast), outputs and bytes moved.
    /// NumPy has no equivalent; JAX: `jax.jit(f).lower(x).as_text()`.
    public func explain() -> String { NDArray.explain([self]) }

    /// The kernels that evaluating `arrays` together would run.
    public static func explain(_ arrays: [NDArray]) -> String {
        guard let plan = plan(arrays) else { return "0 kernels: already evaluated" }
        return plan.explain()
    }

    /// How many kernels evaluating `arrays` together would run (0 when already evaluated).
    public static func kernelCount(_ arrays: NDArray...) -> Int { plan(arrays)?.kernels.count ?? 0 }

    static func plan(_ arrays: [NDArray]) -> Plan? {
        graphLock.withLock {
            let roots = arrays.map(\.node).filter { $0.value == nil }
            guard !roots.isEmpty else { return nil }
            return FusedExecutor.plan(for: GraphLowering(roots: roots).graph)
        }
    }

    /// Whether evaluating `arrays` now would reuse a cached plan (nothing is planned or counted).
    static func isPlanCached(_ arrays: [NDArray]) -> Bool {
        graphLock.withLock {
            let roots = arrays.map(\.node).filter { $0.value == nil }
            return !roots.isEmpty && FusedExecutor.isCached(GraphLowering(roots: roots).graph)
        }
    }

    /// What fused evaluation has done since the process started (or `resetStatistics()`).
    public static var statistics: EvaluationStatistics { FusedExecutor.statistics }

    /// Zeroes ``statistics``.
    public static func resetStatistics() { FusedExecutor.resetStatistics() }
}
