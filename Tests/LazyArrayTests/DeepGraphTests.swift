import Testing
@testable import LazyArray
import Scheduler

/// Graphs far deeper than anything recursion could walk (issue 22: `x = x + 1` a million times,
/// the bench's `deep_chain`): they evaluate to the right value, their plans are not kept by
/// the plan cache (`Graph.largestCachedGraph`), and their nodes are freed once the result is
/// evaluated. Speed is the bench's to show.
@Suite(.timeLimit(.minutes(10))) struct DeepGraphTests {
    /// `steps` additions of 1 to zeros: 2 * steps + 1 graph nodes (each step adds a constant).
    static func chain(_ steps: Int, from start: NDArray) -> NDArray {
        var x = start
        for _ in 0..<steps { x = x + 1 }
        return x
    }

    /// More steps than `Graph.largestCachedGraph` has nodes, so the graph is too large to cache.
    static let longSteps = Graph.largestCachedGraph / 2 + 10_000

    @Test func aChainLongerThanTheCacheableLimitEvaluatesExactly() {
        let start = NDArray.zeros([16], dtype: .float32).evaluate()
        // Float32 counts exactly up to 2^24, so every element must be exactly the step count.
        let result = Self.chain(Self.longSteps, from: start).evaluate()
        #expect(result.toArray(Float.self) == Array(repeating: Float(Self.longSteps), count: 16))
    }

    @Test func aGraphTooLargeToCacheIsPlannedEachTimeAndASmallOneIsNot() {
        let start = NDArray.zeros([4], dtype: .float32).evaluate()
        let large = (0..<2).map { _ in NDArray.statistics { _ = Self.chain(Self.longSteps, from: start).evaluate() } }
        #expect(large.map(\.planCacheMisses) == [1, 1])
        #expect(large.map(\.planCacheHits) == [0, 0])
        // A chain of 300 steps (over the lowering cache's recursion height, under the plan
        // cache's size limit) is planned once, then found.
        let small = (0..<2).map { _ in NDArray.statistics { _ = Self.chain(300, from: start).evaluate() } }
        #expect(small.last?.planCacheHits == 1)
    }

    /// A kernel keeps one splatted block per distinct constant (`PreparedProgram`), told apart
    /// by their bits: 0.0 and -0.0 stay two constants (a merged one would give `a * -0.0` the
    /// signs of `a * 0.0`), and a NaN constant, unequal to itself as a number, finds its block.
    @Test func signedZeroAndNaNConstantsKeepTheirOwnBlocks() {
        let a = NDArray([Float(1), -1])
        for mode in [EvaluationMode.fused, .eager] {
            let byZero = a * 0.0, byNegativeZero = a * -0.0, withNaN = a + Double.nan, again = withNaN + Double.nan
            evaluate(byZero, byNegativeZero, again, mode: mode)
            #expect(byZero.toArray(Float.self).map(\.sign) == [.plus, .minus], "\(mode)")
            #expect(byNegativeZero.toArray(Float.self).map(\.sign) == [.minus, .plus], "\(mode)")
            #expect(again.toArray(Float.self).allSatisfy { $0.isNaN }, "\(mode)")
        }
    }

    @Test func theChainsNodesAreFreedOnceItsResultIsEvaluated() {
        let start = NDArray.zeros([4], dtype: .float32).evaluate()
        weak var middle: Node?
        var result: NDArray
        do {
            let half = Self.chain(Self.longSteps / 2, from: start)
            middle = half.node
            result = Self.chain(Self.longSteps / 2, from: half)
            #expect(middle != nil)
        }
        result = result.evaluate()
        #expect(result.toArray(Float.self).first == Float(Self.longSteps / 2 * 2))
        #expect(middle == nil, "a node inside an evaluated chain is still alive")
    }
}
