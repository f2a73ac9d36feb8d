import Kernels

/// What a graph node computes.
public enum Operation: Hashable, Sendable {
    /// An array that already has memory: `slot` indexes the buffers handed to the evaluator;
    /// `view` is its layout (part of the structure, so a plan is only reused for equal layouts).
    case source(slot: Int, view: View)
    /// A 0-d constant (broadcast by a view node where it is used).
    case constant(Scalar)
    /// An elementwise operation over inputs of the node's shape (bool for `select`'s condition).
    case elementwise(ElementwiseOp)
    /// Conversion of the single input to the node's dtype.
    case cast
    /// A view of the single input: no copy.
    case view(ViewTransform)
}

/// One node of the flat, value-typed graph the scheduler plans: SSA form, inputs by index,
/// always earlier in `Graph.nodes` than the node itself.
public struct GraphNode: Hashable, Sendable {
    public var operation: Operation
    public var dtype: DType
    public var shape: [Int]
    public var inputs: [Int]

    public init(_ operation: Operation, dtype: DType, shape: [Int], inputs: [Int] = []) {
        self.operation = operation
        self.dtype = dtype
        self.shape = shape
        self.inputs = inputs
    }

    /// The number of elements.
    public var count: Int { shape.reduce(1, *) }
}

/// The part of an expression graph that an `evaluate` call must compute, flattened.
///
/// Two graphs that compare equal have the same structure (operations, dtypes, shapes, source
/// layouts) and so the same plan: `Graph` is the plan cache's key. The buffers of source nodes
/// are passed separately and are not part of it.
public struct Graph: Hashable, Sendable {
    public var nodes: [GraphNode] = []
    /// The nodes whose values the caller wants back, in the caller's order.
    public var outputs: [Int] = []

    public init() {}

    /// Appends `node` and returns its index.
    @discardableResult
    public mutating func append(_ node: GraphNode) -> Int {
        nodes.append(node)
        return nodes.count - 1
    }

    /// How many nodes read each node (outputs count as one extra reader each).
    public func consumerCounts() -> [Int] {
        var counts = [Int](repeating: 0, count: nodes.count)
        for node in nodes { for input in node.inputs { counts[input] += 1 } }
        for output in outputs { counts[output] += 1 }
        return counts
    }
}

/// A computed array: its memory and its layout.
public struct Materialized: @unchecked Sendable {
    public let buffer: Buffer
    public let view: View
    public init(buffer: Buffer, view: View) {
        self.buffer = buffer
        self.view = view
    }
}
