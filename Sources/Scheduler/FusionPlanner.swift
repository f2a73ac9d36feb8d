import Kernels

/// Partitions a graph into fused kernels (docs/design.md, "Fusion rules"):
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
    /// Work up to which a node with several consumers is recomputed in each (rule 3).
    static let recomputeCost = 2
    /// Work above which a value is computed once rather than recomputed under a broadcast.
    static let broadcastRecomputeCost = 4

    let graph: Graph
    private var realized: [Bool]
    /// Nodes whose value is a view of a buffer (a source or a realized node): slot owner + view.
    var base: [BufferBase?]
    /// Inlined cost of each node's expression up to realized or buffer-backed inputs.
    private var cost: [Int]
    /// Whether a node's inlined expression samples random numbers: such an expression must be
    /// computed in its own element order (element i of a sample is a function of i), so it is
    /// never read through a view or a permuted reduction.
    private var samples: [Bool]
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
        samples = [Bool](repeating: false, count: graph.nodes.count)
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
                } else if isExpression(input) && (samples[input] || needsMaterializedInput(transform, input: input, outputShape: node.shape)) {
                    realize(input)
                    base[index] = BufferBase(owner: .node(input), view: View(contiguous: graph.nodes[input].shape).applying(transform)!)
                } else {
                    cost[index] = cost[input]
                }
            case .elementwise(let op):
                cost[index] = op.cost + node.inputs.reduce(0) { $0 + cost[$1] }
                if isShared(index, consumers) || cost[index] > Self.maxInlineCost { realized[index] = true }
            case .cast:
                cost[index] = 1 + cost[node.inputs[0]]
                if isShared(index, consumers) || cost[index] > Self.maxInlineCost { realized[index] = true }
            case .matmul:
                // A kernel boundary: operands in memory (any strided view), result in its own.
                for input in node.inputs where base[input] == nil { realize(input) }
                realized[index] = true
            case .softmax:
                // A kernel boundary (FusionPlanner+Softmax.swift): the input in memory, any view.
                if base[node.inputs[0]] == nil { realize(node.inputs[0]) }
                realized[index] = true
            case .reduce(_, let axes):
                // A reduction is a kernel boundary; its elementwise producers are inlined into it,
                // unless they sample random numbers and the reduction visits them out of order.
                realized[index] = true
                let input = node.inputs[0]
                if samples[input] && !Self.visitsInOrder(shape: graph.nodes[input].shape, axes: axes) { realize(input) }
            case .random:
                cost[index] = 16
                if isShared(index, consumers) { realized[index] = true }
            case .concatenate:
                // A buffer of its own that its parts are computed into (FusionPlanner+Concatenate.swift).
                realized[index] = true
            }
            if realized[index] { realize(index) }
            samples[index] = !realized[index] && (isRandom(index) || node.inputs.contains { samples[$0] })
        }
        plan.sourceCount = sourceCount
    }

    /// A node read by several consumers is computed once, unless it is so cheap (a cast, a
    /// subtraction of two loads) that recomputing it in each consumer beats a trip to memory.
    private func isShared(_ index: Int, _ consumers: [Int]) -> Bool {
        consumers[index] > 1 && cost[index] > Self.recomputeCost
    }

    private func isExpression(_ index: Int) -> Bool {
        switch graph.nodes[index].operation {
        case .elementwise, .cast, .view, .random: true
        default: false
        }
    }

    private func isRandom(_ index: Int) -> Bool {
        if case .random = graph.nodes[index].operation { return true }
        return false
    }

    /// Whether a reduction over `axes` iterates its input in row-major order (no kept axis
    /// between reduced ones).
    static func visitsInOrder(shape: [Int], axes: [Int]) -> Bool {
        let last = axes.max() ?? -1
        let kept = shape.indices.filter { !axes.contains($0) }
        return kept.filter { $0 < last } + axes + kept.filter { $0 > last } == Array(shape.indices)
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

    /// What a kernel iterates over: elementwise kernels over their outputs' shape, reduction
    /// kernels over their input's shape with some axes reduced. Only nodes of the same kind
    /// and space share a kernel.
    enum KernelSpace: Hashable {
        case elementwise([Int])
        case reduction(input: [Int], axes: [Int])
        /// A matrix product with its epilogue (FusionPlanner+Matmul.swift): nothing else joins it.
        case matmul
        /// A row softmax (FusionPlanner+Softmax.swift): nothing else joins it.
        case softmax
        /// A concatenation: one kernel per part (FusionPlanner+Concatenate.swift); nothing joins it.
        case concatenation
    }

    /// The space of a node that is a kernel of its own with its own builder (a softmax, a
    /// concatenation), or nil.
    private func standaloneSpace(of index: Int) -> KernelSpace? {
        switch graph.nodes[index].operation {
        case .softmax: .softmax
        case .concatenate: .concatenation
        default: nil
        }
    }

    private func space(of index: Int) -> KernelSpace {
        let node = graph.nodes[index]
        if case .reduce(_, let axes) = node.operation {
            return .reduction(input: graph.nodes[node.inputs[0]].shape, axes: axes)
        }
        return .elementwise(node.shape)
    }

    private mutating func buildKernels() -> Plan {
        // Group computed nodes into kernels, in topological order. A node joins a kernel of its
        // own space that runs after everything it reads; an elementwise node reads members of
        // that kernel only element for element (they are registers there).
        var members: [[Int]] = []
        var spaces: [KernelSpace] = []
        var kernelCost: [Int] = []
        var loadsOf: [Int: [Load]] = [:]
        // Elementwise nodes over a reduction's results that run as that kernel's last phase.
        var finishers: [Int: [Int]] = [:]
        let epilogues = findMatmulEpilogues()
        for index in graph.nodes.indices where computes(index) {
            let loads = realizedLoads(of: index)
            loadsOf[index] = loads
            if isMatmulKernel(index, epilogues) {
                // A kernel of its own that nothing joins (FusionPlanner+Matmul.swift); a matmul
                // with an epilogue gets it when its epilogue node comes.
                if epilogues.epilogueOf[index] == nil {
                    members.append([index])
                    spaces.append(.matmul)
                    kernelCost.append(Self.maxKernelCost)
                    kernelOfNode[index] = members.count - 1
                    if let product = epilogues.productOf[index] { kernelOfNode[product] = members.count - 1 }
                }
                continue
            }
            if let ownSpace = standaloneSpace(of: index) {
                // A kernel (or, for a concatenation, kernels) that nothing else joins.
                members.append([index])
                spaces.append(ownSpace)
                kernelCost.append(Self.maxKernelCost)
                kernelOfNode[index] = members.count - 1
                continue
            }
            let latest = loads.compactMap { kernelOfNode[$0.node] }.max() ?? -1
            let nodeSpace = space(of: index)
            let nodeCost = expressionCost(index)
            let candidate: Int? = switch nodeSpace {
            case .elementwise:
                latest >= 0 && spaces[latest] == nodeSpace
                    && loads.allSatisfy({ kernelOfNode[$0.node] != latest || $0.identity }) ? latest : nil
            case .reduction:
                spaces.lastIndex(of: nodeSpace).flatMap { $0 > latest ? $0 : nil }
            case .matmul, .softmax, .concatenation:
                nil
            }
            if let kernel = candidate, kernelCost[kernel] + nodeCost <= Self.maxKernelCost {
                members[kernel].append(index)
                kernelCost[kernel] += nodeCost
                kernelOfNode[index] = kernel
            } else if latest >= 0, canFinish(latest, index, loads: loads, space: spaces[latest], finishers: finishers[latest] ?? []) {
                finishers[latest, default: []].append(index)
                kernelOfNode[index] = latest
            } else {
                members.append([index])
                spaces.append(nodeSpace)
                kernelCost.append(nodeCost)
                kernelOfNode[index] = members.count - 1
            }
        }
        // A computed node is stored when an output or another kernel reads it; a reduction's
        // or a softmax's result always is (it exists nowhere else).
        var stored = Set(graph.nodes.indices.filter { index in
            switch graph.nodes[index].operation {
            case .reduce, .softmax, .concatenate: computes(index)
            default: false
            }
        })
        for output in graph.outputs {
            if case .node(let owner) = base[output]?.owner { stored.insert(owner) }
        }
        // Nodes another kernel reads along their logical rows keep row-major results
        // (FusionPlanner+Layout.swift).
        var readAlongRows = Set<Int>()
        for (index, loads) in loadsOf {
            for load in loads where kernelOfNode[load.node] != kernelOfNode[index] || !load.identity {
                stored.insert(load.node)
                if let reader = kernelOfNode[index], !Self.readsAnyLayout(spaces[reader]) { readAlongRows.insert(load.node) }
            }
        }
        for index in stored.sorted() {
            slotOfNode[index] = plan.sourceCount + plan.intermediateBytes.count
            plan.intermediateBytes.append(graph.nodes[index].count * graph.nodes[index].dtype.byteSize)
        }
        for (kernel, kernelMembers) in members.enumerated() {
            if let matmul = matmulKernel(kernelMembers[0], epilogues: epilogues) {
                plan.kernels.append(matmul)
                continue
            }
            if let softmax = softmaxKernel(kernelMembers[0]) {
                plan.kernels.append(softmax)
                continue
            }
            if spaces[kernel] == .concatenation {
                plan.kernels += concatenationKernels(kernelMembers[0])
                continue
            }
            var emitter = KernelEmitter(planner: self, members: Set(kernelMembers))
            for member in kernelMembers {
                emitter.emitMember(member, stored: stored.contains(member) ? slotOfNode[member] : nil)
            }
            // Results laid out as the inputs are (FusionPlanner+Layout.swift); decided kernel by
            // kernel in order, so a later kernel reads an earlier one's results in their layout.
            var order: [Int]?
            if case .elementwise(let shape) = spaces[kernel], !emitter.instructions.contains(where: \.kind.isRandom), !kernelMembers.contains(where: readAlongRows.contains),
               let inherited = Self.inheritedOrder(of: emitter.inputs, shape: shape), adoptOrder(inherited, members: kernelMembers) {
                order = inherited
            }
            var planned = emitter.finish(space: spaces[kernel], order: order)
            if let finishing = finishers[kernel] {
                var finisher = KernelEmitter(planner: self, members: Set(finishing))
                for member in finishing {
                    finisher.emitMember(member, stored: stored.contains(member) ? slotOfNode[member] : nil)
                }
                let phase = finisher.finish(space: .elementwise(graph.nodes[finishing[0]].shape))
                planned.finisher = FinishingPhase(program: phase.program, prepared: phase.prepared, operations: phase.operations)
            }
            plan.kernels.append(planned)
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

    /// How a computed node reads a realized one.
    struct Load {
        let node: Int
        /// Element for element, with no view in between.
        let identity: Bool
        /// Through reshapes only: element i of the reader is element i of the read node.
        let inOrder: Bool
    }

    /// Whether elementwise node `index` can run as the last phase of reduction kernel `kernel`:
    /// it covers the reduced results element for element (as many elements, read in order),
    /// reads earlier finishing nodes element for element, and nothing from a later kernel.
    private func canFinish(_ kernel: Int, _ index: Int, loads: [Load], space: KernelSpace, finishers: [Int]) -> Bool {
        guard case .reduction(let input, let axes) = space, case .elementwise(let shape) = self.space(of: index),
              shape.reduce(1, *) == input.indices.filter({ !axes.contains($0) }).reduce(1, { $0 * input[$1] }),
              finishers.first.map({ graph.nodes[$0].shape == shape }) ?? true else { return false }
        return loads.allSatisfy { load in
            guard kernelOfNode[load.node] == kernel else { return true }
            return finishers.contains(load.node) ? load.identity : load.inOrder
        }
    }

    /// The realized nodes a computed node's expression reads, and how.
    func realizedLoads(of index: Int) -> [Load] {
        var loads: [Load] = []
        var stack: [(node: Int, identity: Bool, inOrder: Bool)] = graph.nodes[index].inputs.map { ($0, true, true) }
        var seen = Set<[Int]>()
        while let (node, identity, inOrder) = stack.popLast() {
            guard seen.insert([node, identity ? 1 : 0, inOrder ? 1 : 0]).inserted else { continue }
            if let value = base[node] {
                if case .node(let owner) = value.owner {
                    loads.append(Load(node: owner, identity: identity && owner == node,
                                      inOrder: inOrder && value.view == View(contiguous: value.view.shape)))
                }
                continue
            }
            var isView = false, isReshape = false
            if case .view(let transform) = graph.nodes[node].operation {
                isView = true
                if case .reshape = transform { isReshape = true }
            }
            for input in graph.nodes[node].inputs {
                stack.append((input, identity && !isView, inOrder && (!isView || isReshape)))
            }
        }
        return loads
    }

    /// The instructions node `index` adds to a kernel (its own and its inlined inputs').
    private func expressionCost(_ index: Int) -> Int {
        let node = graph.nodes[index]
        switch node.operation {
        case .elementwise(let op): return op.cost + node.inputs.reduce(0) { $0 + cost[$1] }
        case .cast: return 1 + cost[node.inputs[0]]
        case .reduce: return 1 + cost[node.inputs[0]]
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
        var reductions: [ReductionOutput] = []
        var memo: [OperandKey: Operand] = [:]
        var operations: [String] = []

        struct OperandKey: Hashable { let node: Int; let chain: [ViewTransform] }

        init(planner: FusionPlanner, members: Set<Int>) {
            self.planner = planner
            self.members = members
        }

        mutating func emitMember(_ index: Int, stored slot: Int?) {
            let node = planner.graph.nodes[index]
            if case .reduce(let op, _) = node.operation {
                emitReduction(op, of: node.inputs[0], into: slot!, resultType: node.dtype)
                return
            }
            emitValue(index, stored: slot, view: nil)
        }

        /// Node `index`'s value (computed here, or loaded when it is in memory), written to
        /// `slot` through `view` (row-major from 0 when nil) when `slot` is given.
        mutating func emitValue(_ index: Int, stored slot: Int?, view: View?) {
            let node = planner.graph.nodes[index]
            var operand = emitExpression(index, chain: [])
            if let slot {
                if case .register = operand {} else {
                    // An output that is a plain load or constant still needs a store: copy it.
                    operand = append(.elementwise(.identity), type: node.dtype, result: node.dtype, operands: [operand])
                }
                guard case .register(let register) = operand else { return }
                outputs.append(KernelOutput(register: register, slot: slot, dtype: node.dtype, view: view))
            }
            memo[OperandKey(node: index, chain: [])] = operand
        }

        /// A reduction of node `input` (its expression inlined over the kernel's space).
        mutating func emitReduction(_ op: ReduceOp, of input: Int, into slot: Int, resultType: DType) {
            let inputType = planner.graph.nodes[input].dtype
            var operand = emitExpression(input, chain: [])
            if case .register = operand {} else {
                operand = append(.elementwise(.identity), type: inputType, result: inputType, operands: [operand])
            }
            guard case .register(let register) = operand else { return }
            reductions.append(ReductionOutput(op: op, register: register, dtype: inputType, slot: slot, resultType: resultType))
            operations.append(op.rawValue)
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
                case .reduce:
                    preconditionFailure("[plan] a reduction is always realized")
                case .random(let distribution):
                    guard case .source(let slot, _) = planner.graph.nodes[node.inputs[0]].operation else {
                        preconditionFailure("[plan] random parameters are always a source")
                    }
                    operand = append(.random(distribution, parameterSlot: slot), type: node.dtype, result: node.dtype, operands: [])
                    operations.append("random")
                case .matmul:
                    preconditionFailure("a matmul is a kernel of its own (FusionPlanner+Matmul.swift)")
                case .softmax:
                    preconditionFailure("a softmax is a kernel of its own (FusionPlanner+Softmax.swift)")
                case .concatenate:
                    preconditionFailure("[plan] a concatenation is always realized")
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

        /// The kernel's program. `order` (elementwise only): iterate the axes in this order,
        /// slowest first, so the outputs are written densely in it (FusionPlanner+Layout.swift).
        func finish(space: KernelSpace, order: [Int]? = nil) -> PlannedKernel {
            let program: KernelProgram
            switch space {
            case .matmul:
                preconditionFailure("[plan] a matmul kernel is built by matmulKernel")
            case .softmax:
                preconditionFailure("[plan] a softmax kernel is built by softmaxKernel")
            case .concatenation:
                preconditionFailure("[plan] a concatenation's kernels are built by concatenationKernels")
            case .elementwise(let logicalShape):
                let order = order ?? Array(logicalShape.indices)
                let shape = order.map { logicalShape[$0] }
                let ordered = inputs.map { KernelInput(slot: $0.slot, dtype: $0.dtype, view: $0.view.applying(.permute(order))!) }
                // Outputs placed by a view (a concatenation's slice) collapse with the inputs.
                let placed = outputs.indices.filter { outputs[$0].view != nil }
                let (collapsedShape, collapsed) = IterationSpace.collapse(
                    shape: shape, inputs: ordered + placed.map {
                        KernelInput(slot: outputs[$0].slot, dtype: outputs[$0].dtype, view: outputs[$0].view!.applying(.permute(order))!)
                    })
                var collapsedOutputs = outputs
                for (position, output) in placed.enumerated() { collapsedOutputs[output].view = collapsed[inputs.count + position].view }
                program = KernelProgram(shape: collapsedShape, inputs: Array(collapsed.prefix(inputs.count)), instructions: instructions,
                                        outputs: collapsedOutputs)
            case .reduction(let shape, let axes):
                // Order the iteration space [kept before the last reduced axis, reduced, kept after].
                let last = axes.max() ?? -1
                let kept = shape.indices.filter { !axes.contains($0) }
                let outerAxes = kept.filter { $0 < last }, innerAxes = kept.filter { $0 > last }
                let order = outerAxes + axes + innerAxes
                let permuted = inputs.map { KernelInput(slot: $0.slot, dtype: $0.dtype, view: $0.view.applying(.permute(order))!) }
                let groups = outerAxes.map { _ in 0 } + axes.map { _ in 1 } + innerAxes.map { _ in 2 }
                let (collapsedShape, collapsedInputs) = IterationSpace.collapse(shape: order.map { shape[$0] }, inputs: permuted, groups: groups)
                let size = { (axes: [Int]) in axes.reduce(1) { $0 * shape[$1] } }
                let reduction = KernelReduction(outer: size(outerAxes), extent: size(axes), inner: size(innerAxes), outputs: reductions)
                program = KernelProgram(shape: collapsedShape, inputs: collapsedInputs, instructions: instructions,
                                        outputs: [], reduction: reduction)
            }
            let merged = program.mergingInstructions()
            return PlannedKernel(program: merged, prepared: PreparedProgram(merged), operations: operations, memoryOrder: order)
        }
    }
}
