/// Packing buffers, reused across calls.
///
/// NumPy equivalent: none visible; OpenBLAS keeps a fixed buffer per thread for the same reason.
///
/// A fresh allocation of the ~0.5-3 MiB packing area comes from `mmap` and costs a page fault
/// per 4 KiB page on first touch (measured about 140 faults per 1024^3 call: a few percent there,
/// far more on mid-size products). So a worker takes a buffer from this pool and returns it.
extension Gemm {
    /// One 64-byte-aligned packing area.
    struct Workspace: @unchecked Sendable {
        /// Start of the area (64-byte aligned).
        let base: UnsafeMutableRawPointer
        /// Its size in bytes.
        let byteCount: Int
    }

    /// The buffers kept between calls, behind a lock.
    private final class WorkspacePool: @unchecked Sendable {
        /// Guards `free`.
        let lock = Mutex()
        /// Idle buffers: at most `capacity`, each at most one worker's largest packing area
        /// (about 3.2 MiB for `Float`, 4.2 MiB for `Double`).
        var free: [Workspace] = []
        /// More than the two workers this machine runs, so overlapping calls still reuse.
        let capacity = 4
    }

    /// The process-wide pool.
    private static let workspacePool = WorkspacePool()

    /// Takes a pooled buffer of at least `byteCount` bytes, or allocates one.
    static func takeWorkspace(byteCount: Int) -> Workspace {
        let pool = workspacePool
        let pooled = pool.lock.withLock { () -> Workspace? in
            guard let index = pool.free.firstIndex(where: { $0.byteCount >= byteCount }) else { return nil }
            return pool.free.remove(at: index)
        }
        return pooled ?? Workspace(
            base: UnsafeMutableRawPointer.allocate(byteCount: byteCount, alignment: 64),
            byteCount: byteCount)
    }

    /// Returns a buffer from `takeWorkspace` to the pool, or frees it when the pool is full.
    static func returnWorkspace(_ workspace: Workspace) {
        let pool = workspacePool
        let kept = pool.lock.withLock { () -> Bool in
            guard pool.free.count < pool.capacity else { return false }
            pool.free.append(workspace)
            return true
        }
        if !kept { workspace.base.deallocate() }
    }
}
