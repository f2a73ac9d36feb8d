import Kernels
import Scheduler

/// Counters of fused evaluation: plan cache hits and misses, kernels run, bytes moved,
/// OpenMP phases compiled or fallen back.
public typealias EvaluationStatistics = ExecutionStatistics

extension NDArray {
    /// What fused evaluation has done since the process started (or `resetStatistics()`), on
    /// every thread. NumPy has no equivalent.
    public static var statistics: EvaluationStatistics { Engine.shared.state.withLock { $0.statistics } }

    /// Zeroes ``statistics``.
    public static func resetStatistics() { Engine.shared.state.withLock { $0.statistics = ExecutionStatistics() } }

    /// What the fused evaluations made by `body` (on this task or thread, not others) did:
    /// counts that other threads evaluating at the same time do not disturb. NumPy has no
    /// equivalent; JAX: a profiler trace around the code.
    public static func statistics(during body: () throws -> Void) rethrows -> EvaluationStatistics {
        let recorder = StatisticsRecorder()
        try EvaluationScope.with({ $0.recorders.append(recorder) }, body)
        return recorder.statistics.withLock { $0 }
    }
}
