import Kernels

// A gather or scatter-add at positions given as data (`Operation.indexed`) in the fusion
// planner: like a softmax, a kernel boundary. Its input is realized and read through a view
// the kernel sees as [outer, axis, inner] (copied first when the view has no such form), its
// positions are an int64 buffer, its result gets a buffer of its own, and nothing joins its
// kernel: which element lands where depends on the positions' values, which no elementwise
// program can express. The same Swift kernel runs on both backends.
extension FusionPlanner {
    /// `shape` as `[outer, shape[axis], inner]`: the products of the axes before and after `axis`.
    static func axisSplit(_ shape: [Int], axis: Int) -> [Int] {
        [shape[..<axis].reduce(1, *), shape[axis], shape[(axis + 1)...].reduce(1, *)]
    }
}

extension FusionPlanner.Emission {
    /// The planned kernel of gather or scatter-add node `index`.
    func indexedKernel(_ index: Int) -> PlannedKernel {
        let node = graph.nodes[index]
        guard case .indexed(let direction, let axis) = node.operation else { preconditionFailure("[plan] not a gather or scatter-add") }
        let value = base[node.inputs[0]]!, positions = base[node.inputs[1]]!
        let split = FusionPlanner.axisSplit(graph.nodes[node.inputs[0]].shape, axis: axis)
        guard let view = value.view.applying(.reshape(split)) else {
            preconditionFailure("[plan] a gather's input is realized through a view of shape \(split)")
        }
        let copy = IndexedAxisCopy(direction: direction, input: KernelInput(slot: slot(of: value), dtype: node.dtype, view: view),
                                   indices: KernelInput(slot: slot(of: positions), dtype: .int64, view: positions.view),
                                   outputSlot: slotOfNode[index]!, outputLength: node.shape[axis])
        return PlannedKernel(kind: .indexedAxis(copy), operations: [direction == .gather ? "gather" : "scatterAdd"],
                             passes: GradientPasses(node))
    }
}
