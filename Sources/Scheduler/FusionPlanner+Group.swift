import Kernels

// The group pass: computed nodes into kernels, in topological order (fusion rule 3). A node
// joins a kernel of its own space that runs after everything it reads; an elementwise node
// reads members of that kernel only element for element (they are registers there). An
// elementwise node over a reduction's results may run as that kernel's last phase instead; a
// matmul (with its epilogue), a softmax, a concatenation, a gather or scatter-add and a scan
// (with its producers) are kernels nothing joins. An
// elementwise node that reads no computed node joins the latest kernel of its space that reads
// one of its sources through the same row-major view, so the source is loaded once (sibling
// outputs asked for together: an optimizer's new moments); a row-major read makes both
// kernels' results row-major anyway, so no layout changes. Last, an elementwise kernel read
// only by one reduction kernel's reductions joins it.
extension FusionPlanner {
    /// One kernel being grouped.
    struct KernelGroup {
        /// Computed nodes, in topological order.
        var members: [Int]
        let space: KernelSpace
        /// Instructions so far (`maxKernelCost` for a kernel nothing joins).
        var cost: Int
        /// Elementwise nodes over a reduction's results run as the kernel's last phase.
        var finishing: [Int] = []
    }

    /// How a computed node reads a realized one.
    struct Load {
        let node: Int
        /// Element for element, with no view in between.
        let identity: Bool
        /// Through reshapes only: element i of the reader is element i of the read node.
        let inOrder: Bool
    }

    /// The kernels in the order they run, and which nodes each computes: what the store pass
    /// gives buffers and the lay-out and emit passes make programs of.
    struct Grouping {
        private(set) var kernels: [KernelGroup] = []
        /// The kernel computing each computed node (for a matmul with an epilogue, its kernel).
        private(set) var kernelOfNode: [Int: Int] = [:]
        /// The realized nodes each computed node reads, and how.
        private(set) var loadsOf: [Int: [Load]] = [:]
        /// The sources each elementwise kernel's members read through row-major views (not
        /// broadcast), while kernels are placed: where a sibling with no computed inputs joins.
        private var sourceReadsOf: [Int: Set<SourceRead>] = [:]
        /// Elementwise kernels with a member that does not join siblings, which none joins.
        private var mixedKernels: Set<Int> = []
        /// Which matmuls run which node as their epilogue (FusionPlanner+Matmul.swift).
        let epilogues: MatmulEpilogues
        private let graph: Graph
        private let realization: Realization
        /// Whether nodes join each other's kernels; without it every computed node is a kernel
        /// of its own (a matmul still with its epilogue): the plan `FusionPlanner.plan` falls
        /// back to when a fused one breaks the planner's invariant (Plan+OwnResults.swift).
        private let fusing: Bool

        init(_ graph: Graph, _ realization: Realization, fusing: Bool = true) {
            self.graph = graph
            self.realization = realization
            self.fusing = fusing
            epilogues = MatmulEpilogues(graph, realization)
            for index in graph.nodes.indices where realization.computes(index) {
                let loads = realization.realizedLoads(of: index)
                loadsOf[index] = loads
                place(index, loads: loads)
            }
            if fusing { absorbIntoReductions() }
        }

        private mutating func place(_ index: Int, loads: [Load]) {
            if graph.nodes[index].operation == .matmul || epilogues.productOf[index] != nil {
                // A kernel of its own that nothing joins (FusionPlanner+Matmul.swift); a matmul
                // with an epilogue gets it when its epilogue node comes.
                if epilogues.epilogueOf[index] == nil {
                    open(index, space: .matmul, cost: FusionPlanner.maxKernelCost)
                    if let product = epilogues.productOf[index] { kernelOfNode[product] = kernels.count - 1 }
                }
                return
            }
            if let ownSpace = standaloneSpace(of: index) {
                // A kernel (or, for a concatenation, kernels) that nothing else joins.
                open(index, space: ownSpace, cost: FusionPlanner.maxKernelCost)
                return
            }
            let latest = loads.compactMap { kernelOfNode[$0.node] }.max() ?? -1
            let nodeSpace = space(of: index)
            let nodeCost = expressionCost(index)
            let joinsSiblings = Self.joinsSiblings(graph.nodes[index].operation)
            let sourceReads = joinsSiblings ? realization.sourceReads(of: index) : []
            let candidate: Int? = switch nodeSpace {
            case .elementwise where latest < 0 && joinsSiblings:
                // Reading no computed node, it may run in any kernel: one that already loads a
                // source it reads, through the same view, saves that load.
                kernels.indices.last(where: { kernels[$0].space == nodeSpace && !(sourceReadsOf[$0] ?? []).isDisjoint(with: sourceReads) })
            case .elementwise:
                latest >= 0 && kernels[latest].space == nodeSpace
                    && loads.allSatisfy({ kernelOfNode[$0.node] != latest || $0.identity }) ? latest : nil
            case .reduction:
                kernels.lastIndex(where: { $0.space == nodeSpace }).flatMap { $0 > latest ? $0 : nil }
            case .matmul, .softmax, .concatenation, .indexed, .scan:
                nil
            }
            if fusing, let kernel = candidate, kernels[kernel].cost + nodeCost <= FusionPlanner.maxKernelCost {
                kernels[kernel].members.append(index)
                kernels[kernel].cost += nodeCost
                kernelOfNode[index] = kernel
            } else if fusing, latest >= 0, canFinish(latest, index, loads: loads) {
                kernels[latest].finishing.append(index)
                kernelOfNode[index] = latest
                return
            } else {
                open(index, space: nodeSpace, cost: nodeCost)
            }
            guard let kernel = kernelOfNode[index], nodeSpace.isElementwise else { return }
            if joinsSiblings, !mixedKernels.contains(kernel) {
                sourceReadsOf[kernel, default: []].formUnion(sourceReads)
            } else {
                mixedKernels.insert(kernel)
                sourceReadsOf[kernel] = nil
            }
        }

        /// Whether a node of `operation` may join, or be joined by, a sibling that shares a
        /// source read: elementwise operations and casts, not a copied view of an expression
        /// (a matmul operand), whose kernel iterates over the view's indices.
        private static func joinsSiblings(_ operation: Operation) -> Bool {
            switch operation {
            case .elementwise, .cast: true
            case .source, .constant, .view, .reduce, .random, .matmul, .softmax, .concatenate, .indexed, .scan: false
            }
        }

        /// Elementwise kernels whose results only one reduction kernel reads, element for element
        /// over the same space, join that kernel as registers: the intermediates of a chain that
        /// several sibling reductions share (a value and the gradients reduced from it) are then
        /// computed in the reductions' one pass over the data instead of stored and read back.
        private mutating func absorbIntoReductions() {
            var readers: [Int: [Reader]] = [:]
            for (index, loads) in loadsOf {
                for load in loads { readers[load.node, default: []].append(Reader(node: index, identity: load.identity)) }
            }
            let outputOwners = Set(graph.outputs.compactMap { output -> Int? in
                if case .node(let owner) = realization.base[output]?.owner { return owner }
                return nil
            })
            var kernel = 0
            while kernel < kernels.count {
                if let target = absorbingReduction(of: kernel, readers: readers, outputOwners: outputOwners) {
                    merge(kernel, into: target)
                } else {
                    kernel += 1
                }
            }
        }

        /// The reduction kernel elementwise kernel `kernel` can join, if any: no member is an
        /// output, every reader outside the kernel is a main-phase member of that one reduction
        /// kernel and reads element for element, over the same shape in row-major order (a
        /// sampled value must be computed in its own element order), within the cost limit.
        private func absorbingReduction(of kernel: Int, readers: [Int: [Reader]], outputOwners: Set<Int>) -> Int? {
            guard case .elementwise(let shape) = kernels[kernel].space,
                  !kernels[kernel].members.contains(where: outputOwners.contains) else { return nil }
            var target: Int?
            for member in kernels[kernel].members {
                for reader in readers[member] ?? [] {
                    guard let readerKernel = kernelOfNode[reader.node] else { return nil }
                    if readerKernel == kernel { continue }
                    guard reader.identity, target ?? readerKernel == readerKernel,
                          kernels[readerKernel].members.contains(reader.node) else { return nil }
                    target = readerKernel
                }
            }
            guard let target, case .reduction(let input, let axes) = kernels[target].space, input == shape,
                  Realization.visitsInOrder(shape: input, axes: axes),
                  kernels[target].cost + kernels[kernel].cost <= FusionPlanner.maxKernelCost else { return nil }
            return target
        }

        /// A computed node reading a realized one, and whether element for element.
        private struct Reader { let node: Int; let identity: Bool }

        /// Moves kernel `source`'s members to the front of (later) kernel `target`'s.
        private mutating func merge(_ source: Int, into target: Int) {
            kernels[target].members = kernels[source].members + kernels[target].members
            kernels[target].cost += kernels[source].cost
            kernels.remove(at: source)
            for (node, kernel) in kernelOfNode {
                kernelOfNode[node] = kernel == source ? target - 1 : kernel > source ? kernel - 1 : kernel
            }
        }

        /// Starts a kernel whose first member is `index`.
        private mutating func open(_ index: Int, space: KernelSpace, cost: Int) {
            kernels.append(KernelGroup(members: [index], space: space, cost: cost))
            kernelOfNode[index] = kernels.count - 1
        }

        /// The space of a node that is a kernel of its own with its own builder (a softmax, a
        /// concatenation), or nil.
        private func standaloneSpace(of index: Int) -> KernelSpace? {
            switch graph.nodes[index].operation {
            case .softmax: .softmax
            case .concatenate: .concatenation
            case .indexed: .indexed
            case .scan: .scan
            case .source, .constant, .elementwise, .cast, .view, .reduce, .random, .matmul: nil
            }
        }

        private func space(of index: Int) -> KernelSpace {
            let node = graph.nodes[index]
            if case .reduce(_, let axes) = node.operation {
                return .reduction(input: graph.nodes[node.inputs[0]].shape, axes: axes)
            }
            return .elementwise(node.shape)
        }

        /// Whether elementwise node `index` can run as the last phase of reduction kernel `kernel`:
        /// it covers the reduced results element for element (as many elements, read in order),
        /// reads earlier finishing nodes element for element, and nothing from a later kernel.
        private func canFinish(_ kernel: Int, _ index: Int, loads: [Load]) -> Bool {
            let finishing = kernels[kernel].finishing
            guard case .reduction(let input, let axes) = kernels[kernel].space, case .elementwise(let shape) = space(of: index),
                  shape.reduce(1, *) == input.indices.filter({ !axes.contains($0) }).reduce(1, { $0 * input[$1] }),
                  finishing.first.map({ graph.nodes[$0].shape == shape }) ?? true else { return false }
            return loads.allSatisfy { load in
                guard kernelOfNode[load.node] == kernel else { return true }
                return finishing.contains(load.node) ? load.identity : load.inOrder
            }
        }

        /// The instructions node `index` adds to a kernel (its own and its inlined inputs').
        private func expressionCost(_ index: Int) -> Int {
            let node = graph.nodes[index]
            switch node.operation {
            case .elementwise(let op): return op.cost + node.inputs.reduce(0) { $0 + realization.cost[$1] }
            case .cast, .reduce: return 1 + realization.cost[node.inputs[0]]
            case .source, .constant, .view, .random, .matmul, .softmax, .concatenate, .indexed, .scan: return 1
            }
        }
    }
}

extension FusionPlanner {
    /// A source buffer read through a row-major view (in place, or a slice), no axis of it
    /// broadcast: two expressions with the same one read the same elements in the same order,
    /// so one load can serve both.
    struct SourceRead: Hashable {
        let slot: Int
        let view: View
    }
}

extension FusionPlanner.KernelSpace {
    var isElementwise: Bool { if case .elementwise = self { true } else { false } }
}

extension FusionPlanner.Realization {
    /// The sources a computed node's expression reads through row-major views with no zero
    /// stride. A broadcast scalar or row is cheap to read twice; a permuted view could give
    /// its kernel's results its order (the lay-out pass), which a sibling with other inputs
    /// would take away, so neither pulls expressions together.
    func sourceReads(of index: Int) -> Set<FusionPlanner.SourceRead> {
        var reads = Set<FusionPlanner.SourceRead>()
        var stack = graph.nodes[index].inputs
        var seen = Set<Int>()
        while let node = stack.popLast() {
            guard seen.insert(node).inserted else { continue }
            if let value = base[node] {
                if case .source(let slot) = value.owner, !value.view.strides.contains(0),
                   FusionPlanner.Layout.inheritedOrder(of: [value.view], shape: value.view.shape) == nil {
                    reads.insert(FusionPlanner.SourceRead(slot: slot, view: value.view))
                }
                continue
            }
            stack.append(contentsOf: graph.nodes[node].inputs)
        }
        return reads
    }

    /// The realized nodes a computed node's expression reads, and how.
    ///
    /// The walk starts at the computed node itself, not at its inputs: a computed node may be a
    /// view (a transpose of an expression realized as a matmul's operand, a softmax's input or
    /// an output), and what it reads through its own transform is no more element for element
    /// than what it reads through a view further down. Starting at the inputs once judged
    /// `matmul(x, (y - c).T)`'s operand to read `y` as the identity, so it joined `y`'s kernel
    /// and loaded `y` transposed from the buffer that kernel was still writing.
    func realizedLoads(of index: Int) -> [FusionPlanner.Load] {
        var loads: [FusionPlanner.Load] = []
        let own = readingThrough(index)
        var stack: [(node: Int, identity: Bool, inOrder: Bool)] = graph.nodes[index].inputs.map { ($0, own.identity, own.inOrder) }
        // (node, identity, inOrder) packed in one integer: a set of arrays allocated one per visit.
        var seen = Set<Int>()
        while let (node, identity, inOrder) = stack.popLast() {
            guard seen.insert(node << 2 | (identity ? 2 : 0) | (inOrder ? 1 : 0)).inserted else { continue }
            if let value = base[node] {
                if case .node(let owner) = value.owner {
                    loads.append(FusionPlanner.Load(node: owner, identity: identity && owner == node,
                                                    inOrder: inOrder && value.view == View(contiguous: value.view.shape)))
                }
                continue
            }
            let through = readingThrough(node)
            for input in graph.nodes[node].inputs {
                stack.append((input, identity && through.identity, inOrder && through.inOrder))
            }
        }
        return loads
    }

    /// How node `index` reads its inputs: element for element (any non-view operation), in
    /// row-major order only (a reshape), or in neither (any other view).
    private func readingThrough(_ index: Int) -> (identity: Bool, inOrder: Bool) {
        guard case .view(let transform) = graph.nodes[index].operation else { return (true, true) }
        if case .reshape = transform { return (false, true) }
        return (false, false)
    }
}
