import Kernels
import Scheduler
#if canImport(Glibc)
import Glibc
#endif

/// What the engine's lock guards: the lowering cache and the marks lowerings hand out, the
/// process-wide statistics and thread count, the gradient sessions, and (through `Node`'s methods that take it) every
/// node's mutable fields. Noncopyable, and only ever lent by `Engine.state.withLock`, so none of
/// it can be read or written without the lock.
struct EngineState: ~Copyable {
    /// Graphs lowered before, by the fingerprint of their roots (`GraphLowering+Cache.swift`).
    var loweringCache: [Int: Graph] = [:]
    /// The last mark handed to a `GraphLowering` (or a lowering-cache match).
    var lastMark: UInt64 = 0
    /// What fused evaluation has done since the start (or `NDArray.resetStatistics()`).
    var statistics = ExecutionStatistics()
    /// Threads for kernels when the evaluation's scope does not say (`NDArray.threadCount`).
    var threadCount: Int = {
        if let text = Environment.value("LAZYARRAY_THREADS"), let value = Int(text), value > 0 { return value }
        return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }()

    /// The gradients being taken, and what evaluations keep for them meanwhile.
    var gradients = GradientSessions()

    /// A mark no lowering has used.
    mutating func nextMark() -> UInt64 {
        lastMark += 1
        return lastMark
    }
}
