import Kernels

/// Partitions a graph into fused kernels (DESIGN.md, "Fusion rules"):
/// 1. elementwise ops, casts, `where`, comparisons and views fuse into one kernel per iteration
///    shape; views become strided loads, never copies;
/// 2. a node is *realized* (computed into memory, or kept in a register of its kernel) when it
///    is an output, has several consumers, is read through a view that needs a copy (a reshape
///    that merges misaligned axes) or through a broadcast that would recompute expensive work,
///    or when inlining it would make an expression too long;
/// 3. realized nodes of the same shape that read each other element for element join one
///    kernel with several outputs, so a shared subexpression is computed once, in a register;
/// 4. a realized node is stored only when an output or another kernel needs it.
struct FusionPlanner {
    /// Inlined work (in add-equivalents) beyond which an expression is cut into two kernels.
    static let maxInlineCost = 48
    /// Instructions per kernel at most (each one is a pass over the block).
    static let maxKernelCost = 128
    /// Work above which a value is computed once rather than recomputed under a broadcast.
    static let broadcastRecomputeCost = 8

    let graph: Graph
    private var realized: [Bool]
    /// Nodes whose value is a view of a buffer (a source or a realized node): slot owner + view.
    var base: [BufferBase?]
    /// Inlined cost of each node's expression up to realized or buffer-backed inputs.
    private var cost: [Int]
    private var plan = Plan()
    var slotOfNode: [Int: Int] = [:]
    private var kernelOfNode: [Int: Int] = [:]

    enum BufferOwner: Hashable { case source(Int), node(Int) }
    struct BufferBase { var owner: BufferOwner; var view: View }

    init(graph: Graph) {
        self.graph = graph
        realized = [Bool](repeating: false, count: graph.nodes.count)
        base = [BufferBase?](repeating: nil, count: graph.nodes.count)
        cost = [Int](repeating: 0, count: graph.nodes.count)
    }

    /// Plans `graph`.
    static func plan(_ graph: Graph) -> Plan {
        var planner = FusionPlanner(graph: graph)
        planner.decideRealization()
        return planner.buildKernels()
    }

    // MARK: - Which nodes are realized

    private mutating func decideRealization() {
        let consumers = graph.consumerCounts()
        var sourceCount = 0
        for output in graph.outputs { realized[output] = true }
        for (index, node) in graph.nodes.enumerated() {
            switch node.operation {
            case .source(let slot, let view):
                sourceCount = max(sourceCount, slot + 1)
                base[index] = BufferBase(owner: .source(slot), view: view)
            case .constant:
                cost[index] = 0
            case .view(let transform):
                let input = node.inputs[0]
                if let inputBase = base[input] {
                    if let view = inputBase.view.applying(transform) {
                        base[index] = BufferBase(owner: inputBase.owner, view: view)
                    } else {
                        realize(input, copying: true)
                        base[index] = BufferBase(owner: .node(input), view: View(contiguous: graph.nodes[input].shape).applying(transform)!)
                    }
                } else if isExpression(input) && needsMaterializedInput(transform, input: input, outputShape: node.shape) {
                    realize(input)
                    base[index] = BufferBase(owner: .node(input), view: View(contiguous: graph.nodes[input].shape).applying(transform)!)
                } else {
                    cost[index] = cost[input]
                }
            case .elementwise(let op):
                cost[index] = op.cost + node.inputs.reduce(0) { $0 + cost[$1] }
                if consumers[index] > 1 || cost[index] > Self.maxInlineCost { realized[index] = true }
            case .cast:
                cost[index] = 1 + cost[node.inputs[0]]
                if consumers[index] > 1 || cost[index] > Self.maxInlineCost { realized[index] = true }
            case .matmul:
                // A kernel boundary: operands in memory (any strided view), result in its own.
                for input in node.inputs where base[input] == nil { realize(input) }
                realized[index] = true
            }
            if realized[index] { realize(index) }
        }
        plan.sourceCount = sourceCount
    }

    private func isExpression(_ index: Int) -> Bool {
        switch graph.nodes[index].operation {
        case .elementwise, .cast, .view: true
        default: false
        }
    }

    /// Whether a view of the (unrealized) expression `input` must read it from memory.
    private func needsMaterializedInput(_ transform: ViewTransform, input: Int, outputShape: [Int]) -> Bool {
        if transform.mayNeedCopy(from: graph.nodes[input].shape) { return true }
        if case .broadcast = transform, outputShape.reduce(1, *) > graph.nodes[input].count {
            return cost[input] >= Self.broadcastRecomputeCost
        }
        return false
    }

    /// Marks a node as computed into its own value; its consumers see it as a buffer. A node
    /// that is already a view of a buffer keeps reading it unless `copying` asks for a
    /// contiguous copy (because a later view of it has no strided form).
    private mutating func realize(_ index: Int, copying: Bool = false) {
        realized[index] = true
        cost[index] = 0
        if base[index] == nil || copying {
            base[index] = BufferBase(owner: .node(index), view: View(contiguous: graph.nodes[index].shape))
        }
    }

    /// Whether node `index` needs a kernel (a realized node that is not just a view of a buffer).
    func computes(_ index: Int) -> Bool {
        guard realized[index], case .node(let owner) = base[index]?.owner else { return false }
        return owner == index
    }

    // MARK: - Kernels

    private mutating func buildKernels() -> Plan {
        // Group computed nodes into kernels, in topological order.
        var members: [[Int]] = []
        var kernelCost: [Int] = []
        var loadsOf: [Int: [(node: Int, identity: Bool)]] = [:]
        let epilogues = findMatmulEpilogues()
        for index in graph.nodes.indices where computes(index) {
            let loads = realizedLoads(of: index)
            loadsOf[index] = loads
            if isMatmulKernel(index, epilogues) {
                // A kernel of its own that nothing joins (FusionPlanner+Matmul.swift); a matmul
                // with an epilogue gets it when its epilogue node comes.
                if epilogues.epilogueOf[index] == nil {
                    members.append([index])
                    kernelCost.append(Self.maxKernelCost)
                    kernelOfNode[index] = members.count - 1
                    if let product = epilogues.productOf[index] { kernelOfNode[product] = members.count - 1 }
                }
                continue
            }
            let latest = loads.compactMap { kernelOfNode[$0.node] }.max()
            let nodeCost = expressionCost(index)
            if let kernel = latest,
               graph.nodes[members[kernel][0]].shape == graph.nodes[index].shape,
               loads.allSatisfy({ kernelOfNode[$0.node] != kernel || $0.identity }),
               kernelCost[kernel] + nodeCost <= Self.maxKernelCost {
                members[kernel].append(index)
                kernelCost[kernel] += nodeCost
                kernelOfNode[index] = kernel
            } else {
                members.append([index])
                kernelCost.append(nodeCost)
                kernelOfNode[index] = members.count - 1
            }
        }
        // A computed node is stored when an output or another kernel reads it.
        var stored = Set<Int>()
        for output in graph.outputs {
            if case .node(let owner) = base[output]?.owner { stored.insert(owner) }
        }
        for (index, loads) in loadsOf {
            for load in loads where kernelOfNode[load.node] != kernelOfNode[index] || !load.identity {
                stored.insert(load.node)
            }
        }
        for index in stored.sorted() {
            slotOfNode[index] = plan.sourceCount + plan.intermediateBytes.count
            plan.intermediateBytes.append(graph.nodes[index].count * graph.nodes[index].dtype.byteSize)
        }
        for kernelMembers in members {
            if let kernel = matmulKernel(kernelMembers[0], epilogues: epilogues) {
                plan.kernels.append(kernel)
                continue
            }
            var emitter = KernelEmitter(planner: self, members: Set(kernelMembers))
            for member in kernelMembers {
                emitter.emitMember(member, stored: stored.contains(member) ? slotOfNode[member] : nil)
            }
            plan.kernels.append(emitter.finish(shape: graph.nodes[kernelMembers[0]].shape))
        }
        plan.outputs = graph.outputs.map { output in
            let value = base[output]!
            switch value.owner {
            case .source(let slot): return (slot, value.view)
            case .node(let node): return (slotOfNode[node]!, value.view)
            }
        }
        return plan
    }

    /// The realized nodes a computed node's expression reads, and whether each is read element
    /// for element (no view in between).
    func realizedLoads(of index: Int) -> [(node: Int, identity: Bool)] {
        var loads: [(Int, Bool)] = []
        var stack: [(Int, Bool)] = graph.nodes[index].inputs.map { ($0, true) }
        var seen = Set<[Int]>()
        while let (node, identity) = stack.popLast() {
            guard seen.insert([node, identity ? 1 : 0]).inserted else { continue }
            if let value = base[node] {
                if case .node(let owner) = value.owner { loads.append((owner, identity && owner == node)) }
                continue
            }
            let isView: Bool = if case .view = graph.nodes[node].operation { true } else { false }
            for input in graph.nodes[node].inputs { stack.append((input, identity && !isView)) }
        }
        return loads
    }

    /// The instructions node `index` adds to a kernel (its own and its inlined inputs').
    private func expressionCost(_ index: Int) -> Int {
        let node = graph.nodes[index]
        switch node.operation {
        case .elementwise(let op): return op.cost + node.inputs.reduce(0) { $0 + cost[$1] }
        case .cast: return 1 + cost[node.inputs[0]]
        default: return 1
        }
    }

    // MARK: - Emitting one kernel's program

    /// Builds the program of one kernel from its member nodes.
    struct KernelEmitter {
        let planner: FusionPlanner
        let members: Set<Int>
        var inputs: [KernelInput] = []
        var inputIndex: [KernelInput: Int] = [:]
        var instructions: [Instruction] = []
        var outputs: [KernelOutput] = []
        var memo: [OperandKey: Operand] = [:]
        var operations: [String] = []

        struct OperandKey: Hashable { let node: Int; let chain: [ViewTransform] }

        init(planner: FusionPlanner, members: Set<Int>) {
            self.planner = planner
            self.members = members
        }

        mutating func emitMember(_ index: Int, stored slot: Int?) {
            let node = planner.graph.nodes[index]
            var operand = emitExpression(index, chain: [])
            if let slot {
                if case .register = operand {} else {
                    // An output that is a plain load or constant still needs a store: copy it.
                    operand = append(.elementwise(.identity), type: node.dtype, result: node.dtype, operands: [operand])
                }
                guard case .register(let register) = operand else { return }
                outputs.append(KernelOutput(register: register, slot: slot, dtype: node.dtype))
            }
            memo[OperandKey(node: index, chain: [])] = operand
        }

        /// The operand holding node `index` viewed through `chain` (transforms applied in order).
        mutating func emitExpression(_ index: Int, chain: [ViewTransform]) -> Operand {
            let key = OperandKey(node: index, chain: chain)
            if let known = memo[key] { return known }
            let node = planner.graph.nodes[index]
            let operand: Operand
            if let value = planner.base[index], !(members.contains(index) && chain.isEmpty && isOwnComputation(index)) {
                operand = load(value, dtype: node.dtype, chain: chain)
            } else {
                switch node.operation {
                case .constant(let value):
                    operand = .constant(value.converted(to: node.dtype))
                case .view(let transform):
                    operand = emitExpression(node.inputs[0], chain: [transform] + chain)
                case .elementwise(let op):
                    let operands = node.inputs.map { emitExpression($0, chain: chain) }
                    let operandType = planner.graph.nodes[node.inputs[op == .select ? 1 : 0]].dtype
                    operand = append(.elementwise(op), type: operandType, result: node.dtype, operands: operands)
                    operations.append(op.rawValue)
                case .cast:
                    let input = emitExpression(node.inputs[0], chain: chain)
                    operand = append(.cast, type: planner.graph.nodes[node.inputs[0]].dtype, result: node.dtype, operands: [input])
                    operations.append("cast(\(node.dtype))")
                case .matmul:
                    preconditionFailure("a matmul is a kernel of its own (FusionPlanner+Matmul.swift)")
                case .source(let slot, let view):
                    // A source copied to contiguous memory (a later view of it needs that).
                    operand = load(BufferBase(owner: .source(slot), view: view), dtype: node.dtype, chain: chain)
                }
            }
            memo[key] = operand
            return operand
        }

        /// Whether the node's buffer is the one this kernel writes (so it must be computed here).
        private func isOwnComputation(_ index: Int) -> Bool {
            if case .node(let owner) = planner.base[index]?.owner { return owner == index }
            return false
        }

        private mutating func load(_ value: BufferBase, dtype: DType, chain: [ViewTransform]) -> Operand {
            var view = value.view
            for transform in chain { view = view.applying(transform)! }
            let slot: Int = switch value.owner {
            case .source(let slot): slot
            case .node(let node): planner.slotOfNode[node]!
            }
            let input = KernelInput(slot: slot, dtype: dtype, view: view)
            if let existing = inputIndex[input] { return .input(existing) }
            inputs.append(input)
            inputIndex[input] = inputs.count - 1
            return .input(inputs.count - 1)
        }

        private mutating func append(_ kind: InstructionKind, type: DType, result: DType, operands: [Operand]) -> Operand {
            let register = instructions.count
            instructions.append(Instruction(kind: kind, operandType: type, resultType: result, operands: operands, result: register))
            return .register(register)
        }

        func finish(shape: [Int]) -> PlannedKernel {
            let (collapsedShape, collapsedInputs) = IterationSpace.collapse(shape: shape, inputs: inputs)
            let program = KernelProgram(shape: collapsedShape, inputs: collapsedInputs, instructions: instructions,
                                        outputs: outputs, registerCount: instructions.count)
            return PlannedKernel(program: program, prepared: PreparedProgram(program), operations: operations)
        }
    }
}
