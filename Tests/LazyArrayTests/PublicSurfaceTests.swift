import Testing
import Foundation

/// What a program outside the package can name: type-checks small probe programs against the
/// modules this test run was built with, as a user's `import LazyArray` would see them.
///
/// Each probe that must fail is paired with one that must compile through the same command, so
/// the test cannot pass because the compiler was not found or the module path is wrong.
@Suite(.timeLimit(.minutes(10)))
struct PublicSurfaceTests {
    /// The folder holding the built `.swiftmodule`s: `Modules` next to the test bundle.
    static let modules: URL = URL(fileURLWithPath: CommandLine.arguments[0])
        .deletingLastPathComponent().appendingPathComponent("Modules")

    /// Type-checks `source` against the built modules; the compiler's exit status and output.
    static func typecheck(_ source: String) throws -> (status: Int32, output: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lazyarray-probe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("probe.swift")
        try source.write(to: file, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swiftc", "-typecheck", "-I", modules.path, file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    @Test func theDocumentedAPICompilesInAProbe() throws {
        let result = try Self.typecheck("""
            import LazyArray
            let a = NDArray([1.0, 2.0, 3.0]).astype(.float32)
            let t: DType = a.dtype
            let y = sqrt(a * a + 1) - 1
            let b: Backend = .dispatch
            y.evaluate(backend: b)
            print(t, y, y.explain(), NDArray.statistics.kernelsRun)
            """)
        #expect(result.status == 0, "\(result.output)")
    }

    @Test(arguments: ["BlockVM", "Mutex", "Buffer", "View", "Environment", "FusedExecutor", "KernelProgram"])
    func machineryIsNotNameable(_ name: String) throws {
        for imports in ["import LazyArray", "import LazyArray\nimport Kernels\nimport Scheduler"] {
            let result = try Self.typecheck("\(imports)\nlet probe: Any.Type = \(name).self\nprint(probe)\n")
            #expect(result.status != 0, "\(name) is nameable with \(imports.split(separator: "\n").joined(separator: ", "))")
            #expect(result.output.contains("cannot find '\(name)' in scope") || result.output.contains("is inaccessible")
                    || result.output.contains("package"),
                    "unexpected compiler output for \(name): \(result.output)")
        }
    }
}
