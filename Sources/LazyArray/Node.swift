import Kernels
import Scheduler

/// One vertex of the lazy expression graph: an operation, its inputs, and once evaluated, its
/// value. Immutable apart from the evaluation result: after evaluation a node keeps its buffer
/// and drops its inputs, so the graph behind it can be freed.
///
/// The mutable fields are private and reached only through methods that take the engine's
/// state (`EngineState`), which exists only inside `Engine.shared.state.withLock` and cannot be
/// copied out of it: every read and write of them happens with the engine's lock held, which
/// the type system checks. Graphs may share nodes across threads.
final class Node: @unchecked Sendable {
    /// What the node computes; nil for arrays made from data, which start evaluated.
    let operation: Operation?
    let dtype: DType
    /// Whether a backward pass built the node (`BackwardPassMark`): part of its structure
    /// (fingerprint, lowered graph, plan-cache key), so `explain()` labels a cached plan's
    /// kernels by the graph they were planned for. False for data and for every node built
    /// outside a backward pass, the user's own code included.
    let isBackward: Bool
    let shape: [Int]
    /// Emptied when the node is evaluated. Unchecked exclusivity: the lock already serializes
    /// every access, and the runtime's dynamic check cost more than the read itself on the hot
    /// paths of a small evaluate (lowering, the lowering cache's match).
    @exclusivity(unchecked) private var storedInputs: NodeInputs
    /// Set once evaluated.
    @exclusivity(unchecked) private var storedValue: Materialized?
    /// The last `GraphLowering` that visited this node, and the node's index in that lowering's
    /// graph.
    @exclusivity(unchecked) private var loweredBy: UInt64 = 0
    @exclusivity(unchecked) private var loweredIndex = 0
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

    /// Always inlined: recording `isBackward` made it just large enough for the optimizer to
    /// call it instead (at 39 sites), and the copies and retains of the operation and inputs a
    /// call needs took building `poly`'s graph at N = 1000 from 7.2K to 10.5K instructions
    /// (callgrind, `bench --filter overhead`); inlined, 7.3K.
    @inline(__always)
    init(_ operation: Operation, dtype: DType, shape: [Int], inputs: NodeInputs) {
        self.operation = operation
        self.dtype = dtype
        let isBackward = BackwardPassMark.isActive
        self.isBackward = isBackward
        self.shape = shape
        self.storedInputs = inputs
        self.storedValue = nil
        var hash = StructureFingerprint.node(operation, dtype: dtype, shape: shape)
        if isBackward { hash = StructureFingerprint.mix(hash, StructureFingerprint.backwardCode) }
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
        self.isBackward = false
        self.shape = value.view.shape
        self.storedInputs = .none
        self.storedValue = value
        fingerprint = StructureFingerprint.source(value.view, dtype: dtype)
        height = 0
    }

    /// A tall graph's inputs are released one at a time instead of recursively, so that freeing
    /// a chain of a million nodes does not overflow the stack: a tall node that only we hold
    /// gives its inputs to this loop before it is released. Shorter graphs are left to Swift.
    deinit {
        // No lock: a node being freed, and one only the loop below holds, is reachable from no
        // other thread.
        guard height > Node.recursionHeightLimit, !storedInputs.isEmpty else { return }
        var pending: [Node] = []
        storedInputs.move(into: &pending)
        while var node = pending.popLast() {
            if node.height > Node.recursionHeightLimit, isKnownUniquelyReferenced(&node) {
                node.storedInputs.move(into: &pending)
            }
        }
    }
}

/// The mutable fields, each access lent the engine's state as proof that its lock is held.
extension Node {
    @inline(__always) func inputs(_ state: borrowing EngineState) -> NodeInputs { storedInputs }

    @inline(__always) func value(_ state: borrowing EngineState) -> Materialized? { storedValue }

    /// Stores the node's value, unless another evaluation published one first (both computed
    /// the same bits from the same snapshot), and hands back its inputs, which the caller
    /// releases after the lock: freeing the graph behind them runs deinitializers that must not
    /// run with the lock held.
    ///
    /// Evaluated while a gradient is taken (`keepingInputs`), the node keeps its inputs
    /// (`GradientSessions`), so the backward pass sees through it; the last session to end
    /// drops them (`dropInputs`).
    func publish(_ value: Materialized, keepingInputs: Bool, _ state: inout EngineState) -> NodeInputs {
        if storedValue == nil { storedValue = value }
        if keepingInputs {
            state.gradients.kept.append(self)
            return .none
        }
        return dropInputs(state)
    }

    /// Forgets the node's inputs and hands them back, for the caller to release after the lock.
    func dropInputs(_ state: borrowing EngineState) -> NodeInputs {
        let inputs = storedInputs
        storedInputs = .none
        return inputs
    }

    /// The node's index in the graph of the lowering with `mark`, if that lowering visited it.
    @inline(__always) func index(mark: UInt64, _ state: borrowing EngineState) -> Int? {
        loweredBy == mark ? loweredIndex : nil
    }

    @inline(__always) func record(index: Int, mark: UInt64, _ state: borrowing EngineState) {
        loweredBy = mark
        loweredIndex = index
    }

    /// The value now, taking the engine's lock (nil while pending).
    var lockedValue: Materialized? { Engine.shared.state.withLock { value($0) } }
}
