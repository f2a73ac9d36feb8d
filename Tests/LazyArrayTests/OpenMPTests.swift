import Foundation
import Testing
@testable import LazyArray
@testable import Kernels
import Scheduler

/// Why the OpenMP tests are skipped on this machine (nil when they run).
let openMPSkipReason: String? = Backend.openMP.unavailableReason.map { "OpenMP backend unavailable: \($0)" }
let openMPAvailable = openMPSkipReason == nil
let skipComment = Comment(rawValue: openMPSkipReason ?? "OpenMP backend available")

/// The fused-vs-eager suite on the OpenMP C target: every random expression DAG, with the
/// tolerances of `FusionTests` (`ElementwiseOpTests` runs every operation of the NumPy table on
/// this target too).
@Suite(.serialized, .enabled(if: openMPAvailable, skipComment), .timeLimit(.minutes(10)))
struct OpenMPFusionTests {
    /// The C transcription of the scalar definitions, compiled without fast-math or
    /// contraction, is bitwise equal to eager; every kernel of these DAGs runs as C.
    @Test(arguments: 0..<300)
    func randomExpressionsMatchEagerBitwise(seed: Int) {
        let statistics = NDArray.statistics(during: { RandomExpressionChecks.matchEagerBitwise(seed: seed, backend: .openMP) })
        #expect(statistics.fallbacks == 0, "every kernel ran as C")
    }

    /// Transcendentals are glibc's (libmvec's in vectorized loops, within 4 ulp).
    @Test(arguments: 0..<100)
    func randomTranscendentalExpressionsMatchEagerWithinBound(seed: Int) {
        RandomExpressionChecks.matchEagerWithinBound(seed: seed, backend: .openMP)
    }

    /// Chunks have fixed boundaries, so even the vector/scalar split of libmvec loops is the
    /// same whatever the number of threads.
    @Test(arguments: 0..<12)
    func resultsAreBitwiseTheSameForAnyThreadCount(seed: Int) {
        RandomExpressionChecks.sameForAnyThreadCount(seed: seed, backend: .openMP)
    }

    /// Large enough for several chunks on two threads, with a transposed (strided) input and a
    /// broadcast row: the strided variant across chunk boundaries that cut rows.
    @Test func stridedKernelAcrossChunksMatchesEager() {
        let m = NDArray((0..<(700 * 300)).map { Float($0 % 97) / 8 }, shape: [700, 300])
        let row = NDArray((0..<700).map { Float($0) }).expandDims(axis: 0)
        func build() -> NDArray { maximum(m.T * 2 - row, NDArray(Float(3))) % 5 }
        let fused = build().evaluate(backend: .openMP)
        #expect(sameBits(fused.toArray(Double.self), build().evaluate(mode: .eager).toArray(Double.self)))
    }

    @Test func secondEvaluateCompilesNothing() {
        let a = NDArray((0..<1000).map { Float($0) / 7 }), b = NDArray((0..<1000).map { Float($0) / 3 })
        func build() -> NDArray { 2 * a * a * a + 3 * b * b - 4 * a * b + 1.25 }
        let first = NDArray.statistics(during: { build().evaluate(backend: .openMP) })
        #expect(first.compiledPhasesRun > 0 && first.fallbacks == 0)
        let y = build()
        let second = NDArray.statistics(during: { y.evaluate(backend: .openMP) })
        #expect(second.kernelsCompiled == 0)
        #expect(second.compiledPhasesRun == first.compiledPhasesRun)
        #expect(sameBits(y.toArray(Double.self), build().evaluate(mode: .eager).toArray(Double.self)))
    }
}

/// The compiler driver on its own cache folder: memory and disk caches, corruption, settings.
@Suite(.serialized, .timeLimit(.minutes(10)))
struct OpenMPCompilerTests {
    /// A fresh cache folder for one test.
    static func temporaryFolder() throws -> String {
        let folder = NSTemporaryDirectory() + "lazyarray-openmp-test-\(UInt64.random(in: 0...UInt64.max))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    /// A driver that reads the process environment except for the overridden settings.
    static func compiler(_ overrides: [String: String]) -> OpenMPCompiler {
        OpenMPCompiler { name in overrides[name] ?? Environment.value(name) }
    }

    /// `x * scale + 0.5` over `count` float32 (40 000: three chunks).
    static func program(scale: Double, count: Int = 40_000) -> KernelProgram {
        KernelProgram(
            shape: [count], inputs: [KernelInput(slot: 0, dtype: .float32, view: View(contiguous: [count]))],
            instructions: [
                Instruction(kind: .elementwise(.multiply), operandType: .float32, resultType: .float32,
                            operands: [.input(0), .constant(.float(scale))], result: 0),
                Instruction(kind: .elementwise(.add), operandType: .float32, resultType: .float32,
                            operands: [.register(0), .constant(.float(0.5))], result: 1),
            ],
            outputs: [KernelOutput(register: 1, slot: 1, dtype: .float32)])
    }

    /// Runs `kernel` of `program(scale:)` and checks every element.
    static func check(_ kernel: CompiledKernel, scale: Double) {
        var input = (0..<40_000).map { Float($0) / 3 }, output = [Float](repeating: 0, count: 40_000)
        input.withUnsafeMutableBytes { x in
            output.withUnsafeMutableBytes { y in kernel.run(buffers: [x.baseAddress!, y.baseAddress!], threads: 2) }
        }
        #expect(output == input.map { $0 * Float(scale) + 0.5 })
    }

    /// Calls alternate between the items in order and outward from where the last in-order
    /// call's runs met (`WorkSchedule`); each computes every element (37 chunks, 2 threads).
    @Test(.enabled(if: openMPAvailable, skipComment))
    func repeatedRunsComputeEveryItemInEitherOrder() throws {
        let count = 600_000
        let kernel = try OpenMPCompiler.shared.kernel(for: Self.program(scale: 3, count: count))
        var input = (0..<count).map { Float($0) / 3 }
        let expected = input.map { $0 * 3 + 0.5 }
        for call in 0..<6 {
            var output = [Float](repeating: .nan, count: count)
            input.withUnsafeMutableBytes { x in
                output.withUnsafeMutableBytes { y in kernel.run(buffers: [x.baseAddress!, y.baseAddress!], threads: 2) }
            }
            let wrong = zip(output, expected).filter { $0 != $1 }.count
            #expect(wrong == 0, "call \(call): \(wrong) elements wrong")
        }
    }

    @Test func schedulesAlternateInOrderAndOutward() {
        let schedule = WorkSchedule()
        #expect(schedule.nextOutwardSplit(batches: 8) == nil)
        schedule.record(split: 5, batches: 8)
        #expect(schedule.nextOutwardSplit(batches: 8) == 5)
        #expect(schedule.nextOutwardSplit(batches: 8) == nil)
        schedule.record(split: 2, batches: 8)
        #expect(schedule.nextOutwardSplit(batches: 9) == nil, "a split for another number of batches is not used")
    }

    /// `-march=native` resolved by the compiler is part of every key: a cache folder shared by
    /// machines of different CPUs gives each its own kernels.
    @Test(.enabled(if: openMPAvailable, skipComment))
    func theNativeTargetIsPartOfTheKey() throws {
        guard case .success(let toolchain) = OpenMPToolchain.discover(environment: Environment.value) else {
            Issue.record("no toolchain although the backend is available")
            return
        }
        #expect(toolchain.nativeTarget.contains("+"), "features of -march=native: \(toolchain.nativeTarget)")
        #expect(OpenMPToolchain.nativeTarget("/bin/true") == "unknown")
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let compiler = Self.compiler(["LAZYARRAY_CACHE_DIR": folder])
        Self.check(try compiler.kernel(for: Self.program(scale: 5)), scale: 5)
        let sources = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".c") }
        #expect(!sources.isEmpty)
        for name in sources {
            let text = try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
            #expect(text.split(separator: "\n").prefix(3).contains { $0.hasPrefix("// native target: ") }, "\(name)")
        }
    }

    @Test(.enabled(if: openMPAvailable, skipComment))
    func kernelsComeFromMemoryThenFromDisk() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let compiler = Self.compiler(["LAZYARRAY_CACHE_DIR": folder])
        #expect(compiler.unavailableReason == nil)
        compiler.resetStatistics()
        Self.check(try compiler.kernel(for: Self.program(scale: 3)), scale: 3)
        Self.check(try compiler.kernel(for: Self.program(scale: 3)), scale: 3)
        #expect(compiler.statistics.compiles == 1)
        #expect(compiler.statistics.memoryHits == 1)
        #expect(compiler.statistics.compileNanoseconds > 0)

        // What a second process sees: an empty memory cache, the disk cache filled.
        compiler.clearMemoryCache()
        Self.check(try compiler.kernel(for: Self.program(scale: 3)), scale: 3)
        #expect(compiler.statistics.compiles == 1)
        #expect(compiler.statistics.diskLoads == 1)

        // A second driver on the same folder (another process) compiles nothing either,
        // not even its test kernel.
        let other = Self.compiler(["LAZYARRAY_CACHE_DIR": folder])
        #expect(other.unavailableReason == nil)
        Self.check(try other.kernel(for: Self.program(scale: 3)), scale: 3)
        #expect(other.statistics.compiles == 0)
        #expect(other.statistics.diskLoads == 2)
    }

    @Test(.enabled(if: openMPAvailable, skipComment))
    func corruptCacheFileIsDetectedAndRebuilt() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let compiler = Self.compiler(["LAZYARRAY_CACHE_DIR": folder])
        Self.check(try compiler.kernel(for: Self.program(scale: 5)), scale: 5)
        let libraries = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".so") }
        #expect(libraries.count == 2)  // the test kernel and this one
        for library in libraries {
            // Replaced, not written in place: the loaded copy stays mapped in this process.
            try Data("not a library".utf8).write(to: URL(fileURLWithPath: "\(folder)/\(library)"), options: .atomic)
        }
        let other = Self.compiler(["LAZYARRAY_CACHE_DIR": folder])
        #expect(other.unavailableReason == nil)
        Self.check(try other.kernel(for: Self.program(scale: 5)), scale: 5)
        #expect(other.statistics.corruptEntries == 2)
        #expect(other.statistics.compiles == 2)
    }

    @Test func missingCompilerGivesTheReason() {
        let compiler = Self.compiler(["LAZYARRAY_CC": "/nonexistent"])
        #expect(compiler.unavailableReason == "no C compiler: LAZYARRAY_CC=/nonexistent is not an executable file")
        #expect(throws: OpenMPCompileError.self) { try compiler.kernel(for: Self.program(scale: 1)) }
    }

    /// Kernels use OpenMP's `simd` loops only (`-fopenmp-simd`): after one is compiled, loaded
    /// and run, no OpenMP runtime is mapped into the process, so the target needs nothing
    /// beyond a clang.
    @Test(.enabled(if: openMPAvailable, skipComment))
    func kernelsLoadNoOpenMPRuntime() throws {
        Self.check(try OpenMPCompiler.shared.kernel(for: Self.program(scale: 3)), scale: 3)
        let maps = try String(contentsOfFile: "/proc/self/maps", encoding: .utf8)
        let runtimes = maps.split(separator: "\n").filter { $0.contains("libomp") || $0.contains("libgomp") || $0.contains("libiomp") }
        #expect(runtimes.isEmpty, "\(runtimes)")
    }

    @Test func hexLiteralsAreExact() {
        #expect(CLiteral.hex(3) == "0x1.8p+1")
        #expect(CLiteral.hex(-0.0) == "-0x0p+0")
        #expect(CLiteral.hex(0.1) == "0x1.999999999999ap-4")
        #expect(CLiteral.hex(Double.leastNonzeroMagnitude) == "0x0.0000000000001p-1022")
        #expect(CLiteral.float(0.1) == "(0x1.99999ap-4f)")
        #expect(CLiteral.integer(Int64(Int32.min), dtype: .int32) == "INT32_MIN")
    }

    @Test func renderedKernelsHaveBothVariants() throws {
        let contiguous = try CKernelRenderer.render(Self.program(scale: 2))
        #expect(contiguous.contains("void lazyarray_run(char *const *buffers, void *states, long first, long last)"))
        #expect(contiguous.contains("#pragma omp simd"))
        #expect(contiguous.contains("for (long p = start; p < end; p++)"))
        var transposed = Self.program(scale: 2)
        transposed.shape = [200, 200]
        transposed.inputs[0].view = View(shape: [200, 200], strides: [1, 200])
        let strided = try CKernelRenderer.render(transposed)
        #expect(strided.contains("index[1] * 200L"), "\(strided)")
    }
}
