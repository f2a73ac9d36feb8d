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
///    one that reads no computed node joins a kernel of its shape that loads one of its
///    sources through the same row-major view, so that source is read once;
/// 4. a realized node is stored only when an output or another kernel needs it; an elementwise
///    kernel that only one reduction kernel reads, element for element over the same space, is
///    computed inside it (`Grouping.absorbIntoReductions`).
///
/// Planning is five passes, each handing the next a value of its own type:
/// realize (`Realization`: which nodes are realized, and which are views of which buffer),
/// group (`Grouping`: the kernels in order and their members), store (`Storage`: which
/// computed nodes get a buffer, in which slot), lay out (`Layout`: the memory order of each
/// elementwise kernel's results) and emit (`Emission`: each kernel's program, made ready).
enum FusionPlanner {
    /// Inlined work (in add-equivalents) beyond which an expression is cut into two kernels.
    static let maxInlineCost = 48
    /// Instructions per kernel at most (each one is a pass over the block).
    static let maxKernelCost = 128
    /// Work up to which a node with several consumers is recomputed in each (rule 3).
    static let recomputeCost = 2
    /// Work above which a value is computed once rather than recomputed under a broadcast.
    static let broadcastRecomputeCost = 4

    /// Plans `graph`, and checks the plan against the invariant that no kernel reads a buffer
    /// it writes other than element for element (Plan+OwnResults.swift). A plan that breaks
    /// it is a planner bug that would give a silently wrong result: a debug build stops there;
    /// a release build falls back to the plan that fuses nothing, which cannot break it.
    static func plan(_ graph: Graph) -> Plan {
        let realization = Realization(graph)
        let fused = plan(graph, realization, fusing: true)
        let misplaced = fused.kernelsReadingTheirOwnResults
        if misplaced.isEmpty { return fused }
        assertionFailure("[plan] kernels \(misplaced) read buffers they write, out of place (a planner bug):\n\(fused.explain())")
        // Each computed node a kernel of its own reads only other kernels' buffers (a matmul's
        // epilogue reads the product element for element, as it may), so this one holds.
        let unfused = plan(graph, realization, fusing: false)
        precondition(unfused.kernelsReadingTheirOwnResults.isEmpty, "[plan] an unfused kernel reads a buffer it writes:\n\(unfused.explain())")
        return unfused
    }

    /// The plan of `graph` from its realize pass: group (with nodes joining each other's
    /// kernels when `fusing`, else one kernel per computed node), store, lay out, emit.
    static func plan(_ graph: Graph, _ realization: Realization, fusing: Bool) -> Plan {
        let grouping = Grouping(graph, realization, fusing: fusing)
        let storage = Storage(graph, realization, grouping)
        let layout = Layout(graph, realization, grouping, storage)
        var plan = Emission(graph: graph, base: layout.base, slotOfNode: storage.slotOfNode)
            .plan(grouping, orders: layout.orders, storage: storage, sourceCount: realization.sourceCount)
        plan.keptForBackward = keptForBackward(graph, realization, grouping, storage)
        return plan
    }

    /// Whose memory a node's value lives in: a buffer handed in, or a computed node's.
    enum BufferOwner: Hashable { case source(Int), node(Int) }
    /// A node's value as a view of a buffer.
    struct BufferBase { var owner: BufferOwner; var view: View }

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
        /// A gather or scatter-add at known positions (FusionPlanner+IndexedAxis.swift): nothing joins it.
        case indexed
        /// A cumulative sum or product with its producers (FusionPlanner+Scan.swift): nothing joins it.
        case scan
    }
}
