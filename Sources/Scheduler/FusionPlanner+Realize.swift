import Kernels

// The realize pass: one walk over the graph in topological order deciding which nodes are
// realized (fusion rule 2) and pushing views down to the buffers they read, so that a view of
// a source or of a realized node becomes a strided load of that buffer.
extension FusionPlanner {
    /// Which nodes are realized, and for each node whose value is a view of a buffer, which
    /// buffer and view: what the group pass puts into kernels.
    struct Realization {
        let graph: Graph
        /// Whether each node is realized (an output, shared, cut, a kernel boundary).
        private var realized: [Bool]
        /// Nodes whose value is a view of a buffer (a source or a realized node): owner + view.
        private(set) var base: [BufferBase?]
        /// Inlined cost of each node's expression up to realized or buffer-backed inputs.
        private(set) var cost: [Int]
        /// The number of source slots (buffers handed in).
        private(set) var sourceCount = 0
        /// Whether a node's inlined expression samples random numbers: such an expression must be
        /// computed in its own element order (element i of a sample is a function of i), so it is
        /// never read through a view or a permuted reduction.
        private var samples: [Bool]

        init(_ graph: Graph) {
            self.graph = graph
            realized = [Bool](repeating: false, count: graph.nodes.count)
            base = [BufferBase?](repeating: nil, count: graph.nodes.count)
            cost = [Int](repeating: 0, count: graph.nodes.count)
            samples = [Bool](repeating: false, count: graph.nodes.count)
            let consumers = graph.consumerCounts()
            for output in graph.outputs { realized[output] = true }
            for index in graph.nodes.indices { visit(index, consumers: consumers) }
        }

        /// Decides node `index`, whose inputs are decided.
        private mutating func visit(_ index: Int, consumers: [Int]) {
            let node = graph.nodes[index]
            switch node.operation {
            case .source(let slot, let view):
                sourceCount = max(sourceCount, slot + 1)
                base[index] = BufferBase(owner: .source(slot), view: view)
            case .constant:
                cost[index] = 0
            case .view(let transform):
                visitView(index, transform)
            case .elementwise(let op):
                cost[index] = op.cost + node.inputs.reduce(0) { $0 + cost[$1] }
                if isShared(index, consumers) || cost[index] > FusionPlanner.maxInlineCost { realized[index] = true }
            case .cast:
                cost[index] = 1 + cost[node.inputs[0]]
                if isShared(index, consumers) || cost[index] > FusionPlanner.maxInlineCost { realized[index] = true }
            case .matmul:
                // A kernel boundary: operands in memory (any strided view), result in its own.
                for input in node.inputs where base[input] == nil { realize(input) }
                realized[index] = true
            case .softmax:
                // A kernel boundary (FusionPlanner+Softmax.swift): the input in memory, any view.
                if base[node.inputs[0]] == nil { realize(node.inputs[0]) }
                realized[index] = true
            case .reduce(_, let axes):
                // A reduction is a kernel boundary; its elementwise producers are inlined into it,
                // unless they sample random numbers and the reduction visits them out of order.
                realized[index] = true
                let input = node.inputs[0]
                if samples[input] && !Self.visitsInOrder(shape: graph.nodes[input].shape, axes: axes) { realize(input) }
            case .random:
                cost[index] = 16
                if isShared(index, consumers) { realized[index] = true }
            case .scan:
                // A kernel boundary (FusionPlanner+Scan.swift) that, as a reduction does,
                // computes its elementwise producers itself, in row-major order (samples too).
                realized[index] = true
            case .concatenate:
                // A buffer of its own that its parts are computed into (FusionPlanner+Concatenate.swift).
                realized[index] = true
            case .indexed(_, let axis):
                // A kernel boundary (FusionPlanner+IndexedAxis.swift): the positions in memory, and
                // the input through a view the kernel can see as [outer, axis, inner].
                let input = node.inputs[0]
                if base[input]?.view.applying(.reshape(FusionPlanner.axisSplit(graph.nodes[input].shape, axis: axis))) == nil {
                    realize(input, copying: base[input] != nil)
                }
                if base[node.inputs[1]] == nil { realize(node.inputs[1]) }
                realized[index] = true
            }
            if realized[index] { realize(index) }
            samples[index] = !realized[index] && (isRandom(index) || node.inputs.contains { samples[$0] })
        }

        /// A view of a buffer is a view of that buffer; a view of an expression is inlined,
        /// unless it must read the expression from memory.
        private mutating func visitView(_ index: Int, _ transform: ViewTransform) {
            let node = graph.nodes[index]
            let input = node.inputs[0]
            if let inputBase = base[input] {
                if let view = inputBase.view.applying(transform) {
                    base[index] = BufferBase(owner: inputBase.owner, view: view)
                } else {
                    realize(input, copying: true)
                    base[index] = BufferBase(owner: .node(input), view: View(contiguous: graph.nodes[input].shape).applying(transform)!)
                }
            } else if isExpression(input) && (samples[input] || needsMaterializedInput(transform, input: input, outputShape: node.shape)) {
                realize(input)
                base[index] = BufferBase(owner: .node(input), view: View(contiguous: graph.nodes[input].shape).applying(transform)!)
            } else {
                cost[index] = cost[input]
            }
        }

        /// A node read by several consumers is computed once, unless it is so cheap (a cast, a
        /// subtraction of two loads) that recomputing it in each consumer beats a trip to memory.
        private func isShared(_ index: Int, _ consumers: [Int]) -> Bool {
            consumers[index] > 1 && cost[index] > FusionPlanner.recomputeCost
        }

        private func isExpression(_ index: Int) -> Bool {
            switch graph.nodes[index].operation {
            case .elementwise, .cast, .view, .random: true
            case .source, .constant, .reduce, .matmul, .softmax, .concatenate, .indexed, .scan: false
            }
        }

        private func isRandom(_ index: Int) -> Bool {
            if case .random = graph.nodes[index].operation { return true }
            return false
        }

        /// Whether a reduction over `axes` iterates its input in row-major order (no kept axis
        /// between reduced ones).
        static func visitsInOrder(shape: [Int], axes: [Int]) -> Bool {
            let last = axes.max() ?? -1
            let kept = shape.indices.filter { !axes.contains($0) }
            return kept.filter { $0 < last } + axes + kept.filter { $0 > last } == Array(shape.indices)
        }

        /// Whether a view of the (unrealized) expression `input` must read it from memory.
        private func needsMaterializedInput(_ transform: ViewTransform, input: Int, outputShape: [Int]) -> Bool {
            if transform.mayNeedCopy(from: graph.nodes[input].shape) { return true }
            if case .broadcast = transform, outputShape.reduce(1, *) > graph.nodes[input].count {
                return cost[input] >= FusionPlanner.broadcastRecomputeCost
            }
            return false
        }

        /// Marks a node as computed into its own value; its consumers see it as a buffer. A node
        /// that is already a view of a buffer keeps reading it unless `copying` asks for a
        /// contiguous copy (because a later view of it has no strided form).
        private mutating func realize(_ index: Int, copying: Bool = false) {
            realized[index] = true
            cost[index] = 0
            if base[index] == nil || copying {
                base[index] = BufferBase(owner: .node(index), view: View(contiguous: graph.nodes[index].shape))
            }
        }

        /// Whether node `index` needs a kernel (a realized node that is not just a view of a buffer).
        func computes(_ index: Int) -> Bool {
            guard realized[index], case .node(let owner) = base[index]?.owner else { return false }
            return owner == index
        }
    }
}
