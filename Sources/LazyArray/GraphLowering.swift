import Kernels
import Scheduler

/// Flattens the unevaluated part of the node graph behind some roots into a `Graph` the
/// scheduler can plan. Evaluated nodes become sources. Iterative, so graphs a million nodes
/// deep do not overflow the stack. Call with `graphLock` held.
struct GraphLowering {
    private(set) var graph = Graph()
    private(set) var sources: [Buffer] = []
    private var slotOf: [ObjectIdentifier: Int] = [:]
    /// This lowering's mark: a node whose `loweredBy` equals it has index `loweredIndex` in
    /// `graph`. Marks on the nodes instead of a dictionary: no hashing per edge, which was a
    /// third of the cost of evaluating a small expression.
    private let mark: UInt64

    /// The last mark handed out (guarded by `graphLock`, like the nodes' marks).
    nonisolated(unsafe) static var lastMark: UInt64 = 0

    init(roots: [Node]) {
        GraphLowering.lastMark += 1
        mark = GraphLowering.lastMark
        for root in roots { graph.outputs.append(lower(root)) }
    }

    /// The node's index in this lowering's graph, if visited. Static, taking the mark: a method
    /// on `self` called inside the mutating walk made Swift copy the whole lowering (with its
    /// graph) at every call.
    static func index(of node: Node, mark: UInt64) -> Int? { node.loweredBy == mark ? node.loweredIndex : nil }

    static func record(_ node: Node, at index: Int, mark: UInt64) {
        node.loweredBy = mark
        node.loweredIndex = index
    }

    private mutating func lower(_ root: Node) -> Int {
        if let index = Self.index(of: root, mark: mark) { return index }
        // Post-order walk: a node is appended once all its inputs are. `expanded` marks the
        // second visit, when the inputs are known.
        var stack: [Node] = [root]
        var expanded: [Bool] = [false]
        while let node = stack.popLast() {
            let secondVisit = expanded.removeLast()
            if Self.index(of: node, mark: mark) != nil { continue }
            if let value = node.value {
                Self.record(node, at: appendSource(value, dtype: node.dtype, buffer: value.buffer), mark: mark)
            } else if secondVisit {
                let inputs = node.inputs.map { Self.index(of: $0, mark: mark)! }
                Self.record(node, at: graph.append(GraphNode(node.operation!, dtype: node.dtype, shape: node.shape, inputs: inputs)), mark: mark)
            } else {
                stack.append(node)
                expanded.append(true)
                for input in node.inputs.reversed() where Self.index(of: input, mark: mark) == nil {
                    stack.append(input)
                    expanded.append(false)
                }
            }
        }
        return Self.index(of: root, mark: mark)!
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
