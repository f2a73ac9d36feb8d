import Kernels

extension NDArray {
    /// How many threads fused kernels may use: all cores by default, or `LAZYARRAY_THREADS`.
    /// Process-wide; `withThreadCount` sets it for one piece of code. Results are bitwise the
    /// same for any thread count (chunking depends only on the size).
    /// NumPy has no equivalent (it is single-threaded); PyTorch: `torch.set_num_threads`.
    public static var threadCount: Int {
        get { Engine.shared.state.withLock { $0.threadCount } }
        set { Engine.shared.state.withLock { $0.threadCount = Swift.max(1, newValue) } }
    }

    /// Runs `body` with evaluations made in it (on this task or thread, not others) using
    /// `count` threads for kernels. NumPy has no equivalent; PyTorch: `torch.set_num_threads`
    /// around the code, without changing other threads' setting (threadpoolctl's
    /// `threadpool_limits` context).
    public static func withThreadCount<R>(_ count: Int, _ body: () throws -> R) rethrows -> R {
        try EvaluationScope.with({ $0.threadCount = Swift.max(1, count) }, body)
    }

    /// The thread count an operation computed at its call (a sort) uses here: this task's
    /// `withThreadCount`, else the process-wide `threadCount`, as an evaluation would.
    static var callThreadCount: Int { EvaluationScope.current.threadCount ?? threadCount }
}
