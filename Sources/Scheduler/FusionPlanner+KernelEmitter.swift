import Kernels

// Emitting one kernel's program: its members' expressions inlined up to what is in memory, as
// typed SSA instructions over loads (a view of a buffer becomes a strided load), then the
// iteration space ordered and collapsed (IterationSpace.swift) and instructions merged
// (KernelProgram+MergedInstructions.swift).
extension FusionPlanner {
    /// Builds the program of one kernel from its member nodes.
    struct KernelEmitter {
        let context: Emission
        let members: Set<Int>
        var inputs: [KernelInput] = []
        var inputIndex: [KernelInput: Int] = [:]
        var instructions: [Instruction] = []
        var outputs: [KernelOutput] = []
        var reductions: [ReductionOutput] = []
        /// The operand of each node already emitted: read directly (`memo`), or through a chain
        /// of views (`viewedMemo`). Two tables, so that the common direct read hashes one
        /// integer, not a key holding an array (the hashing and rehashing of one table keyed
        /// by both took a fifth of the time of planning a long chain).
        var memo: [Int: Operand] = [:]
        var viewedMemo: [OperandKey: Operand] = [:]
        var operations: [String] = []
        /// The gradient passes of the nodes it computes: its members and the work inlined into
        /// them (constants and views compute nothing and do not count).
        var passes: GradientPasses = []

        struct OperandKey: Hashable { let node: Int; let chain: [ViewTransform] }

        init(context: Emission, members: Set<Int>) {
            self.context = context
            self.members = members
            // Each member and about as many inlined constants and loads.
            memo.reserveCapacity(2 * members.count)
        }

        mutating func emitMember(_ index: Int, stored slot: Int?) {
            let node = context.graph.nodes[index]
            passes.insert(GradientPasses(node))
            if case .reduce(let op, _) = node.operation {
                emitReduction(op, of: node.inputs[0], into: slot!, resultType: node.dtype)
                return
            }
            emitValue(index, stored: slot, view: nil)
        }

        /// Node `index`'s value (computed here, or loaded when it is in memory), written to
        /// `slot` through `view` (row-major from 0 when nil) when `slot` is given.
        mutating func emitValue(_ index: Int, stored slot: Int?, view: View?) {
            let node = context.graph.nodes[index]
            var operand = emitExpression(index, chain: [])
            if let slot {
                if case .register = operand {} else {
                    // An output that is a plain load or constant still needs a store: copy it.
                    operand = append(.elementwise(.identity), type: node.dtype, result: node.dtype, operands: [operand])
                }
                guard case .register(let register) = operand else { return }
                outputs.append(KernelOutput(register: register, slot: slot, dtype: node.dtype, view: view))
            }
            memo[index] = operand
        }

        /// A reduction of node `input` (its expression inlined over the kernel's space).
        mutating func emitReduction(_ op: ReduceOp, of input: Int, into slot: Int, resultType: DType) {
            let inputType = context.graph.nodes[input].dtype
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
            if let known = chain.isEmpty ? memo[index] : viewedMemo[OperandKey(node: index, chain: chain)] { return known }
            let node = context.graph.nodes[index]
            let operand: Operand
            if let value = context.base[index], !(members.contains(index) && chain.isEmpty && isOwnComputation(index)) {
                operand = load(value, dtype: node.dtype, chain: chain)
            } else {
                switch node.operation {
                case .constant(let value):
                    operand = .constant(value.converted(to: node.dtype))
                case .view(let transform):
                    operand = emitExpression(node.inputs[0], chain: [transform] + chain)
                case .elementwise(let op):
                    let operands = node.inputs.map { emitExpression($0, chain: chain) }
                    let operandType = context.graph.nodes[node.inputs[op == .select ? 1 : 0]].dtype
                    operand = append(.elementwise(op), type: operandType, result: node.dtype, operands: operands)
                    operations.append(op.rawValue)
                    passes.insert(GradientPasses(node))
                case .cast:
                    let input = emitExpression(node.inputs[0], chain: chain)
                    operand = append(.cast, type: context.graph.nodes[node.inputs[0]].dtype, result: node.dtype, operands: [input])
                    operations.append("cast(\(node.dtype))")
                    passes.insert(GradientPasses(node))
                case .reduce:
                    preconditionFailure("[plan] a reduction is always realized")
                case .random(let distribution):
                    guard case .source(let slot, _) = context.graph.nodes[node.inputs[0]].operation else {
                        preconditionFailure("[plan] random parameters are always a source")
                    }
                    operand = append(.random(distribution, parameterSlot: slot), type: node.dtype, result: node.dtype, operands: [])
                    operations.append("random")
                    passes.insert(GradientPasses(node))
                case .matmul:
                    preconditionFailure("a matmul is a kernel of its own (FusionPlanner+Matmul.swift)")
                case .softmax:
                    preconditionFailure("a softmax is a kernel of its own (FusionPlanner+Softmax.swift)")
                case .concatenate:
                    preconditionFailure("[plan] a concatenation is always realized")
                case .indexed:
                    preconditionFailure("[plan] a gather or scatter-add is always realized")
                case .scan:
                    preconditionFailure("[plan] a scan is always realized")
                case .source(let slot, let view):
                    // A source copied to contiguous memory (a later view of it needs that).
                    operand = load(BufferBase(owner: .source(slot), view: view), dtype: node.dtype, chain: chain)
                }
            }
            if chain.isEmpty { memo[index] = operand } else { viewedMemo[OperandKey(node: index, chain: chain)] = operand }
            return operand
        }

        /// Whether the node's buffer is the one this kernel writes (so it must be computed here).
        private func isOwnComputation(_ index: Int) -> Bool {
            if case .node(let owner) = context.base[index]?.owner { return owner == index }
            return false
        }

        private mutating func load(_ value: BufferBase, dtype: DType, chain: [ViewTransform]) -> Operand {
            var view = value.view
            for transform in chain { view = view.applying(transform)! }
            let input = KernelInput(slot: context.slot(of: value), dtype: dtype, view: view)
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

        /// The kernel's program, its instructions merged. `order` (elementwise only): iterate the
        /// axes in this order, slowest first, so the outputs are written densely in it
        /// (FusionPlanner+Layout.swift).
        func program(space: KernelSpace, order: [Int]? = nil) -> KernelProgram {
            let program: KernelProgram
            switch space {
            case .matmul:
                preconditionFailure("[plan] a matmul kernel is built by matmulKernel")
            case .softmax:
                preconditionFailure("[plan] a softmax kernel is built by softmaxKernel")
            case .concatenation:
                preconditionFailure("[plan] a concatenation's kernels are built by concatenationKernels")
            case .indexed:
                preconditionFailure("[plan] a gather or scatter-add kernel is built by indexedKernel")
            case .scan:
                preconditionFailure("[plan] a scan kernel is built by scanKernel")
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
            return program.mergingInstructions()
        }
    }
}
