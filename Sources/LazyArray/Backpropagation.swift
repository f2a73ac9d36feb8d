import Kernels
import Scheduler

/// One reverse-mode pass over the lazy graph: from a function's output back to its inputs,
/// each node's cotangent built from its derivative rule out of ordinary lazy operations
/// (`Backpropagation+Operations.swift` and the files beside it). Nothing is computed here: the
/// gradients are lazy arrays, planned and fused with the forward pass when evaluated, and
/// differentiable again (`grad(grad(f))`).
///
/// The pass runs inside a gradient session (`GradientSessions`), which keeps the inputs of
/// nodes evaluated meanwhile, so every node that depends on an input still shows how.
struct Backpropagation {
    /// A node that depends on one of the inputs, with the inputs the walk saw (a barrier's are
    /// the arrays it read, recorded by `NDArray.barrier`).
    struct Entry {
        let node: Node
        let inputs: [Node]
        /// Which of `inputs` depend on one of the function's inputs (only those get cotangents).
        let dependent: [Bool]
        /// The barrier that made the node, when it is one.
        let barrier: GradientSessions.Barrier?

        /// Whether input `position` takes a cotangent: it depends on an input of the function
        /// and is a float (integers and bools carry no gradient). Rules build only these.
        func wants(_ position: Int) -> Bool { dependent[position] && inputs[position].dtype.isFloatingPoint }
    }

    /// The nodes between the output and the inputs, inputs first.
    let entries: [Entry]
    private let leafIDs: Set<ObjectIdentifier>

    /// Collects the nodes of `root`'s graph that depend on `leaves`, with the engine's lock held
    /// (a node's inputs are read only under it). Iterative: graphs a million nodes deep do not
    /// overflow the stack. A node no taller than the lowest leaf cannot contain one, so the walk
    /// does not descend into the (possibly large) graphs behind constants.
    init(root: Node, leaves: [Node]) {
        let leafIDs = Set(leaves.map(ObjectIdentifier.init))
        self.leafIDs = leafIDs
        entries = Engine.shared.state.withLock { state -> [Entry] in
            let gradients = state.gradients
            // A barrier's result is a leaf of height 0 standing for a graph of any height, so
            // with barriers about, only data nodes (height 0) are known to hold no leaf.
            let lowest = gradients.barriers.isEmpty ? leaves.map(\.height).min() ?? 0 : 0
            var depends: [ObjectIdentifier: Bool] = [:]
            var entries: [Entry] = []
            var stack: [(node: Node, expanded: Bool)] = [(root, false)]
            func inputs(of node: Node) -> (nodes: [Node], barrier: GradientSessions.Barrier?) {
                if let barrier = gradients.barriers[ObjectIdentifier(node)] { return (barrier.inputs, barrier) }
                return (Array(node.inputs(state)), nil)
            }
            while let (node, expanded) = stack.popLast() {
                let id = ObjectIdentifier(node)
                if depends[id] != nil { continue }
                if !expanded {
                    if leafIDs.contains(id) {
                        depends[id] = true
                        entries.append(Entry(node: node, inputs: [], dependent: [], barrier: nil))
                    } else if gradients.stopped[id] != nil || (node.height <= lowest && gradients.barriers[id] == nil) {
                        depends[id] = false
                    } else {
                        stack.append((node, true))
                        for input in inputs(of: node).nodes.reversed() where depends[ObjectIdentifier(input)] == nil {
                            stack.append((input, false))
                        }
                    }
                    continue
                }
                let (nodes, barrier) = inputs(of: node)
                let dependent = nodes.map { depends[ObjectIdentifier($0)] == true }
                let dependsOnLeaf = dependent.contains(true)
                depends[id] = dependsOnLeaf
                if dependsOnLeaf { entries.append(Entry(node: node, inputs: nodes, dependent: dependent, barrier: barrier)) }
            }
            return entries
        }
    }

    /// The cotangent of each leaf (zeros for one the output does not depend on), pulling back
    /// `cotangent` (of the output's shape; nil: 1, for a 0-d output) from `output`. Every node
    /// built here, the seed and the rules' nodes, is marked as the backward pass's
    /// (`BackwardPassMark`).
    func cotangents(of output: NDArray, seededWith cotangent: NDArray?, leaves: [Node]) -> [NDArray] {
        BackwardPassMark.building {
            let seed = cotangent?.astype(output.dtype) ?? NDArray.full([], .float(1), dtype: output.dtype)
            return backward(seed: seed, root: output.node, leaves: leaves)
        }
    }

    /// `cotangents`' body, with its nodes marked.
    private func backward(seed: NDArray, root: Node, leaves: [Node]) -> [NDArray] {
        var cotangents: [ObjectIdentifier: NDArray] = [ObjectIdentifier(root): seed]
        for entry in entries.reversed() {
            let id = ObjectIdentifier(entry.node)
            if leafIDs.contains(id) { continue }
            // Released once passed down: the backward graph holds what it needs.
            guard let cotangent = cotangents.removeValue(forKey: id) else { continue }
            let contributions: [(Int, NDArray)]
            if let barrier = entry.barrier {
                guard let derivative = barrier.derivative else {
                    ErrorScope.report(LazyArrayError("grad", "no derivative is defined for \(barrier.operation) yet: the gradient cannot pass through it (its result is copied on the CPU, not an operation of the graph)"))
                    continue
                }
                let all = derivative(cotangent)
                contributions = all.indices.filter(entry.wants).map { ($0, all[$0]) }
            } else {
                contributions = Backpropagation.inputCotangents(entry, cotangent)
            }
            for (position, contribution) in contributions {
                let key = ObjectIdentifier(entry.inputs[position])
                cotangents[key] = cotangents[key].map { $0 + contribution } ?? contribution
            }
        }
        return leaves.map { leaf in
            cotangents[ObjectIdentifier(leaf)] ?? NDArray.full(leaf.shape, .float(0), dtype: leaf.dtype)
        }
    }
}
