import Kernels
import Scheduler

/// Evaluation mode `.fused`: plans the graph (or takes its plan from the engine's cache) and
/// runs it with the executor for `backend`.
enum FusedEvaluation {
    static func evaluate(_ graph: Graph, sources: [Buffer], backend: Backend, threads: Int,
                         beforeKernel: (@Sendable (Int) -> Void)?,
                         statistics: inout ExecutionStatistics) -> [Materialized] {
        let plan = Engine.shared.plans.plan(for: graph, statistics: &statistics)
        return switch backend {
        case .dispatch:
            FusedExecutor().evaluate(plan, sources: sources, threads: threads, statistics: &statistics,
                                     beforeKernel: beforeKernel)
        case .openMP:
            OpenMPExecutor().evaluate(plan, sources: sources, threads: threads, statistics: &statistics,
                                      beforeKernel: beforeKernel)
        }
    }
}
