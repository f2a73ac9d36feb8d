import Kernels

/// Plans by graph structure (`Graph`'s equality ignores the data), shared by every evaluation
/// of an engine whatever its thread. Only the lookup and the insertion hold the lock: two
/// threads missing on the same structure both plan it (plans of one structure are equal, so
/// either may stay cached), and neither waits for the other's planning.
package final class PlanCache: Sendable {
    private let plans = Locked<[Graph: Plan]>([:])
    /// Plans kept at most; the cache is cleared when it grows past this (a program rarely has
    /// more distinct graph structures than this in its steady state).
    package let capacity: Int

    package init(capacity: Int = 512) { self.capacity = capacity }

    /// The plan for `graph`, from the cache when one of the same structure was planned before;
    /// counts the hit or miss in `statistics`.
    package func plan(for graph: Graph, statistics: inout ExecutionStatistics) -> Plan {
        // A graph too large to keep (`Graph.largestCachedGraph`) is planned every time.
        guard graph.isCacheable else {
            statistics.planCacheMisses += 1
            return FusionPlanner.plan(graph)
        }
        if let cached = plans.withLock({ $0[graph] }) {
            statistics.planCacheHits += 1
            return cached
        }
        let plan = FusionPlanner.plan(graph)
        plans.withLock { plans in
            if plans.count >= capacity { plans = [:] }
            plans[graph] = plan
        }
        statistics.planCacheMisses += 1
        return plan
    }

    /// Whether a plan for `graph`'s structure is cached (without counting a hit or a miss).
    package func contains(_ graph: Graph) -> Bool { plans.withLock { $0[graph] != nil } }

    /// Drops every cached plan.
    package func removeAll() { plans.withLock { $0 = [:] } }
}
