import Kernels
import Dispatch

/// Runs the kernels of a plan on one backend: the block VM (`FusedExecutor`) or compiled C
/// (`OpenMPExecutor`). Both share `evaluate`, the loop over a plan's kernels; a backend only
/// says how a program kernel runs (the matrix product, the row softmax, the indexed-axis copy
/// and the scan are the same on every backend). An executor holds no mutable state, so any number of
/// evaluations may use one at once.
package protocol KernelExecutor: Sendable {
    /// Runs program kernel `number` of a plan (with its finishing phase) over `buffers` with up
    /// to `threads` threads, counting in `statistics` what is particular to the backend.
    func run(_ kernel: ProgramKernel, number: Int, buffers: [UnsafeMutableRawPointer], threads: Int,
             statistics: inout ExecutionStatistics)
}

extension KernelExecutor {
    /// Computes `plan`'s outputs from `sources`: allocates the intermediate buffers (from the
    /// pool), runs each kernel in order, and counts kernels and bytes in `statistics`.
    /// `beforeKernel`, when given, is called with each kernel's number before it runs (a test
    /// hook: the cost when nil is one check per kernel).
    package func evaluate(_ plan: Plan, sources: [Buffer], threads: Int,
                          statistics: inout ExecutionStatistics,
                          beforeKernel: ((Int) -> Void)? = nil) -> [Materialized] {
        let buffers = plan.buffers(sources: sources)
        let pointers = buffers.map(\.base)
        let debug = Environment.debug
        for (number, kernel) in plan.kernels.enumerated() {
            if let beforeKernel { beforeKernel(number) }
            let start = debug ? DispatchTime.now().uptimeNanoseconds : 0
            switch kernel.kind {
            case .program(let program):
                run(program, number: number, buffers: pointers, threads: threads, statistics: &statistics)
            case .matrixProduct(let product): product.run(buffers: pointers, threads: threads)
            case .rowSoftmax(let rows): rows.run(buffers: pointers, threads: threads)
            case .indexedAxis(let copy): copy.run(buffers: pointers, threads: threads)
            case .axisScan(let scan): scan.run(buffers: pointers, threads: threads)
            }
            statistics.bytesMoved += kernel.bytesMoved
            if debug { kernel.printDebugLine("kernel \(number)", since: start) }
        }
        statistics.kernelsRun += plan.kernels.count
        return plan.results(buffers)
    }
}
