import Kernels
import Scheduler

/// The lowering cache: a program that evaluates the same expression structure again and again
/// (a training step, a data-preparation loop) builds new nodes each time, but their graph is the
/// one lowered last time. Keyed by the roots' fingerprints (`Node.fingerprint`, computed as
/// nodes are built), a cached graph is checked against the new nodes in the lowering's own
/// order, node by node, collecting the source buffers on the way: no new `Graph`, no structure
/// key to hash, and the plan cache is then hit with a graph that hashes from its stored key.
/// Call with `graphLock` held.
extension GraphLowering {
    /// Graphs lowered before, by the fingerprint of their roots (guarded by `graphLock`).
    nonisolated(unsafe) private static var cache: [Int: Graph] = [:]
    /// Graphs kept at most; the cache is cleared when it grows past this, as the plan cache is.
    static let cacheCapacity = 512
    /// Sources up to which a match finds a buffer's slot by a linear search (cheaper than hashing).
    private static let linearSourceSearch = 16

    /// The graph of `roots` and the buffers of its sources: a cached graph of the same
    /// structure when one matches, else a new lowering (which is then cached).
    static func lowered(_ roots: [Node]) -> (graph: Graph, sources: [Buffer]) {
        let key = roots.reduce(0) { StructureFingerprint.mix($0, $1.fingerprint) }
        if let graph = cache[key], let sources = sources(of: roots, matching: graph) { return (graph, sources) }
        let lowering = GraphLowering(roots: roots)
        if cache.count >= cacheCapacity { cache = [:] }
        cache[key] = lowering.graph
        return (lowering.graph, lowering.sources)
    }

    /// The source buffers of `roots` in slot order if lowering them would give exactly `graph`,
    /// else nil. Walks as `lower` does (same order, same marks), comparing instead of appending.
    private static func sources(of roots: [Node], matching graph: Graph) -> [Buffer]? {
        lastMark += 1
        let mark = lastMark
        guard graph.outputs.count == roots.count else { return nil }
        return graph.nodes.withUnsafeBufferPointer { nodes in
            sources(of: roots, matching: nodes, outputs: graph.outputs, mark: mark)
        }
    }

    /// `sources(of:matching:)` over the graph's nodes in place (no copy of a node per visit).
    private static func sources(of roots: [Node], matching nodes: UnsafeBufferPointer<GraphNode>, outputs: [Int],
                                mark: UInt64) -> [Buffer]? {
        var sources: [Buffer] = []
        // Buffer -> slot, kept once there are more sources than a linear search should scan
        // (a concatenation of many arrays), so a match stays linear in the graph's size.
        var slotOfBuffer: [ObjectIdentifier: Int] = [:]
        var next = 0
        var stack: [Node] = []
        var expanded: [Bool] = []
        stack.reserveCapacity(nodes.count)
        expanded.reserveCapacity(nodes.count)
        for (position, root) in roots.enumerated() {
            if index(of: root, mark: mark) == nil {
                stack.append(root)
                expanded.append(false)
            }
            while let node = stack.popLast() {
                let secondVisit = expanded.removeLast()
                if index(of: node, mark: mark) != nil { continue }
                if let value = node.value {
                    guard next < nodes.count, nodes[next].dtype == node.dtype,
                          case .source(let slot, let view) = nodes[next].operation, view == value.view else { return nil }
                    // Slots number distinct buffers in order of first use, as `appendSource` does.
                    let existing = sources.count <= Self.linearSourceSearch
                        ? sources.firstIndex { $0 === value.buffer }
                        : slotOfBuffer[ObjectIdentifier(value.buffer)]
                    guard slot == existing ?? sources.count else { return nil }
                    if existing == nil {
                        sources.append(value.buffer)
                        if sources.count == Self.linearSourceSearch + 1 {
                            for (index, buffer) in sources.enumerated() { slotOfBuffer[ObjectIdentifier(buffer)] = index }
                        } else if sources.count > Self.linearSourceSearch + 1 {
                            slotOfBuffer[ObjectIdentifier(value.buffer)] = sources.count - 1
                        }
                    }
                } else if secondVisit {
                    guard next < nodes.count, nodes[next].dtype == node.dtype, nodes[next].shape == node.shape,
                          nodes[next].inputs.count == node.inputs.count,
                          sameOperation(nodes[next].operation, node.operation!) else { return nil }
                    for (input, expectedIndex) in zip(node.inputs, nodes[next].inputs)
                    where index(of: input, mark: mark) != expectedIndex { return nil }
                } else {
                    stack.append(node)
                    expanded.append(true)
                    for input in node.inputs.reversed() where index(of: input, mark: mark) == nil {
                        stack.append(input)
                        expanded.append(false)
                    }
                    continue
                }
                record(node, at: next, mark: mark)
                next += 1
            }
            guard outputs[position] == index(of: root, mark: mark) else { return nil }
        }
        return next == nodes.count ? sources : nil
    }

    /// `a == b`, the common elementwise case compared without the general enum equality (which
    /// copies payloads).
    @inline(__always)
    private static func sameOperation(_ a: Operation, _ b: Operation) -> Bool {
        if case .elementwise(let x) = a, case .elementwise(let y) = b { return x == y }
        return a == b
    }
}
