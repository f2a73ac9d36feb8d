/// A kernel compiled by the OpenMP target and loaded into the process: the rendered
/// `lazyarray_kernel` function of its shared library. Libraries are never unloaded (a kernel
/// may be run again at any time; a few kilobytes each).
public struct CompiledKernel: @unchecked Sendable {
    typealias Function = @convention(c) (UnsafePointer<UnsafeMutableRawPointer>?, Int32) -> Void

    let function: Function
    /// The number of elements the kernel computes.
    public let count: Int
    /// The threads the kernel uses when `threads` are allowed.
    let workers: @Sendable (_ threads: Int) -> Int

    init(function: Function, program: KernelProgram) {
        self.function = function
        count = program.count
        let cost = program.costPerElement
        if let reduction = program.reduction {
            // The block VM's rule for its units (a reduction over nothing still writes its
            // identities, so it runs even when the iteration space is empty).
            let layout = ReductionLayout(reduction)
            workers = { threads in layout.workers(threads: threads, costPerElement: cost) }
        } else {
            // About 1e5 add-equivalents per thread before a second thread pays for itself, as
            // for the block VM; one chunk is the smallest unit of parallel work.
            let count = program.count
            let chunks = (count + BlockVM.chunkSize - 1) / BlockVM.chunkSize
            let worthwhile = max(1, count * max(cost, 1) / 100_000)
            workers = { threads in min(max(threads, 1), chunks, worthwhile) }
        }
    }

    /// Runs the kernel over `buffers` (indexed by slot) with up to `threads` OpenMP threads.
    public func run(buffers: [UnsafeMutableRawPointer], threads: Int) {
        let workers = Int32(workers(threads))
        buffers.withUnsafeBufferPointer { function($0.baseAddress, workers) }
    }
}
