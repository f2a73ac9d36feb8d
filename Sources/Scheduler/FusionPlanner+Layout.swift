import Kernels

// The memory order of an elementwise kernel's results: NumPy's ufuncs default to `order='K'`
// (`np.add(X.T, 1)` is F-contiguous) and PyTorch's TensorIterator gives `x.t() + 1` its input's
// strides, because a result laid out like its inputs is computed by reading and writing all of
// them front to back. Here the same: an elementwise kernel whose inputs agree on one axis
// order other than row-major writes its results densely in that order, and each result is a
// permuted view of its buffer (`X.T + 1` is a transposed view of a fresh buffer; the kernel is
// one contiguous pass, no tiles).
//
// Which kernels qualify (the rule, in docs/laziness.md too):
// - an elementwise kernel (not a reduction, matmul, softmax or concatenation part) of rank 2
//   or more that samples no random numbers (a sample is a function of its row-major position);
// - every input that is not broadcast (no stride 0 on an axis longer than 1) and not a scalar
//   has positive strides, distinct on the axes longer than 1, and orders those axes the same
//   way by decreasing stride, an order that is not row-major; dense or not (a slice of a
//   transpose qualifies). Broadcast and scalar inputs do not vote (as in NumPy, where a
//   stride-0 operand leaves the order to the others), and at least one input must vote;
// - every view the graph takes of a result can still be expressed over the permuted layout
//   (a reshape that merges the permuted axes cannot: then the result stays row-major);
// - no other kernel of the same evaluation reads a result along its logical rows: a reduction,
//   a row softmax or a concatenation's copy walks its input in logical order, which across a
//   permuted layout is a gather of one element per row, slower than tiling the producer to
//   row-major (`softmax(X.T + 1)`: docs/performance.md, strided views). An elementwise kernel that reads it takes its order
//   too when its other inputs agree, and a matrix product packs through any strides.
// Inputs that disagree (`X.T + X`) or read an axis backwards keep the row-major result and,
// for a transposing read, the tiled iteration (`KernelProgram+Tiles.swift`).
extension FusionPlanner {
    /// The lay-out pass: for each kernel of the grouping, in order, the memory order of its
    /// results; decided kernel by kernel, so a later kernel reads an earlier one's results in
    /// their layout (and may inherit it).
    struct Layout {
        /// For each kernel of the grouping: its results' axes from slowest to fastest in memory,
        /// or nil for row-major results (and for kernels other than elementwise ones).
        private(set) var orders: [[Int]?] = []
        /// The realize pass's buffer views, with every view of a permuted result rebased on its
        /// layout: what the emit pass reads.
        private(set) var base: [BufferBase?]
        private let graph: Graph

        init(_ graph: Graph, _ realization: Realization, _ grouping: Grouping, _ storage: Storage) {
            self.graph = graph
            base = realization.base
            orders.reserveCapacity(grouping.kernels.count)
            for kernel in grouping.kernels {
                orders.append(order(of: kernel, readAlongRows: storage.readAlongRows))
            }
        }

        /// The memory order `kernel`'s results take (adopted: views of them rebased), or nil.
        private mutating func order(of kernel: KernelGroup, readAlongRows: Set<Int>) -> [Int]? {
            guard case .elementwise(let shape) = kernel.space, shape.count(where: { $0 > 1 }) >= 2,
                  !kernel.members.contains(where: readAlongRows.contains),
                  let views = inputViews(of: kernel.members),
                  let inherited = Self.inheritedOrder(of: views, shape: shape),
                  adoptOrder(inherited, members: kernel.members) else { return nil }
            return inherited
        }

        /// The views through which an elementwise kernel of `members` reads memory (its
        /// inputs', as `KernelEmitter` emits them), or nil when it samples random numbers.
        private func inputViews(of members: [Int]) -> [View]? {
            let own = Set(members)
            var views: [View] = []
            var seen = Set<KernelEmitter.OperandKey>()
            var pending = members.map { KernelEmitter.OperandKey(node: $0, chain: []) }
            while let key = pending.popLast() {
                guard seen.insert(key).inserted else { continue }
                let node = graph.nodes[key.node]
                if let value = base[key.node], !(own.contains(key.node) && key.chain.isEmpty && value.owner == .node(key.node)) {
                    views.append(key.chain.reduce(value.view) { $0.applying($1)! })
                    continue
                }
                switch node.operation {
                case .constant: break
                case .view(let transform): pending.append(KernelEmitter.OperandKey(node: node.inputs[0], chain: [transform] + key.chain))
                case .elementwise, .cast: pending += node.inputs.map { KernelEmitter.OperandKey(node: $0, chain: key.chain) }
                case .random: return nil
                case .source(_, let view): views.append(key.chain.reduce(view) { $0.applying($1)! })
                case .reduce, .matmul, .softmax, .concatenate, .indexed, .scan: preconditionFailure("[plan] a kernel boundary is always in memory")
                }
            }
            return views
        }

        /// The order (slowest axis first) in which the inputs of an elementwise kernel over
        /// `shape`, read through `views`, lie in memory when they all agree on one that is not
        /// row-major, else nil. Axes of size 1 keep their places.
        static func inheritedOrder(of views: [View], shape: [Int]) -> [Int]? {
            let long = shape.indices.filter { shape[$0] > 1 }
            guard long.count >= 2 else { return nil }
            var agreed: [Int]?
            for view in views {
                let strides = long.map { view.strides[$0] }
                if strides.contains(0) { continue }
                guard strides.allSatisfy({ $0 > 0 }), Set(strides).count == strides.count else { return nil }
                let order = long.sorted { view.strides[$0] > view.strides[$1] }
                guard agreed == nil || agreed == order else { return nil }
                agreed = order
            }
            guard let agreed, agreed != long else { return nil }
            var next = agreed.makeIterator()
            return shape.indices.map { shape[$0] > 1 ? next.next()! : $0 }
        }

        /// Whether a kernel of `space` reads a realized node in a permuted layout as fast as in
        /// row-major order (see the rule above).
        static func readsAnyLayout(_ space: KernelSpace) -> Bool {
            switch space {
            case .elementwise, .matmul: true
            case .reduction, .softmax, .concatenation, .indexed, .scan: false
            }
        }

        /// Lays the buffers of `members` (nodes computed by one elementwise kernel) out densely in
        /// `order` and rebases every view of them on the new layout; returns false and changes
        /// nothing when some view of them has no strided form over it.
        private mutating func adoptOrder(_ order: [Int], members: [Int]) -> Bool {
            var proposed = base
            var inverse = order
            for (position, axis) in order.enumerated() { inverse[axis] = position }
            var moved = Set<Int>()
            for member in members {
                guard case .node(let owner) = base[member]?.owner, owner == member else { continue }
                moved.insert(member)
                let shape = graph.nodes[member].shape
                proposed[member] = BufferBase(owner: .node(member),
                                              view: View(contiguous: order.map { shape[$0] }).applying(.permute(inverse))!)
            }
            // A view of a realized node took its base from that node's in the realize pass:
            // recompute those of the members in topological order over the proposed bases. A
            // view whose input was copied since (`Realization.realize(_:copying:)`) reads a buffer
            // of another node, and no strided form over the new layout is known for it.
            for (index, node) in graph.nodes.enumerated() {
                guard case .view(let transform) = node.operation, case .node(let owner) = proposed[index]?.owner,
                      owner != index, moved.contains(owner) else { continue }
                guard let inputBase = proposed[node.inputs[0]], inputBase.owner == .node(owner),
                      let view = inputBase.view.applying(transform) else { return false }
                proposed[index] = BufferBase(owner: inputBase.owner, view: view)
            }
            base = proposed
            return true
        }
    }
}
