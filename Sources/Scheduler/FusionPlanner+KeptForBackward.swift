import Kernels

// Which stored intermediates a gradient keeps for its backward pass: the buffers of forward
// nodes (`GraphNode.isBackward` false) that backward work reads, other than the outputs (kept
// anyway). `explain()` marks their slots, so that what a gradient holds in memory between its
// passes (a layer's activations, a relu's mask) is visible next to what fused away.
extension FusionPlanner {
    /// The slots of the stored forward nodes that backward work reads from memory, outputs
    /// excepted; empty for a graph without backward nodes. A read is from memory as the store
    /// pass counts it (`Storage`): by another kernel, or through a view; a backward member
    /// reading a forward member of its own kernel element for element reads a register.
    static func keptForBackward(_ graph: Graph, _ realization: Realization, _ grouping: Grouping, _ storage: Storage) -> Set<Int> {
        guard graph.hasBackwardNodes else { return [] }
        var readByBackward = Set<Int>()
        // From each computed node down its inlined expression to the buffers it reads (as
        // `realizedLoads` walks), noting whether a backward node is on the way: the computed
        // node itself, an inlined operation, or a view (a backward pass's broadcast of a
        // forward value reads that value for the backward pass).
        for index in graph.nodes.indices where realization.computes(index) {
            var stack = graph.nodes[index].inputs.map { (node: $0, backward: graph.nodes[index].isBackward, identity: true) }
            var seen = Set<Int>()   // (node, backward, identity) packed in one integer
            while let (node, reachedByBackward, identity) = stack.popLast() {
                let backward = reachedByBackward || graph.nodes[node].isBackward
                // Not pruned while no backward node is on the way: user code after a gradient
                // (an optimizer's `w - 0.1 * g`) inlines backward work under forward nodes.
                guard seen.insert(node << 2 | (backward ? 2 : 0) | (identity ? 1 : 0)).inserted else { continue }
                if let value = realization.base[node] {
                    if backward, case .node(let owner) = value.owner,
                       grouping.kernelOfNode[owner] != grouping.kernelOfNode[index] || !identity || owner != node {
                        readByBackward.insert(owner)
                    }
                    continue
                }
                var isView = false
                if case .view = graph.nodes[node].operation { isView = true }
                for input in graph.nodes[node].inputs { stack.append((input, backward, identity && !isView)) }
            }
        }
        let outputOwners = Set(graph.outputs.compactMap { output -> Int? in
            if case .node(let owner) = realization.base[output]?.owner { return owner }
            return nil
        })
        return Set(readByBackward.compactMap { owner in
            graph.nodes[owner].isBackward || outputOwners.contains(owner) ? nil : storage.slotOfNode[owner]
        })
    }
}
