import Kernels

// Matmul in the fusion planner (docs/design.md, fusion rule 5): a matmul is a kernel boundary. Its
// operands are realized (any strided view of a buffer will do: `Gemm` packs through strides),
// its result gets a buffer of its own, and nothing joins its kernel, except one elementwise
// consumer run as its epilogue inside the GEMM's store.
//
// The epilogue rule: a computed elementwise (or cast) node E takes over matmul P's kernel when
// - E reads P element for element (no view in between), and nothing else reads P: no other
//   kernel, no view, no output (E overwrites P's values in place);
// - E has P's dtype (E's buffer is where the GEMM writes P).
// Everything else E reads is unrestricted: scalars, a bias broadcast along rows, a residual
// matrix, through any strided view; those are realized before E in topological order, so before
// the kernel, which runs at E's place in the order. `relu(matmul(x, w) + bias)` is one kernel.
extension FusionPlanner {
    /// Which computed nodes run as the epilogue of which matmul.
    struct MatmulEpilogues {
        /// Matmul node -> the node computed in its epilogue.
        var epilogueOf: [Int: Int] = [:]
        /// Epilogue node -> the matmul whose kernel computes it.
        var productOf: [Int: Int] = [:]
    }

    /// Finds every matmul whose only reader qualifies as its epilogue (see the rule above).
    func findMatmulEpilogues() -> MatmulEpilogues {
        var readers: [Int: [(node: Int, identity: Bool)]] = [:]
        for index in graph.nodes.indices where computes(index) {
            for load in realizedLoads(of: index) where graph.nodes[load.node].operation == .matmul {
                readers[load.node, default: []].append((index, load.identity))
            }
        }
        var readByOutput = Set<Int>()
        for output in graph.outputs {
            if case .node(let owner) = base[output]?.owner { readByOutput.insert(owner) }
        }
        var epilogues = MatmulEpilogues()
        for (product, loads) in readers.sorted(by: { $0.key < $1.key }) {
            let consumer = loads[0].node
            guard !readByOutput.contains(product),
                  loads.allSatisfy({ $0.node == consumer && $0.identity }),
                  epilogues.productOf[consumer] == nil,
                  graph.nodes[consumer].dtype == graph.nodes[product].dtype else { continue }
            switch graph.nodes[consumer].operation {
            case .elementwise, .cast: break
            default: continue
            }
            epilogues.epilogueOf[product] = consumer
            epilogues.productOf[consumer] = product
        }
        return epilogues
    }

    /// Whether computed node `index` belongs to a matmul kernel: a matmul, or an epilogue.
    func isMatmulKernel(_ index: Int, _ epilogues: MatmulEpilogues) -> Bool {
        graph.nodes[index].operation == .matmul || epilogues.productOf[index] != nil
    }

    /// The planned kernel for the kernel whose first member is `index`, when that is a matmul
    /// kernel; nil for elementwise kernels. Call after buffer slots are assigned.
    func matmulKernel(_ index: Int, epilogues: MatmulEpilogues) -> PlannedKernel? {
        guard isMatmulKernel(index, epilogues) else { return nil }
        let product = epilogues.productOf[index] ?? index
        let epilogueNode = epilogues.productOf[index] == nil ? nil : index
        let outputSlot = slotOfNode[index]!
        let operands = graph.nodes[product].inputs.map { input -> KernelInput in
            let value = base[input]!
            let slot = switch value.owner {
            case .source(let slot): slot
            case .node(let owner): slotOfNode[owner]!
            }
            return KernelInput(slot: slot, dtype: graph.nodes[input].dtype, view: value.view)
        }
        // The epilogue's program: the epilogue node's expression, emitted as for any kernel,
        // with the product read from the output buffer the GEMM writes it to.
        var epilogue: PlannedKernel?
        if let epilogueNode {
            var epiloguePlanner = self
            epiloguePlanner.slotOfNode[product] = outputSlot
            var emitter = KernelEmitter(planner: epiloguePlanner, members: [epilogueNode])
            emitter.emitMember(epilogueNode, stored: outputSlot)
            epilogue = emitter.finish(space: .elementwise(graph.nodes[epilogueNode].shape))
        }
        let program = epilogue?.program
            ?? KernelProgram(shape: graph.nodes[product].shape, inputs: [], instructions: [], outputs: [])
        // The epilogue runs on tile rows, whose starts are not multiples of the block size.
        let epilogueProgram = epilogue.map { PreparedProgram($0.program, blocksStartAligned: false) }
        return PlannedKernel(program: program, prepared: epilogueProgram ?? PreparedProgram(program),
                             operations: ["matmul"] + (epilogue?.operations ?? []),
                             matmul: MatrixProduct(a: operands[0], b: operands[1], outputSlot: outputSlot,
                                                   epilogue: epilogueProgram))
    }
}
