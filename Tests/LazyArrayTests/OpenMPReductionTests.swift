import Testing
@testable import LazyArray
@testable import Kernels
import Scheduler

/// Reductions on the OpenMP C target: rendered with the block VM's work units and folds, so
/// they give the VM's bits (log-sum-exp aside: its exponentials are libm's), and agree with
/// eager within `ReductionTests.agree`'s tolerance.
@Suite(.serialized, .enabled(if: openMPAvailable, skipComment), .timeLimit(.minutes(10)))
struct OpenMPReductionTests {
    /// Reduces `x` with reduction number `choice` over `axes`: the reductions of
    /// `ReductionTests`, mean/var/std (reductions with finishing phases) included.
    static func reduce(_ x: NDArray, _ choice: Int, axes: [Int]?, keepdims: Bool) -> NDArray {
        switch choice {
        case 0: x.sum(axes: axes, keepdims: keepdims)
        case 1: x.prod(axes: axes, keepdims: keepdims)
        case 2: x.max(axes: axes, keepdims: keepdims)
        case 3: x.min(axes: axes, keepdims: keepdims)
        case 4: x.any(axes: axes, keepdims: keepdims)
        case 5: x.all(axes: axes, keepdims: keepdims)
        case 6: x.mean(axes: axes, keepdims: keepdims)
        case 7: x.variance(axes: axes, ddof: 1, keepdims: keepdims)
        case 8: x.std(axes: axes, keepdims: keepdims)
        case 9: x.argmax(axis: axes?.first, keepdims: keepdims)
        default: x.argmin(axis: axes?.first, keepdims: keepdims)
        }
    }

    /// Runs `body` and checks that every kernel it evaluated ran as C: no fallback to the VM,
    /// and at least `kernels` compiled kernel phases ran (counted in this call's own scope, so
    /// suites evaluating in parallel do not move the counts).
    static func allInC(kernels: Int = 1, _ body: () -> Void) {
        let statistics = NDArray.statistics(during: body)
        #expect(statistics.fallbacks == 0, "every kernel ran as C")
        #expect(statistics.compiledPhasesRun >= kernels, "\(statistics.compiledPhasesRun) compiled phases ran")
    }

    @Test(arguments: DType.allCases)
    func everyReductionAxisAndKeepdimsMatchesEager(dtype: LazyArray.DType) {
        Self.allInC(kernels: 100) { ReductionTests.checkEveryReduction(dtype: dtype, backend: .openMP) }
    }

    /// Random expression DAGs (every dtype, views, broadcasting, casts), cast to a random
    /// dtype and reduced over random axes: the same bits as the block VM, and within
    /// `ReductionTests.agree` of eager.
    @Test(arguments: 0..<200)
    func generatedReductionsGiveTheBlockVMsBits(seed: Int) {
        func build() -> NDArray {
            var builder = RandomExpressionBuilder(seed: UInt64(seed) + 70_000)
            var rng = SplitMix64(state: UInt64(seed))
            let x = builder.build().astype(DType.allCases[rng.int(0...(DType.allCases.count - 1))])
            let choice = rng.int(0...10)
            var axes: [Int]? = nil
            if x.ndim > 0 && rng.chance(70) {
                axes = (0..<x.ndim).filter { _ in rng.chance(50) }
                if axes!.isEmpty || choice >= 9 { axes = [rng.int(0...(x.ndim - 1))] }
            }
            if x.size == 0 && (2...3).contains(choice) || x.size == 0 && choice >= 9 { return x.sum() }
            return Self.reduce(x, choice, axes: axes, keepdims: rng.chance(30))
        }
        var c: NDArray?
        Self.allInC { c = build().evaluate(backend: .openMP) }
        let vm = build().evaluate(backend: .dispatch), eager = build().evaluate(mode: .eager)
        #expect(sameBits(c!.toArray(Double.self), vm.toArray(Double.self)), "seed \(seed)")
        #expect(ReductionTests.agree(c!, eager), "seed \(seed)")
    }

    /// Large reductions: runs of a block, several pieces of the reduced axis (merged in order),
    /// several column blocks, narrow rows packed into blocks, fused producers, two reductions
    /// in one pass: the VM's bits for every dtype of sum.
    @Test(arguments: [[Int]?.none, [0], [1]])
    func largeReductionsGiveTheBlockVMsBits(axes: [Int]?) {
        let values: [Double] = (0..<(300 * 2100)).map { (i: Int) -> Double in Double((i * 7919) % 1013) / 64 - 7.5 }
        for dtype in [DType.float32, .float64, .int32, .int64] {
            func build() -> [NDArray] {
                let x = makeArray(values, dtype: dtype, shape: [300, 2100])
                let y: NDArray = x * 3 - 1, squares: NDArray = x * x
                return [y.sum(axes: axes), x.max(axes: axes), squares.mean(axes: axes), x.argmin(axis: axes?.first)]
            }
            var c: [NDArray] = []
            Self.allInC { c = build().map { $0.evaluate(backend: .openMP) } }
            let vm = build().map { $0.evaluate(backend: .dispatch) }
            for (a, b) in zip(c, vm) {
                #expect(sameBits(a.toArray(Double.self), b.toArray(Double.self)), "\(dtype) over \(String(describing: axes))")
            }
        }
    }

    @Test(arguments: [[Int]?.none, [0], [1]])
    func reductionsAreBitwiseTheSameForAnyThreadCount(axes: [Int]?) {
        Self.allInC { ReductionTests.checkSameForAnyThreadCount(axes: axes, backend: .openMP) }
    }

    @Test func nanPropagatesAndArgmaxFindsTheFirstNaN() {
        Self.allInC {
            let x = NDArray([1.0, .nan, 3.0, .nan] + (0..<5000).map { Double($0) })
            #expect(x.max().evaluate(backend: .openMP).item(Double.self).isNaN)
            #expect(x.min().evaluate(backend: .openMP).item(Double.self).isNaN)
            #expect(x.argmax().evaluate(backend: .openMP).item(Int.self) == 1)
            #expect(x.argmin().evaluate(backend: .openMP).item(Int.self) == 1)
            let f = x.astype(.float32)
            #expect(f.max().evaluate(backend: .openMP).item(Float.self).isNaN, "the vectorized float32 run")
            #expect(f.argmax().evaluate(backend: .openMP).item(Int.self) == 1)
            #expect(NDArray([3, 1, 3]).argmax().evaluate(backend: .openMP).item(Int.self) == 0, "ties give the first index")
        }
    }

    @Test func emptyReductionsWriteTheirIdentities() {
        let empty = NDArray.zeros([0, 3])
        #expect(empty.sum(axis: 0).evaluate(backend: .openMP).toArray(Double.self) == [0, 0, 0])
        #expect(empty.prod(axis: 0).evaluate(backend: .openMP).toArray(Double.self) == [1, 1, 1])
        #expect(empty.sum(axis: 1).evaluate(backend: .openMP).shape == [0])
    }

    /// Softmax and log-sum-exp: the exponentials are libm's (libmvec's when vectorized, 4 ulp)
    /// instead of `VectorMath`'s (4 ulp), so they are not the VM's bits. Softmax is
    /// `exp(x - max - lse)`: an argument of magnitude up to about 12 carries the rounding of
    /// `lse` into the result scaled by that magnitude, so the block VM itself was 16 ulp from
    /// eager here (measured with the two-kernel softmax; along the last axis softmax is now the
    /// row-softmax kernel on both backends); both backends are held to twice that.
    @Test func softmaxAndLogSumExpAgreeWithEager() {
        let values: [Double] = (0..<(64 * 300)).map { (i: Int) -> Double in Double((i * 37) % 101) / 9 - 5 }
        for dtype in [DType.float32, .float64] {
            func build() -> [NDArray] {
                let x = makeArray(values, dtype: dtype, shape: [64, 300])
                return [softmax(x, axis: -1), logsumexp(x, axis: 0), logSoftmax(x)]
            }
            var c: [NDArray] = []
            Self.allInC { c = build().map { $0.evaluate(backend: .openMP) } }
            let vm = build().map { $0.evaluate(backend: .dispatch) }, eager = build().map { $0.evaluate(mode: .eager) }
            for (number, reference) in eager.enumerated() {
                let expected = reference.toArray(Double.self)
                for (name, result) in [("openMP", c[number]), ("dispatch", vm[number])] {
                    let worst = zip(result.toArray(Double.self), expected).map { ulpDistance($0, $1, dtype: dtype) }.max() ?? 0
                    #expect(worst <= 32, "\(name) \(dtype) case \(number): \(worst) ulp")
                }
            }
        }
    }

    @Test func renderedReductionHasUnitsAndFolds() throws {
        let program = KernelProgram(
            shape: [100, 50],
            inputs: [KernelInput(slot: 0, dtype: .float32, view: View(contiguous: [100, 50]))],
            instructions: [Instruction(kind: .elementwise(.square), operandType: .float32, resultType: .float32,
                                       operands: [.input(0)], result: 0)],
            outputs: [],
            reduction: KernelReduction(outer: 1, extent: 100, inner: 50, outputs: [
                ReductionOutput(op: .sum, register: 0, dtype: .float32, slot: 1, resultType: .float32),
            ]))
        let source = try CKernelRenderer.render(program)
        #expect(source.contains("static void la_unit("), "\(source)")
        #expect(source.contains("la_fold0(&s0[column], red0[r * width + column], row + r)"), "\(source)")
    }
}
