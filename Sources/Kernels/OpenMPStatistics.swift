/// What the OpenMP target's compiler driver did, for tests, the bench and `LAZYARRAY_DEBUG`.
public struct OpenMPStatistics: Sendable, Equatable {
    /// Kernels compiled by the C compiler.
    public var compiles = 0
    /// Kernels loaded from the disk cache (compiled by an earlier process, or before the
    /// in-memory cache was cleared).
    public var diskLoads = 0
    /// Kernels found in the in-memory cache.
    public var memoryHits = 0
    /// Disk cache entries found corrupt (wrong size or checksum, or refused by the loader)
    /// and rebuilt.
    public var corruptEntries = 0
    /// Total wall time spent compiling, in nanoseconds.
    public var compileNanoseconds: UInt64 = 0
    /// Total wall time spent loading shared libraries (`dlopen` and `dlsym`), in nanoseconds.
    public var loadNanoseconds: UInt64 = 0

    public init() {}
}
