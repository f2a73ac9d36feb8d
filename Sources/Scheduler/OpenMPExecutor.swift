import Kernels

/// Evaluation mode `.fused` on the OpenMP backend: the same plan as `FusedExecutor` (same plan
/// cache, same buffer slots), with each program kernel run as C compiled by `OpenMPCompiler`.
///
/// A kernel the C target cannot compile (an operation it has no C for, or a compiler failure
/// after the backend was found available) runs on the block VM instead, so a result is never
/// missing or wrong; `ExecutionStatistics.fallbacks` counts them and `LAZYARRAY_DEBUG=1` prints
/// why. A kernel the VM runs in tiles (`KernelProgram.tiledRegions`: a transpose) runs there
/// too, by choice.
package struct OpenMPExecutor: KernelExecutor {
    package let compiler: OpenMPCompiler

    package init(compiler: OpenMPCompiler = .shared) { self.compiler = compiler }

    package func run(_ kernel: ProgramKernel, number: Int, buffers: [UnsafeMutableRawPointer], threads: Int,
                     statistics: inout ExecutionStatistics) {
        if kernel.prepared.tiledRegionShapes != nil {
            // A transposing kernel: the VM walks it in tiles, the C target's strided loop
            // row-major, which is several times slower (docs/performance.md, strided views).
            BlockVM.run(kernel.prepared, buffers: buffers, threads: threads)
            return
        }
        let phases = [(kernel.program, kernel.prepared)] + (kernel.finisher.map { [($0.program, $0.prepared)] } ?? [])
        for (program, prepared) in phases {
            do {
                var found = OpenMPStatistics()
                let compiled = try compiler.kernel(for: program, statistics: &found)
                statistics.kernelsCompiled += found.compiles
                compiled.run(buffers: buffers, threads: threads)
                statistics.compiledPhasesRun += 1
            } catch {
                statistics.fallbacks += 1
                if Environment.debug { print("[LAZYARRAY_DEBUG] kernel \(number) runs on the block VM: \(error)") }
                BlockVM.run(prepared, buffers: buffers, threads: threads)
            }
        }
    }
}
