import Kernels
import Scheduler

/// The process's evaluation engine: the state every evaluation shares, and the two moments an
/// evaluation needs the lock.
///
/// An evaluation *takes* the pending part of its graph (lowers it, with the lock held, into a
/// flat `Graph` snapshot that holds its source buffers), then plans, compiles and runs kernels
/// without any lock, then *publishes* its roots' values with the lock again. So evaluations on
/// different threads run side by side, and a long one holds up nobody. Two evaluations that
/// take the same pending root both compute it from the same sources, into the same bits; the
/// first to publish sets the node's value and the other's result is dropped. No evaluation
/// waits for another, so no wait can deadlock, and an evaluation that fails part way leaves no
/// node marked as owed by it.
final class Engine: Sendable {
    static let shared = Engine()

    /// Lowering state, statistics, the thread count and the nodes' fields.
    let state = Locked(EngineState())
    /// Plans by graph structure; its own lock, held only to look up and insert.
    let plans = PlanCache()
    /// The backend used when none is named: `LAZYARRAY_BACKEND=openmp` selects OpenMP, anything
    /// else (or nothing) the Dispatch block VM. Read once (`getenv` costs more than a small kernel).
    let defaultBackend: Backend =
        Environment.value("LAZYARRAY_BACKEND")?.lowercased() == "openmp" ? .openMP : .dispatch

    /// The pending part of some arrays' graph, taken for one evaluation.
    struct Pending {
        /// The distinct unevaluated roots.
        let roots: [Node]
        let graph: Graph
        /// Buffers of the graph's source slots: held here, so a source stays alive however
        /// other threads publish and free meanwhile.
        let sources: [Buffer]
        /// The engine's thread count when taken.
        let threadCount: Int
    }

    /// Lowers the unevaluated part of the graph behind `nodes` (nil when every node is
    /// evaluated).
    func take(_ nodes: [Node]) -> Pending? {
        state.withLock { state -> Pending? in
            let roots: [Node]
            if nodes.count == 1 {
                // The common case, without the set that weeds out repeated arrays.
                roots = nodes[0].value(state) == nil ? nodes : []
            } else {
                var seen = Set<ObjectIdentifier>()
                roots = nodes.filter { $0.value(state) == nil && seen.insert(ObjectIdentifier($0)).inserted }
            }
            guard !roots.isEmpty else { return nil }
            let lowered = GraphLowering.lowered(roots, state: &state)
            return Pending(roots: roots, graph: lowered.graph, sources: lowered.sources, threadCount: state.threadCount)
        }
    }

    /// Stores `results` as the values of `pending`'s roots (in order) and adds `statistics` to
    /// the engine's. The graphs behind the roots are released after the lock, unless
    /// `keepingInputs` (an evaluation while a gradient is taken, `GradientSessions`).
    func publish(_ pending: Pending, results: [Materialized], statistics: ExecutionStatistics, keepingInputs: Bool) {
        if pending.roots.count == 1 {
            // The common case, without an array of released inputs.
            let released = state.withLock { state in
                state.statistics += statistics
                return pending.roots[0].publish(results[0], keepingInputs: keepingInputs, &state)
            }
            withExtendedLifetime(released) {}
            return
        }
        let released = state.withLock { state in
            state.statistics += statistics
            return zip(pending.roots, results).map { root, result in root.publish(result, keepingInputs: keepingInputs, &state) }
        }
        withExtendedLifetime(released) {}
    }
}
