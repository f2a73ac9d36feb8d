import Testing
@testable import LazyArray
import Kernels

/// Fusion: one kernel-count test per fusion rule, and fused results against the eager
/// reference on hundreds of random expression DAGs.
@Suite(.serialized, .timeLimit(.minutes(10))) struct FusionTests {
    let a = NDArray((0..<1000).map { Float($0) / 100 })
    let b = NDArray((0..<1000).map { Float(1000 - $0) / 100 })

    @Test func polynomialIsOneKernel() {
        let y = 2 * a * a * a + 3 * b * b - 4 * a * b + 1
        #expect(NDArray.kernelCount(y) == 1)
        let eager = (2 * a * a * a + 3 * b * b - 4 * a * b + 1).evaluate(mode: .eager)
        #expect(y.toArray(Float.self) == eager.toArray(Float.self))
    }

    @Test func outerProductThroughBroadcastViewsIsOneKernel() {
        let x = NDArray((0..<30).map { Float($0) }), z = NDArray((0..<20).map { Float($0) * 0.5 })
        let y = x.expandDims(axis: 1) * z.expandDims(axis: 0) + 1
        #expect(NDArray.kernelCount(y) == 1)
        #expect(y.shape == [30, 20])
        let values = y.toArray(Float.self)
        #expect(values[7 * 20 + 3] == 7 * 1.5 + 1)
    }

    @Test func transposedInputIsReadInPlace() {
        let m = NDArray((0..<12).map { Double($0) }, shape: [3, 4])
        let y = m.T + 1
        let explanation = y.explain()
        #expect(NDArray.kernelCount(y) == 1)
        // The result is laid out as the transpose is (NumPy's order='K'), so both are read
        // and written front to back as one run.
        #expect(explanation.contains("shape (12,) strides (1,) offset 0: in place"), "\(explanation)")
        #expect(explanation.contains("memory order: axes (1, 0)"), "\(explanation)")
        #expect(y.toArray(Double.self) == [1, 5, 9, 2, 6, 10, 3, 7, 11, 4, 8, 12])
    }

    @Test func sharedSubexpressionIsComputedOnceForSeveralOutputs() {
        let t = exp(a * b)
        let y = t + 1, z = t * 2
        #expect(NDArray.kernelCount(y, z) == 1)
        let explanation = NDArray.explain([y, z])
        #expect(explanation.components(separatedBy: "exp").count - 1 == 1, "\(explanation)")
        evaluate(y, z)
        // exp in a fused kernel is VectorMath's (within 4 ulp of the C library's, which eager
        // uses); adding 1 or doubling adds at most one more rounding: 5 ulp.
        let reference = exp(a * b).evaluate(mode: .eager).toArray(Float.self)
        let worstY = zip(y.toArray(Float.self), reference).map { ulpDistance(Double($0), Double($1 + 1), dtype: .float32) }.max()!
        let worstZ = zip(z.toArray(Float.self), reference).map { ulpDistance(Double($0), Double($1 * 2), dtype: .float32) }.max()!
        #expect(worstY <= 5 && worstZ <= 5, "max ulp \(worstY), \(worstZ)")
    }

    /// Outputs asked for together that read only sources join one kernel when they load a
    /// source through the same row-major view (an optimizer's moments: `m` and `v` both read
    /// the gradient), so it is read once. Outputs with nothing in common stay apart, and so do
    /// siblings sharing only a broadcast scalar or a transposed read (a permuted read may give
    /// its kernel a permuted layout, InheritedLayoutTests).
    @Test func siblingsSharingASourceAreOneKernel() {
        let m = 0.9 * b + 0.1 * a, v = 0.99 * (b * b) + 0.01 * (a * a)
        #expect(NDArray.kernelCount(m, v) == 1, "\(NDArray.explain([m, v]))")
        let explanation = NDArray.explain([m, v])
        #expect(explanation.components(separatedBy: "in  slot").count - 1 == 2, "a and b loaded once each: \(explanation)")
        #expect(NDArray.kernelCount(a + 1, b * 2) == 2)
        let scalar = NDArray(Float(3))
        #expect(NDArray.kernelCount(a * scalar, b * scalar) == 2)
        let x = NDArray((0..<12).map { Float($0) }, shape: [3, 4]), y = NDArray((0..<12).map { Float($0) }, shape: [4, 3])
        #expect(NDArray.kernelCount(x.T + 1, x.T * y) == 2)
        evaluate(m, v)
        let (eagerM, eagerV) = (0.9 * b + 0.1 * a, 0.99 * (b * b) + 0.01 * (a * a))
        evaluate(eagerM, eagerV, mode: .eager)
        #expect(m.toArray(Float.self) == eagerM.toArray(Float.self) && v.toArray(Float.self) == eagerV.toArray(Float.self))
    }

    /// Several outputs over shared leaves (in place, transposed, broadcast, 0-d), evaluated
    /// together, some through matrix products of expressions (whose operands are copies of
    /// views of them, which must not share a kernel): the plans siblings share kernels
    /// in, against eager, bitwise. Values are quarters in [-4, 4] and every expression is at
    /// most a product of two sums of them, so every result (and every sum in a product) is
    /// exact in float64 in any order.
    @Test(arguments: 0..<40) func siblingOutputsMatchEagerBitwise(seed: Int) {
        func outputs() -> [NDArray] {
            var rng = SplitMix64(state: UInt64(seed) &+ 9_000)
            let (m, n) = (rng.int(1...6), rng.int(1...6))
            func leaf(_ shape: [Int]) -> NDArray {
                NDArray((0..<shape.reduce(1, *)).map { _ in Double(rng.int(-16...16)) / 4 }, shape: shape)
            }
            let leaves = [leaf([m, n]), leaf([m, n]), leaf([n, m]).T, leaf([n]).broadcast(to: [m, n]), leaf([]).broadcast(to: [m, n])]
            func pick() -> NDArray { leaves[rng.int(0...(leaves.count - 1))] }
            return (0..<rng.int(2...5)).map { _ in
                let (a, b) = (pick(), pick())
                switch rng.int(0...6) {
                case 0: return a + b
                case 1: return a * b - 1
                case 2: return maximum(a, b) * 0.5
                case 3: return NDArray.where(a .> b, a, b * 0.25)
                case 4: return matmul(a + b, (a - pick()).T)
                // Products of reshaped expressions, one of them twice: each operand a copy.
                case 5:
                    let e = a + b
                    return rng.chance(50) ? matmul(e.reshape([m * n, 1, 1]), e.reshape([m * n, 1, 1]))
                        : matmul((a * b).reshape([m * n, 1, 1]), (a + pick()).reshape([m * n, 1, 1]))
                default: return (a + 1).astype(.float32).astype(.float64) * b
                }
            }
        }
        let fused = outputs(), eager = outputs()
        NDArray.evaluate(fused)
        NDArray.evaluate(eager, mode: .eager)
        for (index, (f, e)) in zip(fused, eager).enumerated() {
            #expect(sameBits(f.toArray(Double.self), e.toArray(Double.self)), "seed \(seed), output \(index)")
        }
    }

    /// Sibling reductions over the same space that read one shared chain (a value and the
    /// gradients reduced from it) compute the chain in their own pass: one kernel, no stored
    /// intermediate. Where the chain is also an output, or reductions over different axes
    /// read it, it is stored as before. Every case against eager, bitwise: the values are
    /// quarters in [-2, 2], so every product, difference and sum here is exact in float64.
    @Test(arguments: 0..<40) func siblingReductionsShareTheirChain(seed: Int) {
        var rng = SplitMix64(state: UInt64(seed) &+ 7_000)
        let rank = rng.int(1...3)
        let shape = (0..<rank).map { _ in rng.int(1...9) }
        let count = shape.reduce(1, *)
        func quarters() -> NDArray { NDArray((0..<count).map { _ in Double(rng.int(-8...8)) / 4 }, shape: shape) }
        let x = quarters(), y = quarters()
        let chosen = (0..<rank).filter { _ in rng.chance(60) }
        let axes = chosen.isEmpty ? Array(0..<rank) : chosen
        let otherAxes = (0..<rank).filter { !axes.contains($0) }
        let variant = rng.below(3)
        func results() -> [NDArray] {
            // Four operations: costly enough to be computed once for its several readers.
            let t = x * y - x * x + y
            let reduced = [t.sum(axes: axes), (t * y).sum(axes: axes), (t * t + y).max(axes: axes)]
            switch variant {
            case 0: return reduced
            case 1: return reduced + [t]
            default: return reduced + [t.sum(axes: otherAxes.isEmpty ? nil : otherAxes)]
            }
        }
        let fused = results(), eager = results().map { $0.evaluate(mode: .eager) }
        if variant == 0 && Array(axes.min()!...axes.max()!) == axes {
            #expect(NDArray.plan(fused)?.kernels.count == 1, "\(NDArray.explain(fused))")
        }
        NDArray.evaluate(fused)
        for (f, e) in zip(fused, eager) {
            #expect(sameBits(f.toArray(Double.self), e.toArray(Double.self)), "shape \(shape) axes \(axes) variant \(variant)")
        }
    }

    @Test func viewsOfEvaluatedArraysNeedNoKernel() {
        let m = NDArray((0..<6).map { Double($0) }, shape: [2, 3]).evaluate()
        #expect(NDArray.kernelCount(m.T) == 0 || m.T.explain().contains("no kernel"))
        let t = m.T.evaluate()
        #expect(t.node.lockedValue!.buffer === m.node.lockedValue!.buffer)
    }

    @Test func reshapeOfATransposeCopiesFirst() {
        let m = NDArray((0..<6).map { Double($0) }, shape: [2, 3])
        let y = (m.T + 0).reshape([6]) * 2
        #expect(y.toArray(Double.self) == [0, 6, 2, 8, 4, 10])
        let z = m.T.reshape([6])
        #expect(z.toArray(Double.self) == [0, 3, 1, 4, 2, 5])
        let evaluatedTranspose = m.T.evaluate()
        #expect(evaluatedTranspose.reshape([3, 2]).reshape([6]).toArray(Double.self) == [0, 3, 1, 4, 2, 5])
        #expect((evaluatedTranspose.reshape([6]) + 1).toArray(Double.self) == [1, 4, 2, 5, 3, 6])
    }

    @Test func sliceFeedingAnElementwiseChainIsOneKernel() {
        let x = NDArray((0..<120).map { Float($0) }, shape: [12, 10]).evaluate()
        let rows = x[1..<5, .all] * 2 + 1
        #expect(NDArray.kernelCount(rows) == 1)
        #expect(rows.toArray(Float.self) == (x[1..<5, .all] * 2 + 1).evaluate(mode: .eager).toArray(Float.self))
        // Strided and reversed: every other row backwards, a column range with a step.
        let stepped = x[.slice(10, 1, step: -2), .slice(1, 9, step: 3)] * 2 + 1
        #expect(NDArray.kernelCount(stepped) == 1)
        #expect(stepped.shape == [5, 3])
        #expect(stepped.toArray(Float.self) == [203, 209, 215, 163, 169, 175, 123, 129, 135, 83, 89, 95, 43, 49, 55])
        let column = x[.all, 3] * 2 + 1
        #expect(NDArray.kernelCount(column) == 1)
        let expected: [Float] = (0..<12).map { row in Float(row * 10 + 3) * 2 + 1 }
        #expect(column.toArray(Float.self) == expected)
    }

    @Test func expensiveWorkIsNotRecomputedUnderBroadcast() {
        let column = exp(NDArray((0..<100).map { Float($0) / 100 })).expandDims(axis: 1)
        let y = column + NDArray([Float](repeating: 1, count: 100)).expandDims(axis: 0)
        #expect(NDArray.kernelCount(y) == 2)
    }

    @Test func planCacheHitsOnTheSameStructure() {
        func build() -> NDArray { 2 * a * a * a + 3 * b * b - 4 * a * b + 1 }
        // Counted in this test's own scope: other suites evaluate in parallel and move the
        // process-wide counters.
        let first = NDArray.statistics(during: { build().evaluate() })
        #expect(first.planCacheHits + first.planCacheMisses == 1)
        #expect(NDArray.isPlanCached([build()]))
        let second = NDArray.statistics(during: { build().evaluate() })
        #expect(second.planCacheHits == 1 && second.planCacheMisses == 0)
        #expect(second.kernelsRun == first.kernelsRun && second.bytesMoved == first.bytesMoved)
    }

    @Test(arguments: 0..<300)
    func randomExpressionsMatchEagerBitwise(seed: Int) {
        RandomExpressionChecks.matchEagerBitwise(seed: seed, backend: .dispatch)
    }

    @Test(arguments: 0..<100)
    func randomTranscendentalExpressionsMatchEagerWithinBound(seed: Int) {
        RandomExpressionChecks.matchEagerWithinBound(seed: seed, backend: .dispatch)
    }

    @Test(arguments: 0..<12)
    func resultsAreBitwiseTheSameForAnyThreadCount(seed: Int) {
        RandomExpressionChecks.sameForAnyThreadCount(seed: seed, backend: .dispatch)
    }
}
