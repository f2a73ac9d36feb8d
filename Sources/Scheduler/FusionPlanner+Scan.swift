import Kernels

// Scans in the fusion planner: a cumulative sum or product is a kernel boundary that nothing
// joins, but, as a reduction does, it computes its elementwise producers itself: its input is
// not realized, and the kernel holds the producers' program (the input's expression, inlined up
// to what is in memory as for any kernel), whose one output is the scanned operand written
// row-major into the scan's own output buffer. `AxisScan` runs that program over each work unit
// just before scanning the unit in place, so `cumsum(a * 2 + 1)` reads `a` once and writes only
// its result. When the operand is a contiguous buffer the program would only copy it, and the
// kernel reads the buffer in place instead.
extension FusionPlanner.Emission {
    /// The planned kernel of scan node `index`.
    func scanKernel(_ index: Int) -> PlannedKernel {
        let node = graph.nodes[index]
        guard case .scan(let op, let axis) = node.operation else { preconditionFailure("[plan] not a scan") }
        let outputSlot = slotOfNode[index]!
        var emitter = FusionPlanner.KernelEmitter(context: self, members: [])
        emitter.emitValue(node.inputs[0], stored: outputSlot, view: nil)
        let program = emitter.program(space: .elementwise(node.shape))
        let operand: ScanOperand
        if program.instructions.count == 1, case .elementwise(.identity) = program.instructions[0].kind,
           program.instructions[0].operands == [.input(0)], program.inputs.count == 1, program.inputs[0].access == .contiguous {
            operand = .buffer(slot: program.inputs[0].slot, offset: program.inputs[0].view.offset)
        } else {
            // Units start anywhere, not at multiples of the block size.
            operand = .program(PreparedProgram(program, blocksStartAligned: false))
        }
        var passes = GradientPasses(node)
        passes.formUnion(emitter.passes)
        return PlannedKernel(kind: .axisScan(AxisScan(op: op, dtype: node.dtype, shape: node.shape, axis: axis,
                                                     outputSlot: outputSlot, operand: operand)),
                             operations: emitter.operations + [op.rawValue], passes: passes)
    }
}
