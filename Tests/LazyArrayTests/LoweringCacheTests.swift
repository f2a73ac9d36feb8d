import Testing
@testable import LazyArray
import Kernels

/// The lowering cache (`GraphLowering+Cache.swift`): an evaluate of a structure seen before
/// reuses the lowered graph only when the new nodes match it exactly, and then reads the new
/// nodes' buffers, never the old ones.
@Suite(.timeLimit(.minutes(10))) struct LoweringCacheTests {
    /// `x0 + 2 x1 + 3 x2 + ...` over `inputs`, the same structure for any arrays of one shape.
    static func weightedSum(_ inputs: [NDArray]) -> NDArray {
        inputs.enumerated().dropFirst().reduce(inputs[0]) { $0 + Double($1.offset + 1) * $1.element }
    }

    static func arrays(_ count: Int, seed: UInt64) -> [NDArray] {
        (0..<count).map { RandomGenerator(seed: seed &+ UInt64($0)).normal([5]).evaluate() }
    }

    @Test("a repeated structure reads the new buffers, for few and for many sources", arguments: [3, 40])
    func repeatedStructureReadsNewBuffers(sources: Int) {
        for seed in [UInt64(1), 100, 200] {
            let inputs = Self.arrays(sources, seed: seed)
            let fused = Self.weightedSum(inputs).evaluate().toArray(Double.self)
            let eager = Self.weightedSum(inputs).evaluate(mode: .eager).toArray(Double.self)
            #expect(fused == eager, "seed \(seed), \(sources) sources")
        }
    }

    @Test func sameBufferTwiceIsAnotherStructureThanTwoBuffers() {
        let a = NDArray([1.0, 2.0]).evaluate(), b = NDArray([10.0, 20.0]).evaluate()
        // One source used twice, then two sources, then one again: each must read its own.
        #expect((a * a + a).toArray(Double.self) == [2, 6])
        #expect((a * b + a).toArray(Double.self) == [11, 42])
        #expect((b * b + b).toArray(Double.self) == [110, 420])
        #expect((a * b + b).toArray(Double.self) == [20, 60])
    }

    @Test func anInputEvaluatedInBetweenChangesTheStructure() {
        let x = NDArray([1.0, 2.0, 3.0]).evaluate()
        let first = (x * 2 + 1) * 3
        #expect(first.toArray(Double.self) == [9, 15, 21])
        // Same fingerprint at build time, but the inner node is evaluated before the outer is.
        let inner = x * 2 + 1
        let outer = inner * 3
        inner.evaluate()
        #expect(outer.toArray(Double.self) == [9, 15, 21])
    }

    /// Graphs up to `Node.recursionHeightLimit` are matched by the recursive walk, taller ones
    /// are lowered afresh every time: both sides of the limit evaluate right twice in a row
    /// (the second time with other data, which a wrong match would miss).
    @Test(arguments: [-2, 0, 1, 40])
    func chainsAroundTheRecursionLimit(beyondLimit: Int) {
        let steps = Node.recursionHeightLimit + beyondLimit
        func chain(_ x: NDArray) -> NDArray { (1...steps).reduce(x) { $0 + Double($1) } }
        let total = Double(steps * (steps + 1) / 2)
        for start in [1.0, -7.0] {
            let x = NDArray([start, start + 1]).evaluate()
            let y = chain(x)
            #expect(y.node.height == steps + 1)
            #expect(y.toArray(Double.self) == [start + total, start + 1 + total], "\(steps) steps from \(start)")
        }
    }
}
