import Kernels
import Dispatch

/// Evaluation mode `.fused` on the Dispatch backend: plans a graph (or takes its plan from the
/// cache), allocates the intermediate buffers from the pool, runs each kernel on the block VM.
package enum FusedExecutor {
    private static let lock = Mutex()
    nonisolated(unsafe) private static var cache: [Graph: Plan] = [:]
    nonisolated(unsafe) private static var counters = ExecutionStatistics()
    /// Plans kept at most; the cache is cleared when it grows past this (a program rarely has
    /// more distinct graph structures than this in its steady state).
    static let cacheCapacity = 512

    /// Counters since the start of the process (or the last `resetStatistics`).
    package static var statistics: ExecutionStatistics { lock.withLock { counters } }

    /// Zeroes the counters.
    package static func resetStatistics() { lock.withLock { counters = ExecutionStatistics() } }

    /// Whether a plan for `graph`'s structure is cached (without counting a hit or a miss).
    package static func isCached(_ graph: Graph) -> Bool { lock.withLock { cache[graph] != nil } }

    /// Drops every cached plan.
    package static func clearPlanCache() { lock.withLock { cache = [:] } }

    /// The plan for `graph`, from the cache when one of the same structure was planned before.
    package static func plan(for graph: Graph) -> Plan {
        let cached = lock.withLock { () -> Plan? in
            guard let plan = cache[graph] else { return nil }
            counters.planCacheHits += 1
            return plan
        }
        if let cached { return cached }
        let plan = FusionPlanner.plan(graph)
        lock.withLock {
            if cache.count >= cacheCapacity { cache = [:] }
            cache[graph] = plan
            counters.planCacheMisses += 1
        }
        return plan
    }

    /// Computes `graph.outputs` with fused kernels over `threads` threads.
    package static func evaluate(_ graph: Graph, sources: [Buffer], threads: Int) -> [Materialized] {
        let plan = plan(for: graph)
        let buffers = plan.buffers(sources: sources)
        let pointers = buffers.map(\.base)
        let debug = Environment.debug
        var moved = 0
        for (number, kernel) in plan.kernels.enumerated() {
            let start = debug ? DispatchTime.now().uptimeNanoseconds : 0
            switch kernel.kind {
            case .program(let programKernel):
                BlockVM.run(programKernel.prepared, buffers: pointers, threads: threads)
                if let finisher = programKernel.finisher { BlockVM.run(finisher.prepared, buffers: pointers, threads: threads) }
            case .matrixProduct(let product): product.run(buffers: pointers, threads: threads)
            case .rowSoftmax(let rows): rows.run(buffers: pointers, threads: threads)
            }
            moved += kernel.bytesMoved
            if debug { kernel.printDebugLine("kernel \(number)", since: start) }
        }
        lock.withLock {
            counters.kernelsRun += plan.kernels.count
            counters.bytesMoved += moved
        }
        return plan.results(buffers)
    }

    /// Adds kernels run by another executor over this module's plans (the OpenMP one) to the
    /// counters, so `statistics` describes every fused evaluation whatever its backend.
    static func record(kernelsRun: Int, bytesMoved: Int) {
        lock.withLock {
            counters.kernelsRun += kernelsRun
            counters.bytesMoved += bytesMoved
        }
    }
}
