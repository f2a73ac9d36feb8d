/// What the OpenMP target's compiler driver did, for tests, the bench and `LAZYARRAY_DEBUG`.
package struct OpenMPStatistics: Sendable, Equatable {
    /// Kernels compiled by the C compiler.
    package var compiles = 0
    /// Kernels loaded from the disk cache (compiled by an earlier process, or before the
    /// in-memory cache was cleared).
    package var diskLoads = 0
    /// Kernels found in the in-memory cache.
    package var memoryHits = 0
    /// Disk cache entries found corrupt (wrong size or checksum, or refused by the loader)
    /// and rebuilt.
    package var corruptEntries = 0
    /// Total wall time spent compiling, in nanoseconds.
    package var compileNanoseconds: UInt64 = 0
    /// Total wall time spent loading shared libraries (`dlopen` and `dlsym`), in nanoseconds.
    package var loadNanoseconds: UInt64 = 0

    package init() {}

    /// Adds `other`'s counts to `total`'s.
    package static func += (total: inout OpenMPStatistics, other: OpenMPStatistics) {
        total.compiles += other.compiles
        total.diskLoads += other.diskLoads
        total.memoryHits += other.memoryHits
        total.corruptEntries += other.corruptEntries
        total.compileNanoseconds += other.compileNanoseconds
        total.loadNanoseconds += other.loadNanoseconds
    }
}
