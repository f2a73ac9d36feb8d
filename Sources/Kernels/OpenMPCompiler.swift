import Foundation

/// The OpenMP target's compiler driver: renders a kernel program as C (`CKernelRenderer`),
/// compiles it with clang (`OpenMPToolchain`), loads it with `dlopen`, and caches it
/// in memory (by program) and on disk (`KernelDiskCache`, by a hash of source, flags, compiler
/// version and what `-march=native` means here), so a kernel is compiled once per machine, not
/// once per process.
///
/// The kernels' threads are Dispatch's (`CompiledKernel.run`, `SharedWork`): OpenMP gives them
/// only their `simd` loops (`-fopenmp-simd`), so no OpenMP runtime is linked and no OpenMP
/// worker ever spins on the cores the Dispatch backend runs on.
package final class OpenMPCompiler: @unchecked Sendable {
    /// The driver the OpenMP backend uses, configured from the process environment.
    package static let shared = OpenMPCompiler(environment: { Environment.value($0) })

    /// Where compiled kernels are kept on disk.
    package let cacheFolder: String

    private let environment: @Sendable (String) -> String?
    private let lock = Mutex()
    // Guarded by `lock`.
    private var status: Result<OpenMPToolchain, OpenMPUnavailable>?
    private var loaded: [KernelProgram: CompiledKernel] = [:]
    private var counters = OpenMPStatistics()

    /// A driver reading its settings (`LAZYARRAY_CC`, `CC`, `PATH`, `LAZYARRAY_CACHE_DIR`, ...)
    /// through `environment`.
    package init(environment: @escaping @Sendable (String) -> String?) {
        self.environment = environment
        cacheFolder = KernelDiskCache.folder(environment: environment)
    }

    /// Why kernels cannot be compiled here (no compiler, or a test kernel that failed to
    /// compile, load or run, with the compiler's message), or nil.
    /// The first call finds the toolchain and compiles the test kernel.
    package var unavailableReason: String? {
        lock.withLock {
            if case .failure(let reason) = resolvedToolchain() { return reason.description }
            return nil
        }
    }

    /// Counters since the driver was made (or `resetStatistics`).
    package var statistics: OpenMPStatistics { lock.withLock { counters } }

    /// Zeroes the counters.
    package func resetStatistics() { lock.withLock { counters = OpenMPStatistics() } }

    /// Forgets the kernels loaded in this process, so the next request for each goes to the
    /// disk cache as a new process would (loaded libraries stay mapped).
    package func clearMemoryCache() { lock.withLock { loaded = [:] } }

    /// The kernel for `program` if this driver has loaded it already (memory only: no disk, no
    /// compile), else nil.
    package func loadedKernel(for program: KernelProgram) -> CompiledKernel? {
        lock.withLock { loaded[program] }
    }

    /// The compiled kernel for `program`: from memory, from the disk cache, or compiled now.
    package func kernel(for program: KernelProgram) throws(OpenMPCompileError) -> CompiledKernel {
        var statistics = OpenMPStatistics()
        return try kernel(for: program, statistics: &statistics)
    }

    /// The compiled kernel for `program`, counting in `statistics` (and in the driver's own
    /// counters) how it was found. Only the look-up and the insertion hold the driver's lock:
    /// rendering, the disk cache, clang and `dlopen` run without it, so an evaluation whose
    /// kernels are loaded never waits for another's compile. Two threads missing on the same
    /// program both build it (same source, same cache key, files renamed into place) and the
    /// first one loaded stays.
    package func kernel(for program: KernelProgram,
                        statistics: inout OpenMPStatistics) throws(OpenMPCompileError) -> CompiledKernel {
        let (toolchain, cached) = try lock.withLock { () -> Result<(OpenMPToolchain, CompiledKernel?), OpenMPCompileError> in
            switch resolvedToolchain() {
            case .failure(let reason): .failure(OpenMPCompileError(message: reason.description))
            case .success(let toolchain): .success((toolchain, loaded[program]))
            }
        }.get()
        var counted = OpenMPStatistics()
        defer {
            statistics += counted
            lock.withLock { counters += counted }
        }
        if let cached {
            counted.memoryHits += 1
            return cached
        }
        let built = try build(program, toolchain: toolchain, statistics: &counted)
        return lock.withLock {
            if let first = loaded[program] { return first }
            loaded[program] = built
            return built
        }
    }

    // MARK: - Under the lock

    private func resolvedToolchain() -> Result<OpenMPToolchain, OpenMPUnavailable> {
        if let status { return status }
        let found = OpenMPToolchain.discover(environment: environment)
        status = found.flatMap { toolchain in
            do throws(OpenMPCompileError) {
                try probe(toolchain)
                return .success(toolchain)
            } catch {
                return .failure(.probeFailed(error.message))
            }
        }
        return status!
    }

    /// Compiles, loads and runs a four-element `x + 1`: proves the compiler, libm (and libmvec)
    /// and the loader work together.
    private func probe(_ toolchain: OpenMPToolchain) throws(OpenMPCompileError) {
        let program = KernelProgram(
            shape: [4], inputs: [KernelInput(slot: 0, dtype: .float32, view: View(contiguous: [4]))],
            instructions: [Instruction(kind: .elementwise(.add), operandType: .float32, resultType: .float32,
                                       operands: [.input(0), .constant(.float(1))], result: 0)],
            outputs: [KernelOutput(register: 0, slot: 1, dtype: .float32)])
        let kernel = try build(program, toolchain: toolchain, statistics: &counters)
        var input: [Float] = [1, 2, 3, 4], output = [Float](repeating: 0, count: 4)
        input.withUnsafeMutableBytes { x in
            output.withUnsafeMutableBytes { y in kernel.run(buffers: [x.baseAddress!, y.baseAddress!], threads: 2) }
        }
        guard output == [2, 3, 4, 5] else { throw OpenMPCompileError(message: "the test kernel computed \(output)") }
    }

    // MARK: - Without the lock

    /// Renders `program`, then loads it from the disk cache or compiles it; counts what it did
    /// in `statistics`.
    private func build(_ program: KernelProgram, toolchain: OpenMPToolchain,
                       statistics: inout OpenMPStatistics) throws(OpenMPCompileError) -> CompiledKernel {
        let rendered: String
        do {
            rendered = try CKernelRenderer.render(program)
        } catch {
            throw OpenMPCompileError(message: error.description)
        }
        let source = "// compiler: \(toolchain.version)\n// flags: \(toolchain.flags.joined(separator: " "))\n"
            + "// native target: \(String(fnv1a(toolchain.nativeTarget.utf8), radix: 16))\n" + rendered
        let key = String(fnv1a(source.utf8), radix: 16)
        let cache = KernelDiskCache(folder: cacheFolder)
        var functions: CompiledKernel.Functions?
        switch cache.lookup(key: key, source: source) {
        case .hit(let path):
            functions = try? open(path, statistics: &statistics)
            if functions == nil { statistics.corruptEntries += 1 } else { statistics.diskLoads += 1 }
        case .corrupt:
            statistics.corruptEntries += 1
        case .miss:
            break
        }
        if functions == nil {
            let path = try compile(source, key: key, toolchain: toolchain, cache: cache, statistics: &statistics)
            functions = try open(path, statistics: &statistics)
        }
        return CompiledKernel(functions: functions!, program: program)
    }

    /// Runs the compiler on `source`, stores the result in the cache, returns its path.
    private func compile(_ source: String, key: String, toolchain: OpenMPToolchain,
                         cache: KernelDiskCache, statistics: inout OpenMPStatistics) throws(OpenMPCompileError) -> String {
        let start = DispatchTime.now().uptimeNanoseconds
        defer { statistics.compileNanoseconds += DispatchTime.now().uptimeNanoseconds - start }
        let sourceFile = cache.temporaryPath(key: key, suffix: ".c"), libraryFile = cache.temporaryPath(key: key, suffix: ".so")
        defer { try? FileManager.default.removeItem(atPath: sourceFile) }
        do {
            try FileManager.default.createDirectory(atPath: cacheFolder, withIntermediateDirectories: true)
            try Data(source.utf8).write(to: URL(fileURLWithPath: sourceFile))
        } catch {
            throw OpenMPCompileError(message: "cannot write to the kernel cache \(cacheFolder): \(error)")
        }
        let run = Subprocess.run(toolchain.compiler, toolchain.flags + [sourceFile, "-o", libraryFile] + toolchain.libraries)
        guard run.status == 0 else {
            try? FileManager.default.removeItem(atPath: libraryFile)
            throw OpenMPCompileError(message: "\(toolchain.compiler) failed (status \(run.status)): \(run.output)")
        }
        statistics.compiles += 1
        do {
            try cache.store(key: key, source: source, compiledLibrary: libraryFile)
        } catch {
            try? FileManager.default.removeItem(atPath: libraryFile)
            throw OpenMPCompileError(message: "cannot store a kernel in \(cacheFolder): \(error)")
        }
        return cache.paths(key).library
    }

    /// Loads a kernel library and finds its entry points.
    private func open(_ path: String, statistics: inout OpenMPStatistics) throws(OpenMPCompileError) -> CompiledKernel.Functions {
        let start = DispatchTime.now().uptimeNanoseconds
        defer { statistics.loadNanoseconds += DispatchTime.now().uptimeNanoseconds - start }
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
            throw OpenMPCompileError(message: "dlopen \(path): \(dlerror().map { String(cString: $0) } ?? "unknown error")")
        }
        let names = [CKernelRenderer.beginSymbol, CKernelRenderer.runSymbol, CKernelRenderer.endSymbol]
        let symbols = names.map { dlsym(handle, $0) }
        guard let begin = symbols[0], let run = symbols[1], let end = symbols[2] else {
            dlclose(handle)
            throw OpenMPCompileError(message: "\(path) lacks one of \(names.joined(separator: ", "))")
        }
        return CompiledKernel.Functions(begin: begin, run: run, end: end)
    }
}

/// A kernel the OpenMP target could not compile or load, with the compiler's or loader's message.
package struct OpenMPCompileError: Error, Sendable, CustomStringConvertible {
    /// What failed, with the compiler's or loader's own words.
    package let message: String
    package var description: String { message }
}
