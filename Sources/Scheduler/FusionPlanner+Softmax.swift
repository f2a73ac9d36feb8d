import Kernels

// Softmax in the fusion planner: like a matmul, a kernel boundary. Its input is realized (any
// strided view of a buffer will do: rows that are not adjacent in memory are gathered), its result gets a buffer of its own, and nothing joins its kernel: `RowSoftmax` reads each row
// once and writes it once, which no split into a reduction and an elementwise kernel can match.
extension FusionPlanner {
    /// The planned kernel for softmax node `index`; nil for any other node. Call after buffer
    /// slots are assigned.
    func softmaxKernel(_ index: Int) -> PlannedKernel? {
        guard case .softmax(let logarithmic) = graph.nodes[index].operation else { return nil }
        let node = graph.nodes[index]
        let value = base[node.inputs[0]]!
        let slot = switch value.owner {
        case .source(let slot): slot
        case .node(let owner): slotOfNode[owner]!
        }
        let input = KernelInput(slot: slot, dtype: node.dtype, view: value.view)
        let program = KernelProgram(shape: node.shape, inputs: [], instructions: [], outputs: [])
        return PlannedKernel(program: program, prepared: PreparedProgram(program),
                             operations: [logarithmic ? "logSoftmax" : "softmax"],
                             rowSoftmax: RowSoftmax(input: input, outputSlot: slotOfNode[index]!, logarithmic: logarithmic))
    }
}
