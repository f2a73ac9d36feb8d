import Kernels
import Scheduler

/// Computes several arrays together; their kernels are planned as one graph, so shared
/// subexpressions are computed once and kernels are shared where they can be.
///
/// NumPy has no equivalent (it evaluates every operation at once); the closest is JAX's
/// `jax.block_until_ready` on a jitted function's outputs.
/// - Parameters:
///   - arrays: the arrays to compute (already evaluated ones are skipped).
///   - mode: `.fused` (default) or `.eager`, the op-by-op reference.
///   - backend: where fused kernels run; see ``Backend``.
public func evaluate(_ arrays: NDArray..., mode: EvaluationMode = .fused, backend: Backend = .default) {
    NDArray.evaluate(arrays, mode: mode, backend: backend)
}

extension NDArray {
    /// Computes this array (if it is not already) and returns it.
    /// NumPy has no equivalent; JAX: `x.block_until_ready()`.
    @discardableResult
    public func evaluate(mode: EvaluationMode = .fused, backend: Backend = .default) -> NDArray {
        NDArray.evaluate([self], mode: mode, backend: backend)
        return self
    }

    /// Computes `arrays` together (see the free function `evaluate`).
    public static func evaluate(_ arrays: [NDArray], mode: EvaluationMode = .fused, backend: Backend = .default) {
        if mode == .fused, let reason = backend.unavailableReason {
            ErrorScope.report(LazyArrayError("evaluate", "backend \(backend) is not available: \(reason)"))
            return
        }
        // Lowered with the engine's lock held; planned, compiled and run without it; published
        // with it again (Engine.swift).
        guard let pending = Engine.shared.take(arrays.map(\.node)) else { return }
        let scope = EvaluationScope.current
        var statistics = ExecutionStatistics()
        let results: [Materialized] = switch mode {
        case .eager: EagerEvaluator.evaluate(pending.graph, sources: pending.sources)
        case .fused:
            FusedEvaluation.evaluate(pending.graph, sources: pending.sources, backend: backend,
                                     threads: scope.threadCount ?? pending.threadCount,
                                     beforeKernel: scope.beforeKernel, statistics: &statistics)
        }
        Engine.shared.publish(pending, results: results, statistics: statistics, keepingInputs: scope.takingGradient)
        for recorder in scope.recorders { recorder.statistics.withLock { $0 += statistics } }
    }

    /// The evaluated value (evaluating first if needed).
    var materialized: Materialized {
        evaluate()
        return node.lockedValue!
    }
}
