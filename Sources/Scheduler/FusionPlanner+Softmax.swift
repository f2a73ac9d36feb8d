import Kernels

// Softmax in the fusion planner: like a matmul, a kernel boundary. Its input is realized (any
// strided view of a buffer will do: rows that are not adjacent in memory are gathered), its result gets a buffer of its own, and nothing joins its kernel: `RowSoftmax` reads each row
// once and writes it once, which no split into a reduction and an elementwise kernel can match.
extension FusionPlanner.Emission {
    /// The planned kernel of softmax node `index`.
    func softmaxKernel(_ index: Int) -> PlannedKernel {
        let node = graph.nodes[index]
        guard case .softmax(let logarithmic) = node.operation else { preconditionFailure("[plan] not a softmax") }
        let value = base[node.inputs[0]]!
        let input = KernelInput(slot: slot(of: value), dtype: node.dtype, view: value.view)
        return PlannedKernel(kind: .rowSoftmax(RowSoftmax(input: input, outputSlot: slotOfNode[index]!, logarithmic: logarithmic)),
                             operations: [logarithmic ? "logSoftmax" : "softmax"], passes: GradientPasses(node))
    }
}
