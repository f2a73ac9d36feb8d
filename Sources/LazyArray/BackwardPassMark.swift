import Synchronization

/// Whether the nodes being built now are a backward pass's (`Backpropagation.cotangents`):
/// each computed node records it at init (`Node.isBackward`), so that `explain()` can say which
/// kernels compute the forward pass, which the backward, and which stored forward values the
/// backward pass reads.
///
/// Per task, like the rest of `EvaluationScope`'s settings: a node another thread builds while
/// a gradient is taken here is not marked. A task-local read on every node built would cost
/// every small evaluate (`a + 1` at N = 16 builds two nodes per call), so a process-wide count
/// of the backward passes running is read first, a relaxed load that is almost always 0, and
/// the task-local only when it is not.
enum BackwardPassMark {
    /// How many backward passes are building nodes now, on every task and thread. Relaxed: a
    /// pass reads its own increment in program order, and a task that sees a stale count is
    /// building no backward pass (its task-local is false either way).
    private static let running = Atomic<Int>(0)

    /// Set on the task that runs a backward pass, for the duration of its rules.
    @TaskLocal private static var onThisTask = false

    /// Whether a node built now, on this task, belongs to a backward pass.
    @inline(__always)
    static var isActive: Bool {
        running.load(ordering: .relaxed) != 0 && isSetOnThisTask()
    }

    /// The task-local read, out of line: the rare path stays out of every inlined `Node.init`.
    @inline(never)
    private static func isSetOnThisTask() -> Bool { onThisTask }

    /// Runs `body` with the nodes it builds on this task marked as a backward pass's.
    static func building<R>(_ body: () throws -> R) rethrows -> R {
        running.add(1, ordering: .relaxed)
        defer { running.subtract(1, ordering: .relaxed) }
        return try $onThisTask.withValue(true, operation: body)
    }
}
