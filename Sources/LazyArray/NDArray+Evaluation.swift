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
        graphLock.withLock {
            let roots: [Node]
            if arrays.count == 1 {
                // The common case, without the set that weeds out repeated arrays.
                roots = arrays[0].node.value == nil ? [arrays[0].node] : []
            } else {
                var seen = Set<ObjectIdentifier>()
                roots = arrays.map(\.node).filter { $0.value == nil && seen.insert(ObjectIdentifier($0)).inserted }
            }
            guard !roots.isEmpty else { return }
            let (graph, sources) = GraphLowering.lowered(roots)
            let results: [Materialized] = switch mode {
            case .eager: EagerEvaluator.evaluate(graph, sources: sources)
            case .fused: FusedEvaluation.evaluate(graph, sources: sources, backend: backend)
            }
            for (root, result) in zip(roots, results) {
                root.value = result
                root.inputs = .none
            }
        }
    }

    /// The evaluated value (evaluating first if needed).
    var materialized: Materialized {
        evaluate()
        return graphLock.withLock { node.value! }
    }
}
