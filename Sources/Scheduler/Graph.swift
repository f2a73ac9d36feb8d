import Kernels

/// What a graph node computes.
package enum Operation: Hashable, Sendable {
    /// An array that already has memory: `slot` indexes the buffers handed to the evaluator;
    /// `view` is its layout (part of the structure, so a plan is only reused for equal layouts).
    case source(slot: Int, view: View)
    /// Every element of the node's shape is this value: kernels read it as a scalar operand,
    /// never from memory (so `x + 1` needs no node to broadcast the 1).
    case constant(Scalar)
    /// An elementwise operation over inputs of the node's shape (bool for `select`'s condition).
    case elementwise(ElementwiseOp)
    /// Conversion of the single input to the node's dtype.
    case cast
    /// A view of the single input: no copy.
    case view(ViewTransform)
    /// The single input reduced along `axes` (sorted, non-negative); the node's shape is the
    /// input's without those axes, its dtype the result's (e.g. int64 for `argmax`).
    case reduce(ReduceOp, axes: [Int])
    /// Samples from `distribution` in row-major order of the node's shape; the single input is
    /// a source holding the generator's key and counter (`RandomDistribution.parameterBytes`).
    case random(RandomDistribution)
    /// The batched matrix product of the two inputs, of shapes `batch + [m, k]` and
    /// `batch + [k, n]` (one batch shape, the node's dtype). The node's shape is
    /// `batch + [m, n]` or that shape without the `m` or `n` axis of a 1-D operand (NumPy's
    /// `matmul` of vectors): the same elements in the same row-major order. A kernel boundary.
    case matmul
    /// Softmax (or with `logarithmic`, log-softmax) of the single input along its last axis,
    /// float32 or float64; the node has the input's shape and dtype. A kernel boundary
    /// (`RowSoftmax`): each row is read once and written once.
    case softmax(logarithmic: Bool)
    /// The inputs (all of the node's dtype and rank) joined end to end along `axis`; the node's
    /// shape is theirs with the sizes along `axis` added. A kernel boundary whose parts are
    /// computed straight into their slices of its buffer (`FusionPlanner+Concatenate.swift`).
    case concatenate(axis: Int)
    /// A gather (or scatter-add) of the first input's sub-arrays along `axis` at the positions
    /// the second input holds (int64, 1-D, already resolved to `0..<` the gathered axis's
    /// length): the node's shape is the first input's with `axis` the positions' count (for a
    /// scatter-add, the target's length). The positions are data, so one plan serves every
    /// batch's. A kernel boundary (`IndexedAxisCopy`, FusionPlanner+IndexedAxis.swift).
    case indexed(IndexedAxisDirection, axis: Int)
    /// The cumulative sum or product of the single input (of the node's shape and dtype:
    /// float32, float64 or int64) along `axis` (non-negative). A kernel boundary that computes
    /// its elementwise producers itself, unit by unit, and scans them in place (`AxisScan`,
    /// FusionPlanner+Scan.swift): `cumsum(a * 2 + 1)` reads `a` once.
    case scan(ScanOp, axis: Int)
}

/// One node of the flat, value-typed graph the scheduler plans: SSA form, inputs by index,
/// always earlier in `Graph.nodes` than the node itself.
package struct GraphNode: Hashable, Sendable {
    package var operation: Operation
    package var dtype: DType
    /// Whether a gradient's backward pass built the node (LazyArray's `Node.isBackward`): what
    /// `explain()` labels kernels and kept intermediates by. Part of the structure, so a cached
    /// plan carries the labels of a graph like the one asking.
    package var isBackward: Bool
    package var shape: [Int]
    package var inputs: [Int]

    package init(_ operation: Operation, dtype: DType, shape: [Int], inputs: [Int] = [], isBackward: Bool = false) {
        self.operation = operation
        self.dtype = dtype
        self.isBackward = isBackward
        self.shape = shape
        self.inputs = inputs
    }

    /// The number of elements.
    package var count: Int { shape.reduce(1, *) }
}

/// The part of an expression graph that an `evaluate` call must compute, flattened.
///
/// Two graphs that compare equal have the same structure (operations, dtypes, shapes, source
/// layouts) and so the same plan: `Graph` is the plan cache's key. The buffers of source nodes
/// are passed separately and are not part of it.
package struct Graph: Hashable, Sendable {
    package private(set) var nodes: [GraphNode] = []
    /// The nodes whose values the caller wants back, in the caller's order.
    package var outputs: [Int] = []
    /// Every node's structure flattened into integers as the node is appended: hashing and
    /// comparing one flat array is what makes a plan-cache lookup cost a few hundred
    /// nanoseconds instead of a walk over nested arrays and enums.
    private var structure: [Int] = []
    /// A running hash of `structure`, kept as it grows: what `hash(into:)` feeds the hasher,
    /// so a plan-cache lookup hashes one integer instead of the whole structure (equal graphs
    /// have equal structures, so equal hashes; `==` still compares the structures).
    private var structureHash = 0
    /// Whether some node was built by a backward pass (`GraphNode.isBackward`): only then does
    /// the planner work out which kernels belong to which pass.
    package private(set) var hasBackwardNodes = false
    /// Whether `structure` holds every node: false once the graph outgrows
    /// `largestCachedGraph`, when the structure is dropped and no longer written.
    package private(set) var isCacheable = true

    /// Graphs of more nodes than this are planned every time and never kept by the plan cache,
    /// so they need no structure: such a graph is an unrolled loop built once (`x = x + 1` a
    /// million times), and its structure, graph and plan take about 500 bytes a node (a
    /// cached million-node chain held 1 GB after its arrays were gone). Planning is linear in
    /// the nodes (docs/performance.md, "Issue 22: a million-node graph").
    package static let largestCachedGraph = 100_000

    package init() {}

    /// Makes room for `count` nodes: a deep graph then grows its arrays once instead of
    /// doubling them a dozen times (each a copy into freshly faulted pages).
    package mutating func reserveCapacity(nodes count: Int) {
        nodes.reserveCapacity(count)
        structure.reserveCapacity(Swift.min(count, Graph.largestCachedGraph) * 8)
    }

    /// Appends `node` and returns its index.
    @discardableResult
    package mutating func append(_ node: GraphNode) -> Int {
        if isCacheable {
            if nodes.count < Graph.largestCachedGraph {
                let start = structure.count
                node.encode(into: &structure)
                for value in structure[start...] { structureHash = StructureFingerprint.mix(structureHash, value) }
            } else {
                isCacheable = false
                structure = []
            }
        }
        if node.isBackward { hasBackwardNodes = true }
        nodes.append(node)
        return nodes.count - 1
    }

    /// Equal structures; a graph too large to cache compares its nodes instead.
    package static func == (lhs: Graph, rhs: Graph) -> Bool {
        guard lhs.isCacheable, rhs.isCacheable else {
            return lhs.isCacheable == rhs.isCacheable && lhs.outputs == rhs.outputs && lhs.nodes == rhs.nodes
        }
        return lhs.structureHash == rhs.structureHash && lhs.outputs == rhs.outputs && lhs.structure == rhs.structure
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(outputs)
        hasher.combine(structureHash)
    }

    /// How many nodes read each node (outputs count as one extra reader each).
    package func consumerCounts() -> [Int] {
        var counts = [Int](repeating: 0, count: nodes.count)
        for node in nodes { for input in node.inputs { counts[input] += 1 } }
        for output in outputs { counts[output] += 1 }
        return counts
    }
}

/// A computed array: its memory and its layout.
package struct Materialized: @unchecked Sendable {
    package let buffer: Buffer
    package let view: View
    package init(buffer: Buffer, view: View) {
        self.buffer = buffer
        self.view = view
    }
}

/// The position of a payload-free case among its enum's cases: its declaration order, which is
/// `allCases`' order and the enum's one-byte in-memory tag. `allCases.firstIndex(of:)` compared
/// String raw values case by case: 8% of the instructions of an Adam step on small parameters.
func caseOrdinal<E: CaseIterable & RawRepresentable>(_ value: E) -> Int {
    precondition(MemoryLayout<E>.size == 1, "\(E.self) is not a one-byte enum")
    return Int(unsafeBitCast(value, to: UInt8.self))
}

extension GraphNode {

    /// Appends an unambiguous integer encoding of the node to `structure`. The lengths of the
    /// variable parts follow from what precedes them: the shape's length is written, view
    /// payloads have the rank of the node's or its input's shape, and constants one value
    /// whose kind the dtype tells. A backward pass's node writes its dtype's index
    /// complemented (negative), which costs no extra integer per node.
    func encode(into structure: inout [Int]) {
        let dtypeIndex = caseOrdinal(dtype)
        structure.append(isBackward ? ~dtypeIndex : dtypeIndex)
        structure.append(shape.count)
        structure.append(contentsOf: shape)
        structure.append(inputs.count)
        structure.append(contentsOf: inputs)
        switch operation {
        case .source(let slot, let view):
            structure.append(0)
            structure.append(slot)
            structure.append(view.offset)
            structure.append(contentsOf: view.strides)
        case .constant(let value):
            structure.append(1)
            switch value {
            case .bool(let flag): structure.append(flag ? 1 : 0)
            case .int(let integer): structure.append(Int(integer))
            case .float(let double): structure.append(Int(bitPattern: UInt(double.bitPattern)))
            }
        case .elementwise(let op):
            structure.append(2)
            structure.append(caseOrdinal(op))
        case .cast:
            structure.append(3)
        case .reduce(let op, let axes):
            structure.append(4)
            structure.append(caseOrdinal(op))
            structure.append(axes.count)
            structure.append(contentsOf: axes)
        case .random(let distribution):
            structure.append(5)
            switch distribution {
            case .normal(let mean, let std): structure.append(contentsOf: [0, Int(bitPattern: UInt(mean.bitPattern)), Int(bitPattern: UInt(std.bitPattern))])
            case .uniform(let low, let high): structure.append(contentsOf: [1, Int(bitPattern: UInt(low.bitPattern)), Int(bitPattern: UInt(high.bitPattern))])
            case .integers(let low, let high): structure.append(contentsOf: [2, Int(low), Int(high)])
            case .bernoulli(let p): structure.append(contentsOf: [3, Int(bitPattern: UInt(p.bitPattern)), 0])
            }
        case .matmul:
            structure.append(6)
        case .softmax(let logarithmic):
            structure.append(7)
            structure.append(logarithmic ? 1 : 0)
        case .concatenate(let axis):
            structure.append(8)
            structure.append(axis)
        case .indexed(let direction, let axis):
            structure.append(9)
            structure.append(direction == .gather ? 0 : 1)
            structure.append(axis)
        case .scan(let op, let axis):
            structure.append(14)
            structure.append(caseOrdinal(op))
            structure.append(axis)
        case .view(let transform):
            switch transform {
            case .reshape(let target):
                structure.append(10)
                structure.append(contentsOf: target)
            case .permute(let axes):
                structure.append(11)
                structure.append(contentsOf: axes)
            case .broadcast(let target):
                structure.append(12)
                structure.append(contentsOf: target)
            case .slice(let slices):
                structure.append(13)
                for slice in slices {
                    structure.append(slice.start)
                    structure.append(slice.step)
                    structure.append(slice.count)
                }
            }
        }
    }
}
