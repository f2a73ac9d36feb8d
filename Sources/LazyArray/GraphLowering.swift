import Kernels
import Scheduler

/// Flattens the unevaluated part of the node graph behind some roots into a `Graph` the
/// scheduler can plan. Evaluated nodes become sources. Iterative, so graphs a million nodes
/// deep do not overflow the stack. Call with `graphLock` held.
struct GraphLowering {
    private(set) var graph = Graph()
    private(set) var sources: [Buffer] = []
    private var indexOf: [ObjectIdentifier: Int] = [:]
    private var slotOf: [ObjectIdentifier: Int] = [:]

    init(roots: [Node]) {
        for root in roots { graph.outputs.append(lower(root)) }
    }

    private mutating func lower(_ root: Node) -> Int {
        if let index = indexOf[ObjectIdentifier(root)] { return index }
        // Post-order walk: a node is appended once all its inputs are. `expanded` marks the
        // second visit, when the inputs are known.
        var stack: [Node] = [root]
        var expanded: [Bool] = [false]
        while let node = stack.popLast() {
            let secondVisit = expanded.removeLast()
            let id = ObjectIdentifier(node)
            if indexOf[id] != nil { continue }
            if let value = node.value {
                indexOf[id] = appendSource(value, dtype: node.dtype, buffer: value.buffer)
            } else if secondVisit {
                var inputs: [Int] = []
                inputs.reserveCapacity(node.inputs.count)
                for input in node.inputs { inputs.append(indexOf[ObjectIdentifier(input)]!) }
                indexOf[id] = graph.append(GraphNode(node.operation!, dtype: node.dtype, shape: node.shape, inputs: inputs))
            } else {
                stack.append(node)
                expanded.append(true)
                for input in node.inputs.reversed() where indexOf[ObjectIdentifier(input)] == nil {
                    stack.append(input)
                    expanded.append(false)
                }
            }
        }
        return indexOf[ObjectIdentifier(root)]!
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
