import Kernels
import Scheduler

/// An n-dimensional array whose operations build a lazy expression graph.
///
/// NumPy equivalent: `numpy.ndarray`. Arithmetic, comparisons, math functions, reductions and
/// views on an `NDArray` return at once with the result's shape and dtype known and checked;
/// nothing is computed until ``evaluate(mode:backend:)``, ``LazyArray/evaluate(_:mode:backend:)`` or a read of
/// the data (``toArray(_:)``, ``item(_:)``, `description`). `NDArray` is a value: a struct around
/// an immutable graph node, safe to share between threads.
public struct NDArray: Sendable {
    let node: Node

    init(node: Node) { self.node = node }

    /// The element type. NumPy: `a.dtype`.
    public var dtype: DType { node.dtype }
    /// The length of each axis. NumPy: `a.shape`.
    public var shape: [Int] { node.shape }
    /// The number of axes. NumPy: `a.ndim`.
    public var ndim: Int { node.shape.count }
    /// The number of elements. NumPy: `a.size`.
    public var size: Int { node.shape.reduce(1, *) }
    /// Whether the array's value has been computed (no NumPy equivalent: NumPy is eager).
    public var isEvaluated: Bool { node.lockedValue != nil }

    /// A new array node computing `operation` over `inputs`. Always inlined, as the node's
    /// init is (`Node.init`): the optimizer stopped inlining both once the node recorded
    /// `isBackward`, and the calls cost the construction of small graphs more than the mark.
    @inline(__always)
    init(_ operation: Operation, dtype: DType, shape: [Int], inputs: [NDArray]) {
        self.node = Node(operation, dtype: dtype, shape: shape, inputs: NodeInputs(inputs.map(\.node)))
    }

    /// A new array node computing `operation` over one input (no array of inputs to build).
    @inline(__always)
    init(_ operation: Operation, dtype: DType, shape: [Int], input: NDArray) {
        self.node = Node(operation, dtype: dtype, shape: shape, inputs: .one(input.node))
    }
}
