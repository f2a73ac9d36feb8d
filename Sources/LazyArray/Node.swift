import Kernels
import Scheduler

/// The process-wide lock that guards every node's mutable state (`inputs`, `value`): evaluation
/// reads and rewrites that state for whole subgraphs, and graphs may share nodes across threads.
let graphLock = Mutex()

/// One vertex of the lazy expression graph: an operation, its inputs, and once evaluated, its
/// value. Immutable apart from the evaluation result: after evaluation a node keeps its buffer
/// and drops its inputs, so the graph behind it can be freed.
final class Node: @unchecked Sendable {
    /// What the node computes; nil for arrays made from data, which start evaluated.
    let operation: Operation?
    let dtype: DType
    let shape: [Int]
    /// Guarded by `graphLock`; emptied when the node is evaluated. Unchecked exclusivity: the
    /// lock already serializes every access, and the runtime's dynamic check cost more than the
    /// read itself on the hot paths of a small evaluate (lowering, the lowering cache's match).
    @exclusivity(unchecked) var inputs: NodeInputs
    /// Guarded by `graphLock`; set once evaluated.
    @exclusivity(unchecked) var value: Materialized?
    /// Guarded by `graphLock`: the last `GraphLowering` that visited this node, and the node's
    /// index in that lowering's graph.
    @exclusivity(unchecked) var loweredBy: UInt64 = 0
    @exclusivity(unchecked) var loweredIndex = 0
    /// A hash of the structure behind the node as built (`StructureFingerprint`): how the
    /// lowering cache finds a graph lowered before without lowering again.
    let fingerprint: Int
    /// The longest path from this node down to a node without inputs, as built: how deep
    /// freeing the graph behind it would recurse.
    let height: Int

    /// Graphs up to this height are walked by recursion (the cheapest way): freed by Swift's own
    /// recursive release, matched by the lowering cache; taller ones by loops with a stack of
    /// their own. 256 levels of either take well under the 512 KiB stack of a Dispatch worker.
    static let recursionHeightLimit = 256

    init(_ operation: Operation, dtype: DType, shape: [Int], inputs: NodeInputs) {
        self.operation = operation
        self.dtype = dtype
        self.shape = shape
        self.inputs = inputs
        self.value = nil
        var hash = StructureFingerprint.node(operation, dtype: dtype, shape: shape)
        var height = 0
        for input in inputs {
            hash = StructureFingerprint.mix(hash, input.fingerprint)
            height = max(height, input.height)
        }
        fingerprint = hash
        self.height = height + 1
    }

    init(value: Materialized, dtype: DType) {
        self.operation = nil
        self.dtype = dtype
        self.shape = value.view.shape
        self.inputs = .none
        self.value = value
        fingerprint = StructureFingerprint.source(value.view, dtype: dtype)
        height = 0
    }

    /// A tall graph's inputs are released one at a time instead of recursively, so that freeing
    /// a chain of a million nodes does not overflow the stack: a tall node that only we hold
    /// gives its inputs to this loop before it is released. Shorter graphs are left to Swift.
    deinit {
        guard height > Node.recursionHeightLimit, !inputs.isEmpty else { return }
        var pending: [Node] = []
        inputs.move(into: &pending)
        while var node = pending.popLast() {
            if node.height > Node.recursionHeightLimit, isKnownUniquelyReferenced(&node) {
                node.inputs.move(into: &pending)
            }
        }
    }
}
