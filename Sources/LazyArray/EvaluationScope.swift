import Kernels
import Scheduler

/// Settings and recorders that apply to the evaluations made inside a closure on the current
/// task (or thread), whatever other threads do meanwhile: a thread count
/// (`NDArray.withThreadCount`), statistics recorders (`NDArray.statistics(during:)`), whether a
/// gradient is being taken and, for tests, a hook before each kernel. Read once per evaluation.
struct EvaluationScope: Sendable {
    /// Threads for kernels; nil: the engine's `NDArray.threadCount`.
    var threadCount: Int?
    /// Where this scope's evaluations add their statistics (an inner scope adds to the outer's too).
    var recorders: [StatisticsRecorder] = []
    /// Called with each kernel's number before it runs (tests that must hold an evaluation
    /// in the middle); nil outside such tests.
    var beforeKernel: (@Sendable (Int) -> Void)?
    /// Whether a gradient is being taken on this task (`Backpropagation.transform`): its
    /// evaluations keep their nodes' inputs (`GradientSessions`), and its barriers and
    /// `stopGradient`s are recorded. Per task, so evaluations elsewhere free their graphs as usual.
    var takingGradient = false

    @TaskLocal static var current = EvaluationScope()

    /// Runs `body` with the current scope changed by `change`.
    static func with<R>(_ change: (inout EvaluationScope) -> Void, _ body: () throws -> R) rethrows -> R {
        var scope = current
        change(&scope)
        return try $current.withValue(scope, operation: body)
    }
}

/// Statistics summed over the evaluations of one scope.
final class StatisticsRecorder: Sendable {
    let statistics = Locked(ExecutionStatistics())
}

extension NDArray {
    /// Runs `body` with `hook` called before each kernel its evaluations run (on this task or
    /// thread): how tests hold an evaluation in the middle. Not public.
    @discardableResult
    static func withKernelHook<R>(_ hook: @escaping @Sendable (Int) -> Void, _ body: () throws -> R) rethrows -> R {
        try EvaluationScope.with({ $0.beforeKernel = hook }, body)
    }
}
