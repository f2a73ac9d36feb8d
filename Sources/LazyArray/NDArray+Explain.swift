import Kernels
import Scheduler

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

    /// The plan evaluating `arrays` would run (planned outside the engine's lock, counted in no
    /// statistics); nil when nothing is pending.
    static func plan(_ arrays: [NDArray]) -> Plan? {
        guard let pending = Engine.shared.take(arrays.map(\.node)) else { return nil }
        var uncounted = ExecutionStatistics()
        return Engine.shared.plans.plan(for: pending.graph, statistics: &uncounted)
    }

    /// Whether evaluating `arrays` now would reuse a cached plan (nothing is planned or counted).
    static func isPlanCached(_ arrays: [NDArray]) -> Bool {
        guard let pending = Engine.shared.take(arrays.map(\.node)) else { return false }
        return Engine.shared.plans.contains(pending.graph)
    }
}
