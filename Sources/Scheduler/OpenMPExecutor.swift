import Kernels
import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Evaluation mode `.fused` on the OpenMP backend: the same plan as `FusedExecutor` (same plan
/// cache, same buffer slots), with each kernel run as C compiled by `OpenMPCompiler`.
///
/// A kernel the C target cannot compile (an operation it has no C for, or a compiler failure
/// after the backend was found available) runs on the block VM instead, so a result is never
/// missing or wrong; `fallbacks` counts them and `LAZYARRAY_DEBUG=1` prints why. A kernel the
/// VM runs in tiles (`KernelProgram.tiledRegions`: a transpose) runs there too, by choice.
package enum OpenMPExecutor {
    private static let lock = Mutex()
    /// Fallbacks by the thread whose evaluation had them (guarded by `lock`).
    nonisolated(unsafe) private static var fallbackCountByThread: [UInt: Int] = [:]

    /// Kernels that ran on the block VM because the C target could not compile them.
    package static var fallbacks: Int { lock.withLock { fallbackCountByThread.values.reduce(0, +) } }

    /// `fallbacks` of the evaluations called from the current thread: what a check that every
    /// kernel ran as C reads while other threads evaluate too (tests run concurrently).
    package static var fallbacksOnCurrentThread: Int { lock.withLock { fallbackCountByThread[currentThread] ?? 0 } }

    private static var currentThread: UInt {
        #if canImport(Darwin)
        UInt(bitPattern: pthread_self())
        #else
        UInt(pthread_self())
        #endif
    }

    /// Computes `graph.outputs` with compiled kernels over `threads` OpenMP threads.
    package static func evaluate(_ graph: Graph, sources: [Buffer], threads: Int,
                                compiler: OpenMPCompiler = .shared) -> [Materialized] {
        let plan = FusedExecutor.plan(for: graph)
        let buffers = plan.buffers(sources: sources)
        let pointers = buffers.map(\.base)
        let debug = Environment.debug
        var moved = 0
        for (number, kernel) in plan.kernels.enumerated() {
            let start = debug ? DispatchTime.now().uptimeNanoseconds : 0
            // The GEMM (with its epilogue on the block VM) and the row softmax are the same on
            // both backends.
            let programKernel: ProgramKernel
            switch kernel.kind {
            case .program(let program): programKernel = program
            case .matrixProduct(let product):
                product.run(buffers: pointers, threads: threads)
                moved += kernel.bytesMoved
                continue
            case .rowSoftmax(let rows):
                rows.run(buffers: pointers, threads: threads)
                moved += kernel.bytesMoved
                continue
            }
            if programKernel.prepared.tiledRegionShapes != nil {
                // A transposing kernel: the VM walks it in tiles, the C target's strided loop
                // row-major, which is several times slower (docs/performance.md, strided views).
                BlockVM.run(programKernel.prepared, buffers: pointers, threads: threads)
                moved += kernel.bytesMoved
                continue
            }
            let phases = [(programKernel.program, programKernel.prepared)] + (programKernel.finisher.map { [($0.program, $0.prepared)] } ?? [])
            for (program, prepared) in phases {
                do {
                    try compiler.kernel(for: program).run(buffers: pointers, threads: threads)
                } catch {
                    lock.withLock { fallbackCountByThread[currentThread, default: 0] += 1 }
                    if debug { print("[LAZYARRAY_DEBUG] kernel \(number) runs on the block VM: \(error)") }
                    BlockVM.run(prepared, buffers: pointers, threads: threads)
                }
            }
            moved += kernel.bytesMoved
            if debug { kernel.printDebugLine("openmp kernel \(number)", since: start) }
        }
        FusedExecutor.record(kernelsRun: plan.kernels.count, bytesMoved: moved)
        return plan.results(buffers)
    }
}
