import Testing
@testable import LazyArray
import Kernels

/// The Dispatch backend's hot kernels (`HotKernel`): a program run `promotionRun` times is
/// compiled to C in the background and runs compiled from then on, with the block VM's bits.
/// Each case is a generated chain of exactly rounded operations (arithmetic, min/max,
/// comparisons and `where`, abs, floor, sqrt, casts, bitwise on integers, and float32 `exp` and
/// `sigmoid`, whose C is the VM's own algorithm) over one dtype, with
/// special values (NaN, infinities, signed zeros, subnormals, extremes of the integer types),
/// a second operand that is a whole array, a broadcast row or a scalar, and in a third of the
/// cases a reduction of the chain (sum, max, min, argmax, mean; along an axis or all); evaluated
/// until promoted, then compared bit for bit with its own first (VM) run, and with eager where
/// eager computes the same bits (not sums and means, which eager adds in another order).
@Suite(.timeLimit(.minutes(10)))
struct HotKernelTests {
    static let dtypes: [DType] = [.float32, .float64, .int32, .int64, .int8, .uint8, .uint16, .float16]

    /// 64 chains: 8 dtypes, flat and broadcast shapes, each compiled once (about 60 ms each
    /// with a cold kernel cache).
    @Test(.enabled(if: openMPAvailable, skipComment))
    func promotedKernelsComputeTheBlockVMsBits() {
        for seed in 0..<64 {
            var chain = ExactChain(seed: UInt64(seed))
            let (eager, exactAgainstEager) = chain.build(seed: seed)
            NDArray.evaluate([eager], mode: .eager)
            var runs: [NDArray] = []
            var promoted = 0
            // Rounds of `promotionRun` runs, a wait for the compile, and one more run: suites
            // running beside this one can fill the plan cache, which then starts afresh, and the
            // new plan's kernels count their runs from zero.
            for _ in 0..<8 where promoted == 0 {
                for run in 0...HotKernel.promotionRun {
                    if run == HotKernel.promotionRun { NDArray.waitForHotKernelCompiles() }
                    var again = ExactChain(seed: UInt64(seed))
                    let fused = again.build(seed: seed).array
                    let statistics = NDArray.statistics(during: {
                        NDArray.withThreadCount(1 + run % 2) { NDArray.evaluate([fused], backend: .dispatch) }
                    })
                    promoted += statistics.hotKernelsRun
                    runs.append(fused)
                }
            }
            let context = "seed \(seed): \(eager.dtype) \(eager.shape), \(chain.description)"
            #expect(promoted >= 1, "\(context): never ran compiled")
            for (run, fused) in runs.enumerated() {
                if let mismatch = Self.firstMismatch(fused, runs[0]) { Issue.record("\(context), run \(run) against the VM's: \(mismatch)") }
                if exactAgainstEager, let mismatch = Self.firstMismatch(fused, eager) {
                    Issue.record("\(context), run \(run) against eager: \(mismatch)")
                }
            }
        }
    }

    /// float32 `exp` and `sigmoid` promoted to C give eager's (the VM's) bits for every kind of
    /// input: the whole range where exp goes from 0 through subnormals to infinity, in steps that
    /// are not a multiple of anything, with NaN, the infinities and signed zeros.
    @Test(.enabled(if: openMPAvailable, skipComment))
    func promotedExponentialsComputeTheBlockVMsBits() {
        let specials: [Float] = [.nan, .infinity, -.infinity, 0, -0.0, 88.72, 88.73, -103.9, -104, 89, -87.3, 1e-40]
        let values = (0..<100_000).map { Float(-120 + Double($0) * 0.0024000037) } + specials
        let x = NDArray(values)
        x.evaluate()
        for (name, build) in [("exp", { exp(x) }), ("sigmoid", { sigmoid(x) }), ("exp * sigmoid", { exp(x * 0.5) * sigmoid(-x) + 1 })] {
            let eager = build()
            NDArray.evaluate([eager], mode: .eager)
            var promoted = 0
            for _ in 0..<8 where promoted == 0 {
                for run in 0...HotKernel.promotionRun {
                    if run == HotKernel.promotionRun { NDArray.waitForHotKernelCompiles() }
                    let fused = build()
                    promoted += NDArray.statistics(during: { fused.evaluate() }).hotKernelsRun
                    if let mismatch = Self.firstMismatch(fused, eager) { Issue.record("\(name), run \(run): \(mismatch)") }
                }
            }
            #expect(promoted >= 1, "\(name) never ran compiled")
        }
    }

    /// Transcendentals whose C is glibc's (the VM's are its own polynomials), float64 `exp`
    /// among them, and kernels too small for the difference to show stay on the VM however
    /// often they run.
    @Test(.enabled(if: openMPAvailable, skipComment))
    func transcendentalAndSmallKernelsStayOnTheBlockVM() {
        let big = NDArray((0..<100_000).map { Float($0) * 1e-4 })
        let small = NDArray((0..<1_000).map { Float($0) })
        big.evaluate()
        small.evaluate()
        let wide = big.astype(.float64)
        wide.evaluate()
        for build in [{ tanh(big) * 2 + 1 }, { sin(big) + big }, { exp(wide) + wide }, { small * 3 + 1 }, { big ** 1.5 }] {
            var ran = 0
            for run in 0...(2 * HotKernel.promotionRun) {
                if run > HotKernel.promotionRun { NDArray.waitForHotKernelCompiles() }
                let y = build()
                ran += NDArray.statistics(during: { y.evaluate() }).hotKernelsRun
            }
            #expect(ran == 0)
        }
    }

    /// A program promoted once runs compiled from the first run of any later tier (a new plan
    /// of the same kernel, after the plan cache started afresh), and a never-promoted one
    /// counts from zero.
    @Test(.enabled(if: openMPAvailable, skipComment))
    func aPromotedProgramIsCompiledFromTheFirstRunOfANewPlan() {
        let count = 100_000 + 4_093  // a size no other test uses, so its program is new here
        let program = KernelProgram(
            shape: [count], inputs: [KernelInput(slot: 0, dtype: .float32, view: View(contiguous: [count]))],
            instructions: [Instruction(kind: .elementwise(.multiply), operandType: .float32, resultType: .float32,
                                       operands: [.input(0), .constant(.float(3))], result: 0)],
            outputs: [KernelOutput(register: 0, slot: 1, dtype: .float32)])
        let first = HotKernel(program)
        for _ in 0..<HotKernel.promotionRun { #expect(first.compiledKernel(program) == nil) }
        HotKernel.waitForCompiles()
        #expect(first.compiledKernel(program) != nil)
        #expect(HotKernel(program).compiledKernel(program) != nil, "compiled from its first run")
    }

    /// Where promotion decides: exactly rounded programs and their reductions, large enough.
    @Test func promotableProgramsAreTheExactlyRoundedOnes() {
        func program(_ op: ElementwiseOp, dtype: DType = .float32, count: Int = 100_000) -> KernelProgram {
            KernelProgram(shape: [count], inputs: [KernelInput(slot: 0, dtype: dtype, view: View(contiguous: [count]))],
                          instructions: [Instruction(kind: .elementwise(op), operandType: dtype, resultType: dtype,
                                                     operands: [.input(0), .input(0)], result: 0)],
                          outputs: [KernelOutput(register: 0, slot: 1, dtype: dtype)])
        }
        #expect(program(.add).isPromotable)
        #expect(program(.maximum, dtype: .int64).isPromotable)
        #expect(program(.power, dtype: .int32).isPromotable)
        #expect(!program(.power).isPromotable)
        #expect(program(.exp).isPromotable && program(.sigmoid).isPromotable, "float32: the VM's own algorithm in C")
        #expect(!program(.exp, dtype: .float64).isPromotable)
        #expect(!program(.tanh).isPromotable)
        #expect(!program(.sin, dtype: .float64).isPromotable)
        func reduced(_ op: ReduceOp) -> KernelProgram {
            var reduced = program(.add)
            reduced.reduction = KernelReduction(outer: 1, extent: 100_000, inner: 1,
                                                outputs: [ReductionOutput(op: op, register: 0, dtype: .float32, slot: 1, resultType: .float32)])
            return reduced
        }
        #expect(reduced(.sum).isPromotable && reduced(.argmax).isPromotable)
        #expect(!reduced(.logSumExp).isPromotable, "its exponentials are libm's in C")
        #expect(HotKernel(program(.add)).compiledKernel(program(.add)) == nil, "the first run is the VM's")
        let small = program(.add, count: 100)
        #expect(small.isPromotable)
        let tier = HotKernel(small)
        for _ in 0..<(2 * HotKernel.promotionRun) { #expect(tier.compiledKernel(small) == nil) }
        HotKernel.waitForCompiles()
        #expect(!tier.isCompiled, "below HotKernel.minimumWork a program is never compiled")
    }

    /// The first element where `fused` and `eager` differ in bits (NaN equal to NaN, -0
    /// distinct from 0), or nil.
    static func firstMismatch(_ fused: NDArray, _ eager: NDArray) -> String? {
        guard fused.shape == eager.shape, fused.dtype == eager.dtype else {
            return "fused is \(fused.shape) \(fused.dtype), eager \(eager.shape) \(eager.dtype)"
        }
        if eager.dtype.isFloatingPoint {
            let a = fused.toArray(Double.self), b = eager.toArray(Double.self)
            return a.indices.first { !(a[$0].bitPattern == b[$0].bitPattern || a[$0].isNaN && b[$0].isNaN) }
                .map { "at \($0): \(a[$0]) vs \(b[$0])" }
        }
        let a = fused.toArray(Int64.self), b = eager.toArray(Int64.self)
        return a.indices.first { a[$0] != b[$0] }.map { "at \($0): \(a[$0]) vs \(b[$0])" }
    }
}

/// A generated chain of exactly rounded operations, the same for the same seed.
private struct ExactChain: CustomStringConvertible {
    private var rng: SplitMix64
    private var steps: [String] = []

    init(seed: UInt64) { rng = SplitMix64(state: seed &* 0x9E37_79B9_7F4A_7C15 &+ 1) }

    var description: String { steps.joined(separator: ", ") }

    private mutating func next() -> UInt64 { rng.next() }

    private mutating func pick(_ count: Int) -> Int { rng.below(count) }

    /// Values of `dtype`: ordinary ones and, one in eight, a special value of the type.
    private mutating func values(_ count: Int, _ dtype: DType) -> NDArray {
        if dtype.isFloatingPoint {
            let specials: [Double] = [.nan, .infinity, -.infinity, 0, -0.0, 0x1p-1030, -1e-40, 1e30, -65504, 3.5]
            let values = (0..<count).map { _ -> Double in
                if pick(8) == 0 { return specials[pick(specials.count)] }
                return (Double(next() % 2_000_001) - 1_000_000) / Double(1 << pick(20))
            }
            return NDArray(values).astype(dtype)
        }
        let bits = dtype.byteSize * 8
        let values = (0..<count).map { _ -> Int64 in
            let raw = Int64(bitPattern: next())
            // Wrapped into the type by the cast (NumPy's astype keeps the low bits).
            return pick(4) == 0 ? raw : raw >> (64 - min(bits, 16))
        }
        return NDArray(values).astype(dtype)
    }

    /// The chain for case `seed` (its dtype, shape and operations), and whether eager computes
    /// its bits (every chain but a sum or mean of one).
    mutating func build(seed: Int) -> (array: NDArray, exactAgainstEager: Bool) {
        let dtype = HotKernelTests.dtypes[seed % HotKernelTests.dtypes.count]
        let broadcast = (seed / HotKernelTests.dtypes.count) % 2 == 1
        let columns = 61 + seed % 9
        let rows = (70_000 + seed * 37) / columns + 1
        let shape = broadcast ? [rows, columns] : [rows * columns]
        let a = values(rows * columns, dtype).reshape(shape)
        let b = broadcast ? values(columns, dtype) : values(rows * columns, dtype).reshape(shape)
        let floating = dtype.isFloatingPoint
        var x = a
        for _ in 0..<(3 + pick(4)) {
            let other = pick(3) == 0 ? NDArray(3).astype(dtype) : b
            // float32 exp and sigmoid: their C is the VM's own algorithm (CHelper.rendersBlockVMBits).
            let vmExponential = dtype == .float32 || dtype == .float16
            switch pick(floating ? (vmExponential ? 13 : 11) : 12) {
            case 0: x = x + other; steps.append("+")
            case 1: x = x - other; steps.append("-")
            case 2: x = x * other; steps.append("*")
            case 3: x = maximum(x, other); steps.append("maximum")
            case 4: x = minimum(x, other); steps.append("minimum")
            case 5: x = NDArray.where(x .> other, x, other * 2); steps.append("where(>)")
            case 6: x = abs(x); steps.append("abs")
            case 7: x = -x; steps.append("negative")
            case 8: x = floating ? x / other : x & other; steps.append(floating ? "/" : "&")
            case 9: x = floating ? floor(x) : x | other; steps.append(floating ? "floor" : "|")
            case 10: x = floating ? sqrt(abs(x)) : x ^ other; steps.append(floating ? "sqrt(abs)" : "^")
            case 11 where floating: x = exp(x); steps.append("exp")
            case 12: x = sigmoid(x); steps.append("sigmoid")
            default: x = floorDivide(x, other); steps.append("floorDivide")
            }
        }
        if pick(2) == 0 {
            let target: DType = floating ? .int32 : .float32
            x = x.astype(target).astype(dtype)
            steps.append("astype(\(target)).astype(\(dtype))")
        }
        guard seed % 3 == 2 else { return (x, true) }
        let axes: [Int]? = [nil, [0], [x.ndim - 1]][pick(3)]
        let reduction = pick(5)
        steps.append("\(["sum", "max", "min", "argmax", "mean"][reduction]) over \(axes.map { "\($0)" } ?? "all")")
        switch reduction {
        case 0: return (x.sum(axes: axes), false)
        case 1: return (x.max(axes: axes), true)
        case 2: return (x.min(axes: axes), true)
        case 3: return (x.argmax(axis: axes?.first), true)
        default: return (x.mean(axes: axes), false)
        }
    }
}
