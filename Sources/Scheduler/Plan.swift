import Kernels
import Dispatch

/// What evaluating a graph runs: kernels in order, the intermediate buffers they need, and
/// where each requested output ends up. Depends only on the graph's structure, so it is cached.
public struct Plan: Sendable {
    /// Kernels in execution order.
    public var kernels: [PlannedKernel] = []
    /// Byte sizes of the buffers the kernels write, for slots `sourceCount...`.
    public var intermediateBytes: [Int] = []
    /// The number of source slots (buffers handed in).
    public var sourceCount = 0
    /// For each graph output: the slot holding it and its view (a source slot for outputs that
    /// are views of existing arrays: no copy).
    public var outputs: [(slot: Int, view: View)] = []

    /// Every buffer a run reads or writes: `sources`, then new ones for the intermediates.
    public func buffers(sources: [Buffer]) -> [Buffer] {
        sources + intermediateBytes.map { Buffer(byteCount: $0) }
    }

    /// The outputs as arrays over `buffers`.
    public func results(_ buffers: [Buffer]) -> [Materialized] {
        outputs.map { Materialized(buffer: buffers[$0.slot], view: $0.view) }
    }
}

/// One fused kernel of a plan.
public struct PlannedKernel: Sendable {
    /// The program, for the block VM and the C renderer.
    public var program: KernelProgram
    /// The program made ready for the block VM.
    public var prepared: PreparedProgram
    /// The graph operations it computes, for `explain()`.
    public var operations: [String]
    /// For an elementwise kernel whose results are laid out as its inputs are (a transpose's
    /// `X.T + 1`, FusionPlanner+Layout.swift): the axes of the results from slowest to fastest
    /// in memory, which the program iterates in. Nil for row-major results.
    public var memoryOrder: [Int]?
    /// For a reduction: elementwise work on the reduced results (e.g. a standard deviation's
    /// `sqrt` of the sums), run as the kernel's last phase over the small reduced shape.
    public var finisher: FinishingPhase?
    /// For a matmul kernel: the product, run instead of the program (which is then its
    /// epilogue, empty when nothing fused into it). See `FusionPlanner+Matmul.swift`.
    public var matmul: MatrixProduct? = nil
    /// For a softmax kernel: the row kernel, run instead of the (empty) program.
    public var rowSoftmax: RowSoftmax? = nil

    /// Bytes read from inputs plus bytes written to outputs in one run (each element once).
    public var bytesMoved: Int {
        matmul?.bytesMoved ?? rowSoftmax?.bytesMoved ?? (program.bytesMoved + (finisher?.program.bytesMoved ?? 0))
    }

    /// Runs a kernel that is not a block-VM program (a matmul, a row softmax) and returns true,
    /// or returns false for a program kernel: both backends run these the same way.
    public func runNativeKernel(buffers: [UnsafeMutableRawPointer], threads: Int) -> Bool {
        if let matmul {
            matmul.run(buffers: buffers, threads: threads)
        } else if let rowSoftmax {
            rowSoftmax.run(buffers: buffers, threads: threads)
        } else {
            return false
        }
        return true
    }
}

extension PlannedKernel {
    /// Prints what `LAZYARRAY_DEBUG=1` shows for a kernel that ran: `label`, its operations,
    /// its iteration shape and the time since `start` (a `DispatchTime` in nanoseconds).
    func printDebugLine(_ label: String, since start: UInt64) {
        let micros = Double(DispatchTime.now().uptimeNanoseconds - start) / 1000
        print("[LAZYARRAY_DEBUG] \(label): \(operations.joined(separator: " ")) over \(program.shape), \((micros * 10).rounded() / 10) µs")
    }
}

/// The elementwise last phase of a reduction kernel.
public struct FinishingPhase: Sendable {
    public var program: KernelProgram
    public var prepared: PreparedProgram
    public var operations: [String]
}

extension KernelProgram {
    /// Bytes read from inputs plus bytes written to outputs in one run (each element once).
    public var bytesMoved: Int {
        let read = inputs.reduce(0) { total, input in
            total + zip(input.view.shape, input.view.strides).reduce(1) { $1.1 == 0 ? $0 : $0 * $1.0 } * input.dtype.byteSize
        }
        let reduced = reduction.map { $0.outer * $0.inner } ?? 0
        return read + outputs.reduce(0) { $0 + count * $1.dtype.byteSize }
            + (reduction?.outputs ?? []).reduce(0) { $0 + reduced * $1.resultType.byteSize }
    }
}
