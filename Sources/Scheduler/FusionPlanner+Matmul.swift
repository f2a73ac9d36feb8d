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
    /// Which computed nodes run as the epilogue of which matmul: found before grouping, which
    /// gives a matmul and its epilogue one kernel.
    struct MatmulEpilogues {
        /// Matmul node -> the node computed in its epilogue.
        private(set) var epilogueOf: [Int: Int] = [:]
        /// Epilogue node -> the matmul whose kernel computes it.
        private(set) var productOf: [Int: Int] = [:]

        /// Every matmul whose only reader qualifies as its epilogue (see the rule above).
        init(_ graph: Graph, _ realization: Realization) {
            // Most graphs have no matmul: skip the walk of every computed node's loads.
            guard graph.nodes.contains(where: { if case .matmul = $0.operation { true } else { false } }) else { return }
            var readers: [Int: [(node: Int, identity: Bool)]] = [:]
            for index in graph.nodes.indices where realization.computes(index) {
                for load in realization.realizedLoads(of: index) where graph.nodes[load.node].operation == .matmul {
                    readers[load.node, default: []].append((index, load.identity))
                }
            }
            var readByOutput = Set<Int>()
            for output in graph.outputs {
                if case .node(let owner) = realization.base[output]?.owner { readByOutput.insert(owner) }
            }
            for (product, loads) in readers.sorted(by: { $0.key < $1.key }) {
                let consumer = loads[0].node
                guard !readByOutput.contains(product),
                      loads.allSatisfy({ $0.node == consumer && $0.identity }),
                      productOf[consumer] == nil,
                      graph.nodes[consumer].dtype == graph.nodes[product].dtype else { continue }
                switch graph.nodes[consumer].operation {
                case .elementwise, .cast: break
                case .source, .constant, .view, .reduce, .random, .matmul, .softmax, .concatenate, .indexed, .scan: continue
                }
                epilogueOf[product] = consumer
                productOf[consumer] = product
            }
        }
    }
}

extension FusionPlanner.Emission {
    /// The planned kernel of the matmul kernel whose member is `index`: a matmul, or the
    /// epilogue node of one.
    func matmulKernel(_ index: Int, epilogues: FusionPlanner.MatmulEpilogues) -> PlannedKernel {
        let product = epilogues.productOf[index] ?? index
        let outputSlot = slotOfNode[index]!
        let operands = graph.nodes[product].inputs.map { input -> KernelInput in
            let value = base[input]!
            return KernelInput(slot: slot(of: value), dtype: graph.nodes[input].dtype, view: value.view)
        }
        // The epilogue's program: the epilogue node's expression, emitted as for any kernel,
        // with the product read from the output buffer the GEMM writes it to.
        var epilogue: PreparedProgram?
        var operations = ["matmul"]
        var passes = GradientPasses(graph.nodes[product])
        if epilogues.productOf[index] != nil {
            var context = self
            context.slotOfNode[product] = outputSlot
            var emitter = FusionPlanner.KernelEmitter(context: context, members: [index])
            emitter.emitMember(index, stored: outputSlot)
            // The epilogue runs on tile rows, whose starts are not multiples of the block size.
            epilogue = PreparedProgram(emitter.program(space: .elementwise(graph.nodes[index].shape)), blocksStartAligned: false)
            operations += emitter.operations
            passes.formUnion(emitter.passes)
        }
        return PlannedKernel(kind: .matrixProduct(MatrixProduct(a: operands[0], b: operands[1], outputSlot: outputSlot, epilogue: epilogue)),
                             operations: operations, passes: passes)
    }
}
