/// How `evaluate` computes a graph.
public enum EvaluationMode: Sendable, Hashable {
    /// Fused kernels planned by the scheduler (the default).
    case fused
    /// Every node materialized on its own by plain strided loops: the reference fused results
    /// are tested against. NumPy equivalent: NumPy itself, which evaluates op by op.
    case eager
}
