import Kernels

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
}

/// One fused kernel of a plan.
public struct PlannedKernel: Sendable {
    /// The program, for the block VM and the C renderer.
    public var program: KernelProgram
    /// The program made ready for the block VM.
    public var prepared: PreparedProgram
    /// The graph operations it computes, for `explain()`.
    public var operations: [String]
    /// For a matmul kernel: the product, run instead of the program (which is then its
    /// epilogue, empty when nothing fused into it). See `FusionPlanner+Matmul.swift`.
    public var matmul: MatrixProduct? = nil

    /// Bytes read from inputs plus bytes written to outputs in one run (each element once).
    public var bytesMoved: Int {
        if let matmul { return matmul.bytesMoved }
        let read = program.inputs.reduce(0) { total, input in
            total + zip(input.view.shape, input.view.strides).reduce(1) { $1.1 == 0 ? $0 : $0 * $1.0 } * input.dtype.byteSize
        }
        return read + program.outputs.reduce(0) { $0 + program.count * $1.dtype.byteSize }
    }
}
