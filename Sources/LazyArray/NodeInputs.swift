/// A node's inputs, stored inline for the arities almost every operation has (a constant has
/// none, a view or a unary op one, a binary op two, `where` three): building an expression then
/// allocates one object per node instead of two (the node and an array of its inputs), and
/// freeing it frees half as much. Measured on `poly` at N = 1000 (docs/performance.md).
enum NodeInputs: RandomAccessCollection {
    case none
    case one(Node)
    case two(Node, Node)
    case three(Node, Node, Node)
    case many([Node])

    init(_ nodes: [Node]) {
        switch nodes.count {
        case 0: self = .none
        case 1: self = .one(nodes[0])
        case 2: self = .two(nodes[0], nodes[1])
        case 3: self = .three(nodes[0], nodes[1], nodes[2])
        default: self = .many(nodes)
        }
    }

    var startIndex: Int { 0 }

    var endIndex: Int {
        switch self {
        case .none: 0
        case .one: 1
        case .two: 2
        case .three: 3
        case .many(let nodes): nodes.count
        }
    }

    subscript(position: Int) -> Node {
        switch self {
        case .none: preconditionFailure("a node without inputs has no input \(position)")
        case .one(let first): return first
        case .two(let first, let second): return position == 0 ? first : second
        case .three(let first, let second, let third): return position == 0 ? first : position == 1 ? second : third
        case .many(let nodes): return nodes[position]
        }
    }

    /// Whether `body` holds for every input, asked in order and stopping at the first that does
    /// not. `Sequence.allSatisfy` copies the inputs for its iterator (retaining every node); this
    /// reads them in place, which the lowering cache's match does for every edge.
    @inline(__always)
    func everyInput(_ body: (Node) -> Bool) -> Bool {
        switch self {
        case .none: true
        case .one(let first): body(first)
        case .two(let first, let second): body(first) && body(second)
        case .three(let first, let second, let third): body(first) && body(second) && body(third)
        case .many(let nodes): nodes.allSatisfy(body)
        }
    }

    /// Moves the inputs to the end of `nodes` and leaves none here, so that `nodes` holds the
    /// only references this node had (how `Node.deinit` tells which inputs it alone kept alive).
    mutating func move(into nodes: inout [Node]) {
        switch self {
        case .none: return
        case .one(let first): nodes.append(first)
        case .two(let first, let second): nodes.append(first); nodes.append(second)
        case .three(let first, let second, let third): nodes.append(first); nodes.append(second); nodes.append(third)
        case .many(let inputs): nodes.append(contentsOf: inputs)
        }
        self = .none
    }
}
