import Kernels
import Scheduler

/// The lowering cache: a program that evaluates the same expression structure again and again
/// (a training step, a data-preparation loop) builds new nodes each time, but their graph is the
/// one lowered last time. Keyed by the roots' fingerprints (`Node.fingerprint`, computed as
/// nodes are built), a cached graph is checked against the new nodes in the lowering's own
/// order, node by node, collecting the source buffers on the way: no new `Graph`, no structure
/// key to hash, and the plan cache is then hit with a graph that hashes from its stored key.
/// The cache is `EngineState.loweringCache`: the engine's lock is held throughout.
extension GraphLowering {
    /// Graphs kept at most; the cache is cleared when it grows past this, as the plan cache is.
    static let cacheCapacity = 512
    /// Sources up to which a match finds a buffer's slot by a linear search (cheaper than hashing).
    fileprivate static let linearSourceSearch = 16

    /// The graph of `roots` and the buffers of its sources: a cached graph of the same
    /// structure when one matches, else a new lowering (which is then cached). Graphs taller
    /// than `Node.recursionHeightLimit` are always lowered: the match recurses.
    static func lowered(_ roots: [Node], state: inout EngineState) -> (graph: Graph, sources: [Buffer]) {
        guard roots.allSatisfy({ $0.height <= Node.recursionHeightLimit }) else {
            let lowering = GraphLowering(roots: roots, state: &state)
            return (lowering.graph, lowering.sources)
        }
        let key = roots.reduce(0) { StructureFingerprint.mix($0, $1.fingerprint) }
        if let graph = state.loweringCache[key], let sources = sources(of: roots, matching: graph, state: &state) {
            return (graph, sources)
        }
        let lowering = GraphLowering(roots: roots, state: &state)
        if state.loweringCache.count >= cacheCapacity { state.loweringCache = [:] }
        state.loweringCache[key] = lowering.graph
        return (lowering.graph, lowering.sources)
    }

    /// The source buffers of `roots` in slot order if lowering them would give exactly `graph`,
    /// else nil.
    private static func sources(of roots: [Node], matching graph: Graph, state: inout EngineState) -> [Buffer]? {
        guard graph.outputs.count == roots.count else { return nil }
        let mark = state.nextMark()
        return graph.nodes.withUnsafeBufferPointer { nodes in
            var match = Match(nodes: nodes, mark: mark)
            for (root, output) in zip(roots, graph.outputs) {
                guard match.visit(root, state), output == root.index(mark: mark, state) else { return nil }
            }
            return match.next == nodes.count ? match.sources : nil
        }
    }

    /// A walk over new nodes in the order `lower` takes (inputs first, in order, each node
    /// once), comparing each node with the cached graph's node at the same position instead of
    /// appending it, and collecting the source buffers on the way.
    private struct Match {
        let nodes: UnsafeBufferPointer<GraphNode>
        let mark: UInt64
        /// The position in `nodes` the next new node must match.
        var next = 0
        var sources: [Buffer] = []
        /// Buffer -> slot, kept once there are more sources than a linear search should scan
        /// (a concatenation of many arrays), so a match stays linear in the graph's size.
        var slotOfBuffer: [ObjectIdentifier: Int] = [:]

        /// Whether `node` and the unvisited nodes behind it match; recursive (the caller
        /// checked the height).
        mutating func visit(_ node: Node, _ state: borrowing EngineState) -> Bool {
            if node.index(mark: mark, state) != nil { return true }
            if let value = node.value(state) {
                guard next < nodes.count, nodes[next].dtype == node.dtype,
                      case .source(let expectedSlot, let view) = nodes[next].operation, view == value.view,
                      expectedSlot == slot(of: value.buffer) else { return false }
            } else {
                let inputs = node.inputs(state)
                guard inputs.everyInput({ visit($0, state) }), next < nodes.count else { return false }
                let expected = nodes.baseAddress! + next
                guard expected.pointee.dtype == node.dtype, expected.pointee.isBackward == node.isBackward,
                      expected.pointee.shape == node.shape,
                      expected.pointee.inputs.count == inputs.count,
                      GraphLowering.sameOperation(expected.pointee.operation, node.operation!) else { return false }
                var position = 0
                let mark = mark
                guard inputs.everyInput({ input in
                    defer { position += 1 }
                    return input.index(mark: mark, state) == expected.pointee.inputs[position]
                }) else { return false }
            }
            node.record(index: next, mark: mark, state)
            next += 1
            return true
        }

        /// The slot of `buffer`, numbering distinct buffers in order of first use as
        /// `appendSource` does.
        private mutating func slot(of buffer: Buffer) -> Int {
            let existing = sources.count <= GraphLowering.linearSourceSearch
                ? sources.firstIndex { $0 === buffer }
                : slotOfBuffer[ObjectIdentifier(buffer)]
            if let existing { return existing }
            sources.append(buffer)
            if sources.count == GraphLowering.linearSourceSearch + 1 {
                for (index, buffer) in sources.enumerated() { slotOfBuffer[ObjectIdentifier(buffer)] = index }
            } else if sources.count > GraphLowering.linearSourceSearch + 1 {
                slotOfBuffer[ObjectIdentifier(buffer)] = sources.count - 1
            }
            return sources.count - 1
        }
    }

    /// `a == b`, the common elementwise case compared without the general enum equality (which
    /// copies payloads).
    @inline(__always)
    fileprivate static func sameOperation(_ a: Operation, _ b: Operation) -> Bool {
        // Compared as their case numbers: `==` on a `package` enum of another module is a call
        // through its Equatable witness.
        if case .elementwise(let x) = a, case .elementwise(let y) = b {
            return unsafeBitCast(x, to: UInt8.self) == unsafeBitCast(y, to: UInt8.self)
        }
        return a == b
    }
}
