import Kernels
import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// The thread count fused kernels use; guarded by its own lock.
private let threadSetting = ThreadSetting()

private final class ThreadSetting: @unchecked Sendable {
    let lock = Mutex()
    var count: Int = {
        if let text = Environment.value("LAZYARRAY_THREADS"), let value = Int(text), value > 0 { return value }
        return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }()
}

extension NDArray {
    /// How many threads fused kernels may use: all cores by default, or `LAZYARRAY_THREADS`.
    /// Results are bitwise the same for any thread count (chunking depends only on the size).
    /// NumPy has no equivalent (it is single-threaded); PyTorch: `torch.set_num_threads`.
    public static var threadCount: Int {
        get { threadSetting.lock.withLock { threadSetting.count } }
        set { threadSetting.lock.withLock { threadSetting.count = Swift.max(1, newValue) } }
    }
}
