import Testing
@testable import LazyArray
import Kernels

/// A concatenation is a lazy node whose parts are computed straight into their slices of its
/// buffer (FusionPlanner+Concatenate.swift): kernel counts, bytes moved, and fused results
/// against the eager reference on generated concatenations.
@Suite(.timeLimit(.minutes(10))) struct ConcatenateFusionTests {
    /// Float32 arrays of `shape` with distinct values.
    private func input(_ shape: [Int], _ seed: Float) -> NDArray {
        NDArray((0..<shape.reduce(1, *)).map { Float($0) * 0.25 + seed }, shape: shape)
    }

    @Test(arguments: [0, 1])
    func concatenationOfExpressionsIsOneKernelPerPart(axis: Int) {
        let a = input([40, 30], 1), b = input([40, 30], 2), c = input([40, 30], 3)
        let joined = concatenate([a * 2 + 1, b - c], axis: axis)
        let plan = NDArray.plan([joined])!
        #expect(plan.kernels.count == 2)
        // No buffer per part: the only intermediate is the result itself.
        let partBytes = 40 * 30 * 4
        #expect(plan.intermediateBytes == [2 * partBytes])
        // Every input read once and the result written once.
        let moved = plan.kernels.map(\.bytesMoved).reduce(0, +)
        #expect(moved == 5 * partBytes)
        #expect(plan.explain().contains("concatenate"))
        let eager = concatenate([a * 2 + 1, b - c], axis: axis).evaluate(mode: .eager)
        #expect(joined.toArray(Float.self) == eager.toArray(Float.self))
    }

    @Test func evaluatedPartsAreCopiedAndConsumersReadTheResult() {
        let a = input([3, 4], 0), b = input([2, 4], 5)
        let joined = concatenate([a, b * 3], axis: 0)
        let y = joined.sum(axis: 1) + 1
        // A copy of `a`, the `b * 3` part, then the sum over the finished buffer.
        #expect(NDArray.kernelCount(y) == 3)
        let eager = (concatenate([a, b * 3], axis: 0).sum(axis: 1) + 1).evaluate(mode: .eager)
        #expect(y.toArray(Float.self) == eager.toArray(Float.self))
    }

    @Test func stackOfExpressionsIsOneKernelPerPart() {
        let a = input([5, 6], 1), b = input([5, 6], 2)
        let stacked = stack([a + b, a * b], axis: 2)
        #expect(NDArray.kernelCount(stacked) == 2)
        #expect(stacked.toArray(Float.self) == stack([a + b, a * b], axis: 2).evaluate(mode: .eager).toArray(Float.self))
    }

    @Test func concatenationPlansAreCachedByAxis() {
        let a = input([4, 4], 1), b = input([4, 4], 2)
        concatenate([a + 1, b], axis: 0).evaluate()
        #expect(NDArray.isPlanCached([concatenate([a + 1, b], axis: 0)]))
        let otherAxis = concatenate([a + 1, b], axis: 1)
        #expect(otherAxis.toArray(Float.self) == concatenate([a + 1, b], axis: 1).evaluate(mode: .eager).toArray(Float.self))
    }

    @Test(arguments: 0..<120)
    func generatedConcatenationsMatchEagerBitwise(seed: Int) {
        var first = ConcatenationBuilder(seed: UInt64(seed))
        var second = ConcatenationBuilder(seed: UInt64(seed))
        let fused = first.build().evaluate(mode: .fused)
        let eager = second.build().evaluate(mode: .eager)
        #expect(fused.shape == eager.shape)
        #expect(fused.dtype == eager.dtype)
        #expect(sameBits(fused.toArray(Double.self), eager.toArray(Double.self)), "seed \(seed)")
    }

    @Test(.enabled(if: openMPAvailable, skipComment), arguments: 0..<30)
    func generatedConcatenationsMatchEagerOnOpenMP(seed: Int) {
        var first = ConcatenationBuilder(seed: UInt64(seed) + 1000)
        var second = ConcatenationBuilder(seed: UInt64(seed) + 1000)
        let fused = first.build().evaluate(mode: .fused, backend: .openMP)
        let eager = second.build().evaluate(mode: .eager)
        #expect(sameBits(fused.toArray(Double.self), eager.toArray(Double.self)), "seed \(seed)")
    }
}

/// Random concatenations: parts of random dtypes (so the result promotes), each an evaluated
/// array, an expression, a view (transpose or reversed slice) or a random expression DAG's
/// value, along a random axis; the result is sometimes used inside a larger expression.
struct ConcatenationBuilder {
    var expressions: RandomExpressionBuilder

    init(seed: UInt64) { expressions = RandomExpressionBuilder(seed: seed) }

    mutating func build() -> NDArray {
        let rank = expressions.rng.int(1...3)
        var shape = (0..<rank).map { _ in expressions.rng.int(1...6) }
        let axis = expressions.rng.int(0...(rank - 1))
        let parts = (0..<expressions.rng.int(2...4)).map { _ in
            shape[axis] = expressions.rng.int(0...5)
            return part(shape)
        }
        let joined = concatenate(parts, axis: axis - (expressions.rng.chance(30) ? rank : 0))
        switch expressions.rng.int(0...3) {
        case 0: return joined
        case 1: return (joined.astype(.float64) * 3 + 1).T
        // A maximum, not a sum: it is exact in any order (a sum's order differs from eager's).
        case 2: return joined.shape[axis] > 0 ? joined.astype(.float64).max(axis: axis) : joined
        default: return concatenate([joined, joined.astype(.float32) - 2], axis: 0)
        }
    }

    private mutating func part(_ shape: [Int]) -> NDArray {
        let leaf = expressions.leaf(shape: shape)
        switch expressions.rng.int(0...4) {
        case 0: return leaf
        case 1: return expressions.unary(leaf)
        case 2:
            let partner = expressions.leaf(shape: expressions.broadcastPartner(of: shape))
            var builder = expressions
            // Some operations reject some dtypes: those parts stay the leaf.
            let combined = try? NDArray.checking { builder.binary(leaf, partner) }
            expressions = builder
            return combined ?? leaf
        case 3: return expressions.leaf(shape: shape.reversed()).T
        case _ where shape.contains(0): return leaf
        default:
            // A reversed view of an expression.
            let slices = shape.map { AxisSlice(start: $0 - 1, step: -1, count: $0) }
            return (leaf * 3 - 1).view(.slice(slices), shape: shape)
        }
    }
}
