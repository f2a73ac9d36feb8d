import Kernels
import Scheduler

/// Flattens the unevaluated part of the node graph behind some roots into a `Graph` the
/// scheduler can plan. Evaluated nodes become sources. Iterative, so graphs a million nodes
/// deep do not overflow the stack. Runs with the engine's lock held (it takes `EngineState`).
struct GraphLowering {
    private(set) var graph = Graph()
    private(set) var sources: [Buffer] = []
    private var slotOf: [ObjectIdentifier: Int] = [:]
    /// This lowering's mark: a node whose `loweredBy` equals it has index `loweredIndex` in
    /// `graph`. Marks on the nodes instead of a dictionary: no hashing per edge, which was a
    /// third of the cost of evaluating a small expression.
    private let mark: UInt64

    init(roots: [Node], state: inout EngineState) {
        mark = state.nextMark()
        // A graph has more nodes than its tallest root is high: the one lower bound known
        // before the walk, and about half the count of a chain of binary operations.
        if let height = roots.map(\.height).max(), height > Node.recursionHeightLimit {
            graph.reserveCapacity(nodes: height + 1)
        }
        for root in roots { graph.outputs.append(lower(root, state)) }
    }

    private mutating func lower(_ root: Node, _ state: borrowing EngineState) -> Int {
        if let index = root.index(mark: mark, state) { return index }
        // Post-order walk: a node is appended once all its inputs are. `expanded` marks the
        // second visit, when the inputs are known.
        var stack: [Node] = [root]
        var expanded: [Bool] = [false]
        while let node = stack.popLast() {
            let secondVisit = expanded.removeLast()
            if node.index(mark: mark, state) != nil { continue }
            if let value = node.value(state) {
                node.record(index: appendSource(value, dtype: node.dtype, buffer: value.buffer), mark: mark, state)
            } else if secondVisit {
                let inputs = node.inputs(state).map { $0.index(mark: mark, state)! }
                let lowered = GraphNode(node.operation!, dtype: node.dtype, shape: node.shape, inputs: inputs, isBackward: node.isBackward)
                node.record(index: graph.append(lowered), mark: mark, state)
            } else {
                stack.append(node)
                expanded.append(true)
                for input in node.inputs(state).reversed() where input.index(mark: mark, state) == nil {
                    stack.append(input)
                    expanded.append(false)
                }
            }
        }
        return root.index(mark: mark, state)!
    }

    private mutating func appendSource(_ value: Materialized, dtype: DType, buffer: Buffer) -> Int {
        let bufferID = ObjectIdentifier(buffer)
        let slot: Int
        if let existing = slotOf[bufferID] {
            slot = existing
        } else {
            slot = sources.count
            sources.append(buffer)
            slotOf[bufferID] = slot
        }
        return graph.append(GraphNode(.source(slot: slot, view: value.view), dtype: dtype, shape: value.view.shape))
    }
}
