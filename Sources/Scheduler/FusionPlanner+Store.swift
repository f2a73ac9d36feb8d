import Kernels

// The store pass (fusion rule 4): a computed node gets a buffer when an output or another
// kernel reads it, or when it exists nowhere else (a reduction's, a softmax's, a
// concatenation's, a gather's or a scan's result); a node only read inside its own kernel stays in a register.
extension FusionPlanner {
    /// The buffers of the stored nodes: what the emit pass writes and reads.
    struct Storage {
        /// The buffer slot of each stored node (slots after the sources', in node order).
        private(set) var slotOfNode: [Int: Int] = [:]
        /// Byte sizes of the buffers for slots `sourceCount...`.
        private(set) var intermediateBytes: [Int] = []
        /// Stored nodes another kernel reads along their logical rows: their results stay
        /// row-major (FusionPlanner+Layout.swift).
        private(set) var readAlongRows = Set<Int>()

        init(_ graph: Graph, _ realization: Realization, _ grouping: Grouping) {
            var stored = Set(graph.nodes.indices.filter { index in
                switch graph.nodes[index].operation {
                case .reduce, .softmax, .concatenate, .indexed, .scan: realization.computes(index)
                case .source, .constant, .elementwise, .cast, .view, .random, .matmul: false
                }
            })
            for output in graph.outputs {
                if case .node(let owner) = realization.base[output]?.owner { stored.insert(owner) }
            }
            for (index, loads) in grouping.loadsOf {
                for load in loads where grouping.kernelOfNode[load.node] != grouping.kernelOfNode[index] || !load.identity {
                    stored.insert(load.node)
                    if let reader = grouping.kernelOfNode[index], !Layout.readsAnyLayout(grouping.kernels[reader].space) {
                        readAlongRows.insert(load.node)
                    }
                }
            }
            for index in stored.sorted() {
                slotOfNode[index] = realization.sourceCount + intermediateBytes.count
                intermediateBytes.append(graph.nodes[index].count * graph.nodes[index].dtype.byteSize)
            }
        }
    }
}
