import Kernels
import Dispatch

/// What evaluating a graph runs: kernels in order, the intermediate buffers they need, and
/// where each requested output ends up. Depends only on the graph's structure, so it is cached.
package struct Plan: Sendable {
    /// Kernels in execution order.
    package var kernels: [PlannedKernel] = []
    /// Byte sizes of the buffers the kernels write, for slots `sourceCount...`.
    package var intermediateBytes: [Int] = []
    /// The number of source slots (buffers handed in).
    package var sourceCount = 0
    /// For each graph output: the slot holding it and its view (a source slot for outputs that
    /// are views of existing arrays: no copy).
    package var outputs: [(slot: Int, view: View)] = []
    /// The intermediate slots holding forward values that backward work reads, other than
    /// outputs: what a gradient keeps in memory between its passes (`explain()` says so).
    /// Empty for a graph without backward work.
    package var keptForBackward: Set<Int> = []

    /// Whether some kernel computes part of a backward pass: `explain()` labels every kernel's
    /// passes only then.
    package var hasBackwardWork: Bool { kernels.contains { $0.passes.contains(.backward) } }

    /// Every buffer a run reads or writes: `sources`, then new ones for the intermediates.
    package func buffers(sources: [Buffer]) -> [Buffer] {
        sources + intermediateBytes.map { Buffer(byteCount: $0) }
    }

    /// The outputs as arrays over `buffers`.
    package func results(_ buffers: [Buffer]) -> [Materialized] {
        outputs.map { Materialized(buffer: buffers[$0.slot], view: $0.view) }
    }
}

/// One kernel of a plan: what runs, and the graph operations it computes.
package struct PlannedKernel: Sendable {
    /// What runs: a block-VM program, a matrix product, a row softmax, an indexed-axis copy or a scan.
    package let kind: KernelKind
    /// The graph operations it computes, for `explain()`.
    package let operations: [String]
    /// Bytes read from inputs plus bytes written to outputs in one run (each element once).
    /// Stored: every evaluation adds it to its statistics, and computing it copies the program.
    package let bytesMoved: Int
    /// Whether the nodes it computes belong to a gradient's forward pass, its backward pass or
    /// both (every graph without a backward pass: forward).
    package let passes: GradientPasses

    package init(kind: KernelKind, operations: [String], passes: GradientPasses) {
        self.kind = kind
        self.operations = operations
        self.passes = passes
        bytesMoved = switch kind {
        case .program(let kernel): kernel.program.bytesMoved + (kernel.finisher?.program.bytesMoved ?? 0)
        case .matrixProduct(let product): product.bytesMoved
        case .rowSoftmax(let rows): rows.bytesMoved
        case .indexedAxis(let copy): copy.bytesMoved
        case .axisScan(let scan): scan.bytesMoved
        }
    }
}

/// The kinds of kernel a plan runs; each holds what running it takes.
package enum KernelKind: Sendable {
    /// An elementwise or reduction program, run by the block VM or rendered as C.
    case program(ProgramKernel)
    /// A matrix product, with the elementwise work fused into its store as its epilogue
    /// (`MatrixProduct.epilogue`; FusionPlanner+Matmul.swift). Both backends run it the same way.
    case matrixProduct(MatrixProduct)
    /// A softmax along the last axis, each row read once and written once
    /// (FusionPlanner+Softmax.swift). Both backends run it the same way.
    case rowSoftmax(RowSoftmax)
    /// A gather or scatter-add along an axis at positions given as data
    /// (FusionPlanner+IndexedAxis.swift). Both backends run it the same way.
    case indexedAxis(IndexedAxisCopy)
    /// A cumulative sum or product along an axis, computing its elementwise producers unit by
    /// unit (FusionPlanner+Scan.swift). Both backends run it the same way.
    case axisScan(AxisScan)
}

/// A kernel that is a `KernelProgram`: elementwise (results in some memory order) or a
/// reduction (maybe with a finishing phase).
package struct ProgramKernel: Sendable {
    /// The program made ready for the block VM; its `program` is what the C renderer takes.
    package var prepared: PreparedProgram
    /// For an elementwise kernel whose results are laid out as its inputs are (a transpose's
    /// `X.T + 1`, FusionPlanner+Layout.swift): the axes of the results from slowest to fastest
    /// in memory, which the program iterates in. Nil for row-major results.
    package var memoryOrder: [Int]?
    /// For a reduction: elementwise work on the reduced results (e.g. a standard deviation's
    /// `sqrt` of the sums), run as the kernel's last phase over the small reduced shape.
    package var finisher: FinishingPhase?

    /// The program, for the block VM and the C renderer.
    package var program: KernelProgram { prepared.program }
}

extension PlannedKernel {
    /// Prints what `LAZYARRAY_DEBUG=1` shows for a kernel that ran: `label`, its operations,
    /// the shape it iterates over and the time since `start` (a `DispatchTime` in nanoseconds).
    func printDebugLine(_ label: String, since start: UInt64) {
        let micros = Double(DispatchTime.now().uptimeNanoseconds - start) / 1000
        let shape = switch kind {
        case .program(let kernel): kernel.program.shape
        case .matrixProduct(let product): product.epilogue?.program.shape ?? product.batchShape + [product.m, product.n]
        case .rowSoftmax(let rows): rows.input.view.shape
        case .indexedAxis(let copy): copy.outputShape
        case .axisScan(let scan): [scan.outer, scan.length, scan.inner]
        }
        print("[LAZYARRAY_DEBUG] \(label): \(operations.joined(separator: " ")) over \(shape), \((micros * 10).rounded() / 10) µs")
    }
}

/// The elementwise last phase of a reduction kernel.
package struct FinishingPhase: Sendable {
    /// The phase made ready for the block VM; its `program` is what the C renderer takes.
    package var prepared: PreparedProgram
    /// The graph operations it computes, for `explain()`.
    package var operations: [String]

    /// The program, for the block VM and the C renderer.
    package var program: KernelProgram { prepared.program }
}

extension AxisScan {
    /// The operand read once (from its buffer, or the producers' inputs) and the result written
    /// once (the producers' program writes the operand where the result goes).
    package var bytesMoved: Int {
        switch operand {
        case .buffer: 2 * count * dtype.byteSize
        case .program(let program): program.program.bytesMoved
        }
    }
}

extension KernelProgram {
    /// Bytes read from inputs plus bytes written to outputs in one run (each element once).
    package var bytesMoved: Int {
        let read = inputs.reduce(0) { total, input in
            total + zip(input.view.shape, input.view.strides).reduce(1) { $1.1 == 0 ? $0 : $0 * $1.0 } * input.dtype.byteSize
        }
        let reduced = reduction.map { $0.outer * $0.inner } ?? 0
        return read + outputs.reduce(0) { $0 + count * $1.dtype.byteSize }
            + (reduction?.outputs ?? []).reduce(0) { $0 + reduced * $1.resultType.byteSize }
    }
}
