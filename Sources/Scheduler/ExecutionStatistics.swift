/// Counters of what fused evaluation did, for tests, `explain()` and the bench.
public struct ExecutionStatistics: Sendable, Equatable {
    /// Evaluations whose plan came from the cache.
    public var planCacheHits = 0
    /// Evaluations that planned their graph anew.
    public var planCacheMisses = 0
    /// Kernels run.
    public var kernelsRun = 0
    /// Bytes read and written by kernels (each input and output element once per run).
    public var bytesMoved = 0
    public init() {}
}
