/// Counters of what fused evaluation did, for tests, `explain()` and the bench: of one
/// evaluation (what an executor reports), or summed over many (an engine's, a scope's).
public struct ExecutionStatistics: Sendable, Equatable {
    /// Evaluations whose plan came from the cache.
    public var planCacheHits = 0
    /// Evaluations that planned their graph anew.
    public var planCacheMisses = 0
    /// Kernels run.
    public var kernelsRun = 0
    /// Bytes read and written by kernels (each input and output element once per run).
    public var bytesMoved = 0
    /// Kernel phases the OpenMP backend compiled with clang (not found in memory or on disk).
    public var kernelsCompiled = 0
    /// Kernel phases the OpenMP backend ran as compiled C.
    public var compiledPhasesRun = 0
    /// Kernel phases the OpenMP backend ran on the block VM because the C target could not
    /// compile them (`OpenMPExecutor`).
    public var fallbacks = 0
    /// Kernels the Dispatch backend ran as C compiled in the background because they had run
    /// often enough (`HotKernel`: the same bits as the block VM's).
    public var hotKernelsRun = 0
    public init() {}

    /// Adds `other`'s counts to `total`'s.
    public static func += (total: inout ExecutionStatistics, other: ExecutionStatistics) {
        total.planCacheHits += other.planCacheHits
        total.planCacheMisses += other.planCacheMisses
        total.kernelsRun += other.kernelsRun
        total.bytesMoved += other.bytesMoved
        total.kernelsCompiled += other.kernelsCompiled
        total.compiledPhasesRun += other.compiledPhasesRun
        total.fallbacks += other.fallbacks
        total.hotKernelsRun += other.hotKernelsRun
    }
}
