import Foundation

/// The C compiler the OpenMP target compiles kernels with, found once.
///
/// Search order: `LAZYARRAY_CC` (taken as given), `CC` (when it is a clang), the Swift
/// toolchain's own clang (next to the running Swift runtime, or to `swiftc` on `PATH`), then
/// `clang` and `clang-NN` on `PATH`. So wherever the Swift toolchain is, the target is.
///
/// Kernels need OpenMP's `simd` loops only (their threads are Dispatch's, `CompiledKernel`), so
/// they are compiled with `-fopenmp-simd`, which honours `#pragma omp simd` without the OpenMP
/// runtime: no `omp.h`, no libomp.
///
/// glibc's libmvec, when present, gives clang vector variants of `sinf`, `expf`, ...
/// (`-fveclib=libmvec`); without it transcendentals stay scalar libm calls.
package struct OpenMPToolchain: Sendable, Equatable {
    /// The C compiler's path.
    package let compiler: String
    /// The first line of `compiler --version` (part of every kernel's cache key).
    package let version: String
    /// Whether glibc's libmvec is linked for vectorized transcendentals.
    package let usesLibmvec: Bool
    /// What `-march=native` means on this machine: the CPU and the instruction-set features the
    /// compiler resolves it to (part of every kernel's cache key, so a cache folder shared by
    /// machines of different CPUs never hands one a kernel with instructions it lacks).
    package let nativeTarget: String

    /// Every flag of a kernel compile but the input and output files. No fast-math and no FP
    /// contraction, so arithmetic rounds exactly as the block VM's does; `-fno-math-errno` lets
    /// math calls vectorize (errno is never read).
    package var flags: [String] {
        var flags = ["-O3", "-march=native", "-fopenmp-simd", "-shared", "-fPIC", "-ffp-contract=off",
                     "-fno-math-errno", "-Wno-pass-failed"]
        if usesLibmvec { flags.append("-fveclib=libmvec") }
        return flags
    }

    /// The libraries every kernel links, after its source file.
    package var libraries: [String] { (usesLibmvec ? ["-lmvec"] : []) + ["-lm"] }

    /// Finds the toolchain, reading settings through `environment` (tests pass their own).
    /// Fails with the reason the OpenMP target cannot run.
    static func discover(environment: (String) -> String?) -> Result<OpenMPToolchain, OpenMPUnavailable> {
        let compiler: String
        switch findCompiler(environment) {
        case .success(let found): compiler = found
        case .failure(let reason): return .failure(reason)
        }
        let versionRun = Subprocess.run(compiler, ["--version"])
        guard versionRun.status == 0, let version = versionRun.output.split(separator: "\n").first.map(String.init) else {
            return .failure(.noCompiler("\(compiler) --version failed: \(versionRun.output)"))
        }
        let libmvec = systemLibraryFolders.contains { FileManager.default.fileExists(atPath: $0 + "/libmvec.so") }
        return .success(OpenMPToolchain(compiler: compiler, version: version, usesLibmvec: libmvec,
                                        nativeTarget: nativeTarget(compiler)))
    }

    /// The `-target-cpu` and `-target-feature` arguments the compiler's driver passes for
    /// `-march=native` (`clang -###` prints them without compiling), or "unknown" when it prints
    /// none.
    static func nativeTarget(_ compiler: String) -> String {
        let run = Subprocess.run(compiler, ["-march=native", "-###", "-x", "c", "-c", "/dev/null", "-o", "/dev/null"])
        let arguments = run.output.split(whereSeparator: \.isWhitespace).map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        var target: [String] = []
        for (index, argument) in arguments.enumerated().dropLast()
        where argument == "-target-cpu" || argument == "-target-feature" {
            target.append(arguments[index + 1])
        }
        return target.isEmpty ? "unknown" : target.joined(separator: " ")
    }

    private static let systemLibraryFolders = ["/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
                                               "/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib", "/usr/local/lib"]

    private static func findCompiler(_ environment: (String) -> String?) -> Result<String, OpenMPUnavailable> {
        if let explicit = environment("LAZYARRAY_CC"), !explicit.isEmpty {
            guard let path = executable(explicit, environment) else {
                return .failure(.noCompiler("LAZYARRAY_CC=\(explicit) is not an executable file"))
            }
            return .success(path)
        }
        if let cc = environment("CC"), let path = executable(cc, environment),
           Subprocess.run(path, ["--version"]).output.contains("clang") {
            return .success(path)
        }
        for candidate in swiftToolchainClangs(environment) + ["clang"] + (11...30).reversed().map({ "clang-\($0)" }) {
            if let path = executable(candidate, environment) { return .success(path) }
        }
        return .failure(.noCompiler("no clang found (tried LAZYARRAY_CC, CC, the Swift toolchain's clang and PATH)"))
    }

    /// The clang shipped with the Swift toolchain: next to the Swift runtime this process runs
    /// on (`<toolchain>/usr/lib/swift/linux/libswiftCore.so`, found in `/proc/self/maps`), or next
    /// to `swiftc` on `PATH`.
    private static func swiftToolchainClangs(_ environment: (String) -> String?) -> [String] {
        var candidates: [String] = []
        let maps = (try? String(contentsOfFile: "/proc/self/maps", encoding: .utf8)) ?? ""
        if let line = maps.split(separator: "\n").first(where: { $0.hasSuffix("/libswiftCore.so") }),
           let start = line.firstIndex(of: "/") {
            let runtime = URL(fileURLWithPath: String(line[start...])).resolvingSymlinksInPath()
            // .../usr/lib/swift/linux/libswiftCore.so -> .../usr/bin/clang
            let usr = runtime.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            candidates.append(usr.appendingPathComponent("bin/clang").path)
        }
        if let swiftc = executable("swiftc", environment) {
            let resolved = URL(fileURLWithPath: swiftc).resolvingSymlinksInPath()
            candidates.append(resolved.deletingLastPathComponent().appendingPathComponent("clang").path)
        }
        return candidates
    }

    /// The absolute path of an executable named `name` (a path, or a command on `PATH`).
    private static func executable(_ name: String, _ environment: (String) -> String?) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        let path = environment("PATH") ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

/// Why the OpenMP target cannot run on this machine.
package enum OpenMPUnavailable: Error, Sendable, Equatable, CustomStringConvertible {
    /// No usable C compiler (or `LAZYARRAY_CC` names none).
    case noCompiler(String)
    /// The test kernel did not compile or load; the compiler's (or the loader's) message.
    case probeFailed(String)

    package var description: String {
        switch self {
        case .noCompiler(let reason): "no C compiler: \(reason)"
        case .probeFailed(let reason): "a test kernel failed to compile: \(reason)"
        }
    }
}
