import Kernels

// A concatenation's parts are computed straight into their slices of its buffer: one kernel
// per part, whose output is a view (offset and strides) of the concatenation's row-major
// layout. A part that is an unrealized expression is inlined into its kernel, so
// `concatenate([a * 2 + 1, b - c])` reads a, b and c once and writes the result once, with no
// buffer per part; a part that is already in memory (an evaluated array, a shared or
// reduced node) is copied by an identity kernel. Consumers read the finished buffer.
extension FusionPlanner.Emission {
    /// The kernels that fill concatenation node `index`'s buffer, one per non-empty part.
    func concatenationKernels(_ index: Int) -> [PlannedKernel] {
        let node = graph.nodes[index]
        guard case .concatenate(let axis) = node.operation else { preconditionFailure("[plan] not a concatenation") }
        let layout = View(contiguous: node.shape)
        var kernels: [PlannedKernel] = []
        var start = 0
        for part in node.inputs {
            let partShape = graph.nodes[part].shape
            defer { start += partShape[axis] }
            guard !partShape.contains(0) else { continue }
            var slices = node.shape.map(AxisSlice.all)
            slices[axis] = AxisSlice(start: start, step: 1, count: partShape[axis])
            var emitter = FusionPlanner.KernelEmitter(context: self, members: [])
            emitter.emitValue(part, stored: slotOfNode[index]!, view: layout.applying(.slice(slices))!)
            emitter.operations.append("concatenate")
            emitter.passes.insert(GradientPasses(node))
            let program = emitter.program(space: .elementwise(partShape))
            kernels.append(PlannedKernel(kind: .program(ProgramKernel(prepared: PreparedProgram(program))), operations: emitter.operations,
                                         passes: emitter.passes))
        }
        return kernels
    }
}
