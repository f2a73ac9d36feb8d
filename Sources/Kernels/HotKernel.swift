import Dispatch

/// The Dispatch backend's second tier: an elementwise program that keeps being run is compiled
/// to C in the background (the OpenMP target's renderer and compiler) and, once loaded, runs as
/// C instead of on the block VM. Only programs whose C computes the block VM's bits exactly
/// are promoted (`KernelProgram.isPromotable`), so promotion changes the speed of a result,
/// never its value: arithmetic, comparisons, selects, casts and the other exactly rounded
/// operations (float32 `exp` and `sigmoid` too, whose C is the VM's own algorithm) and the
/// reductions over them, not the other transcendentals (glibc's in C, the VM's own
/// polynomials in Swift) nor random sampling. A reduction's finishing phase (a mean's
/// division, a std's square root, over the small reduced shape) stays on the VM.
///
/// Why: the VM runs each instruction as a pass over a block in L1, so a compute-bound program
/// of k instructions loads and stores k blocks where the C loop keeps every value in a register
/// (`poly` at 1e6 float32: 480-560 µs on the VM, 140 µs compiled, on one core of an AMD EPYC;
/// docs/performance.md). A program is promoted when it has run `promotionRun - 1` times and is
/// big enough for the difference to matter (`minimumWork`), or at once when an equal program
/// was promoted before (under a plan since dropped from the plan cache); until its compile is
/// done (tens of milliseconds, or a load from the kernel disk cache) it keeps running on the
/// VM, so no evaluation ever waits for clang. Where no clang is found, or a compile fails, the program
/// stays on the VM. `LAZYARRAY_HOT_KERNELS=0` turns promotion off.
package final class HotKernel: @unchecked Sendable {
    /// The run of a program that asks for its compile (the first two runs only count).
    package static let promotionRun = 3
    /// Elements times cost per element (in adds) below which a program stays on the VM: there
    /// its kernel is a few microseconds, less than the evaluate around it.
    package static let minimumWork = 1 << 16
    /// Whether promotion is on (`LAZYARRAY_HOT_KERNELS=0` turns it off), read once.
    package static let isEnabled = Environment.value("LAZYARRAY_HOT_KERNELS") != "0"

    /// The promoted programs' compiler: its own instance, so its kernels and counters are apart
    /// from the OpenMP backend's (`OpenMPCompiler.shared`), which tests count.
    private static let compiler = OpenMPCompiler(environment: { Environment.value($0) })
    /// Compiles run one at a time, behind the evaluations, never in front of them.
    private static let compiles = DispatchQueue(label: "LazyArray.HotKernel", qos: .utility)

    private enum State {
        /// Counting runs.
        case counting(Int)
        /// Asked for; being compiled.
        case compiling
        case compiled(CompiledKernel)
        /// Its compile failed: it stays on the VM.
        case failed
    }

    private let lock = Mutex()
    private var state = State.counting(0)
    /// False for a program that is never promoted (not promotable, too small, or run in tiles):
    /// its runs take no lock (a small kernel's evaluate is about a microsecond).
    private let mayPromote: Bool

    /// The tier of `program`; one `runsInTiles` (a transpose, `KernelProgram.tiledRegions`)
    /// stays on the VM, as on the OpenMP backend (`OpenMPExecutor`).
    package init(_ program: KernelProgram, runsInTiles: Bool = false) {
        mayPromote = Self.isEnabled && !runsInTiles && program.count * max(program.costPerElement, 1) >= Self.minimumWork
            && program.isPromotable
    }

    /// Counts a run of `program` (the one this tier was made for) and returns its compiled
    /// kernel once loaded; nil means run it on the VM. The run that reaches `promotionRun`
    /// queues the compile and still runs on the VM.
    package func compiledKernel(_ program: KernelProgram) -> CompiledKernel? {
        guard mayPromote else { return nil }
        let (compiled, queue): (CompiledKernel?, Bool) = lock.withLock {
            switch state {
            case .compiled(let kernel): return (kernel, false)
            case .compiling, .failed: return (nil, false)
            case .counting(let runs):
                // Promoted before under another plan (the plan cache starts afresh when full, and
                // equal kernels occur in different graphs): compiled from its first run.
                if runs == 0, let kernel = Self.compiler.loadedKernel(for: program) {
                    state = .compiled(kernel)
                    return (kernel, false)
                }
                if runs + 1 < Self.promotionRun {
                    state = .counting(runs + 1)
                    return (nil, false)
                }
                state = .compiling
                return (nil, true)
            }
        }
        if queue {
            Self.compiles.async { [self] in
                let built = try? Self.compiler.kernel(for: program)
                lock.withLock { state = built.map { .compiled($0) } ?? .failed }
            }
        }
        return compiled
    }

    /// Whether the program runs as compiled C now.
    package var isCompiled: Bool {
        lock.withLock {
            if case .compiled = state { return true }
            return false
        }
    }

    /// Waits until every compile queued so far has finished (loaded or failed): for tests and
    /// the bench's warm-up, which time the steady state.
    package static func waitForCompiles() {
        compiles.sync {}
    }
}

extension KernelProgram {
    /// Whether the C target computes this program's bits exactly as the block VM: operations
    /// whose C gives the VM's bits (`CHelper.rendersBlockVMBits`; the merged instructions are
    /// arithmetic and comparisons), and reductions, which the C renders with the VM's work
    /// units and folds (`OpenMPReductionTests`). Not log-sum-exp (its exponentials are libm's
    /// in C), nor random sampling (whose float64 normals call glibc).
    package var isPromotable: Bool {
        let foldsExactly = reduction?.outputs.allSatisfy { $0.op != .logSumExp && $0.op != .logSumExpAboveMax } ?? true
        return foldsExactly && instructions.allSatisfy { instruction in
            switch instruction.kind {
            case .random: false
            case .elementwise(let op): CHelper.rendersBlockVMBits(op, instruction.operandType)
            case .cast, .multiplyAdd, .subtractProduct, .multiplyAddProduct, .divideAdd, .compareSelect,
                 .compareSelectProduct: true
            }
        }
    }
}
