import Kernels

// The emit pass: each kernel of the grouping becomes planned kernels in order (a concatenation
// one per part), over the buffers of the store pass and the layouts of the lay-out pass, each
// program prepared for the block VM once, here, and cached with the plan.
extension FusionPlanner {
    /// What emitting reads: the graph, where each node's value lives, the stored nodes' slots.
    struct Emission {
        let graph: Graph
        /// Buffer views after the lay-out pass.
        let base: [BufferBase?]
        /// The buffer slot of each stored node.
        var slotOfNode: [Int: Int]

        /// The plan: `grouping`'s kernels emitted in order, each elementwise one iterating in
        /// its entry of `orders`.
        func plan(_ grouping: Grouping, orders: [[Int]?], storage: Storage, sourceCount: Int) -> Plan {
            var plan = Plan()
            plan.sourceCount = sourceCount
            plan.intermediateBytes = storage.intermediateBytes
            plan.kernels.reserveCapacity(grouping.kernels.count)
            for (number, kernel) in grouping.kernels.enumerated() {
                switch kernel.space {
                case .matmul: plan.kernels.append(matmulKernel(kernel.members[0], epilogues: grouping.epilogues))
                case .softmax: plan.kernels.append(softmaxKernel(kernel.members[0]))
                case .concatenation: plan.kernels += concatenationKernels(kernel.members[0])
                case .indexed: plan.kernels.append(indexedKernel(kernel.members[0]))
                case .scan: plan.kernels.append(scanKernel(kernel.members[0]))
                case .elementwise, .reduction: plan.kernels.append(programKernel(kernel, order: orders[number]))
                }
            }
            plan.outputs = graph.outputs.map { output in
                let value = base[output]!
                return (slot(of: value), value.view)
            }
            return plan
        }

        /// An elementwise or reduction kernel, with its finishing phase.
        private func programKernel(_ kernel: KernelGroup, order: [Int]?) -> PlannedKernel {
            var emitter = KernelEmitter(context: self, members: Set(kernel.members))
            for member in kernel.members {
                emitter.emitMember(member, stored: slotOfNode[member])
            }
            let program = emitter.program(space: kernel.space, order: order)
            var finisher: FinishingPhase?
            var passes = emitter.passes
            if let first = kernel.finishing.first {
                var phase = KernelEmitter(context: self, members: Set(kernel.finishing))
                for member in kernel.finishing {
                    phase.emitMember(member, stored: slotOfNode[member])
                }
                let finishing = phase.program(space: .elementwise(graph.nodes[first].shape))
                finisher = FinishingPhase(prepared: PreparedProgram(finishing), operations: phase.operations)
                passes.formUnion(phase.passes)
            }
            return PlannedKernel(kind: .program(ProgramKernel(prepared: PreparedProgram(program), memoryOrder: order, finisher: finisher)),
                                 operations: emitter.operations, passes: passes)
        }

        /// The slot of the buffer `value` is a view of.
        func slot(of value: BufferBase) -> Int {
            switch value.owner {
            case .source(let slot): slot
            case .node(let node): slotOfNode[node]!
            }
        }
    }
}
