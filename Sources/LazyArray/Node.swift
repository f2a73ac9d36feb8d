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
    /// Guarded by `graphLock`; emptied when the node is evaluated.
    var inputs: [Node]
    /// Guarded by `graphLock`; set once evaluated.
    var value: Materialized?
    /// Guarded by `graphLock`: the last `GraphLowering` that visited this node, and the node's
    /// index in that lowering's graph.
    var loweredBy: UInt64 = 0
    var loweredIndex = 0
    /// A hash of the structure behind the node as built (`StructureFingerprint`): how the
    /// lowering cache finds a graph lowered before without lowering again.
    let fingerprint: Int

    init(_ operation: Operation, dtype: DType, shape: [Int], inputs: [Node]) {
        self.operation = operation
        self.dtype = dtype
        self.shape = shape
        self.inputs = inputs
        self.value = nil
        var hash = StructureFingerprint.node(operation, dtype: dtype, shape: shape)
        for input in inputs { hash = StructureFingerprint.mix(hash, input.fingerprint) }
        fingerprint = hash
    }

    init(value: Materialized, dtype: DType) {
        self.operation = nil
        self.dtype = dtype
        self.shape = value.view.shape
        self.inputs = []
        self.value = value
        fingerprint = StructureFingerprint.source(value.view, dtype: dtype)
    }

    /// Releases the inputs one at a time instead of recursively, so that freeing a chain of a
    /// million nodes does not overflow the stack: a node that only we hold gives its inputs to
    /// this loop before it is released.
    deinit {
        guard !inputs.isEmpty else { return }
        var pending = inputs
        inputs.removeAll()
        while var node = pending.popLast() {
            if isKnownUniquelyReferenced(&node) {
                pending.append(contentsOf: node.inputs)
                node.inputs.removeAll()
            }
        }
    }
}
