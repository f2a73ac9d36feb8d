/// A kernel compiled by the OpenMP target and loaded into the process: the rendered
/// `lazyarray_kernel` function of its shared library. Libraries are never unloaded (a kernel
/// may be run again at any time; a few kilobytes each).
public struct CompiledKernel: @unchecked Sendable {
    typealias Function = @convention(c) (UnsafePointer<UnsafeMutableRawPointer>?, Int32) -> Void

    let function: Function
    /// The number of elements the kernel computes.
    public let count: Int
    /// Threads beyond which this kernel would not speed up (small or cheap work).
    let worthwhileThreads: Int

    init(function: Function, program: KernelProgram) {
        self.function = function
        count = program.count
        // About 1e5 add-equivalents per thread before a second thread pays for itself, as for
        // the block VM (waking a sleeping libomp worker costs a few microseconds).
        worthwhileThreads = max(1, program.count * max(program.costPerElement, 1) / 100_000)
    }

    /// Runs the kernel over `buffers` (indexed by slot) with up to `threads` OpenMP threads.
    public func run(buffers: [UnsafeMutableRawPointer], threads: Int) {
        guard count > 0 else { return }
        let chunks = (count + BlockVM.chunkSize - 1) / BlockVM.chunkSize
        let workers = min(max(threads, 1), chunks, worthwhileThreads)
        buffers.withUnsafeBufferPointer { function($0.baseAddress, Int32(workers)) }
    }
}
