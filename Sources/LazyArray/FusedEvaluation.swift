import Kernels
import Scheduler

/// Evaluation mode `.fused`: hands the graph to the scheduler's fused executor for `backend`.
enum FusedEvaluation {
    static func evaluate(_ graph: Graph, sources: [Buffer], backend: Backend) -> [Materialized] {
        switch backend {
        case .dispatch: FusedExecutor.evaluate(graph, sources: sources, threads: NDArray.threadCount)
        case .openMP: OpenMPExecutor.evaluate(graph, sources: sources, threads: NDArray.threadCount)
        }
    }
}
