import Kernels

/// Evaluation mode `.fused` on the Dispatch backend: each program kernel of a plan runs on the
/// block VM, or, once it has run a few times and its C computes the same bits, as C compiled
/// in the background (`HotKernel`). The matrix-product and row-softmax kernels run the same on
/// every backend (`KernelExecutor.evaluate`).
package struct FusedExecutor: KernelExecutor {
    package init() {}

    package func run(_ kernel: ProgramKernel, number: Int, buffers: [UnsafeMutableRawPointer], threads: Int,
                     statistics: inout ExecutionStatistics) {
        if let compiled = kernel.prepared.tier.compiledKernel(kernel.program) {
            compiled.run(buffers: buffers, threads: threads)
            statistics.hotKernelsRun += 1
        } else {
            BlockVM.run(kernel.prepared, buffers: buffers, threads: threads)
        }
        if let finisher = kernel.finisher { BlockVM.run(finisher.prepared, buffers: buffers, threads: threads) }
    }
}
