import Foundation
import Testing

/// Runs `distributed-check` (built with `swift build --traits MPI --scratch-path .build-mpi`,
/// as `.ci/run` does) under `mpirun -np K` for K = 1, 2 and 4: every rank compares every
/// distributed operation with the one-process engine and the run fails on any mismatch (see
/// Sources/distributed-check/CheckSuite.swift for the checks and their tolerances).
/// Skipped, with the reason, where `mpirun` or that binary is missing: the default build has
/// no MPI. `LAZYARRAY_MPI_CHECK` may name the binary instead.
@Suite(.serialized, .enabled(if: MPIRun.skipReason == nil, Comment(rawValue: MPIRun.skipReason ?? "")), .timeLimit(.minutes(10)))
struct DistributedMPITests {
    @Test(arguments: [1, 2, 4])
    func everyOperationMatchesTheOneProcessEngine(ranks: Int) throws {
        let (status, output) = try MPIRun.run(ranks: ranks)
        #expect(status == 0, "mpirun -np \(ranks) exited with \(status):\n\(output)")
        #expect(output.contains("distributed-check: \(ranks) rank(s) (MPI):") && output.contains(" 0 failed"), "\(output)")
    }
}

enum MPIRun {
    /// The package root: this file is Tests/LazyArrayTests/DistributedMPITests.swift.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static let checkBinary = ProcessInfo.processInfo.environment["LAZYARRAY_MPI_CHECK"] ?? "\(packageRoot)/.build-mpi/debug/distributed-check"

    static let mpirun: String? = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        .split(separator: ":").map { "\($0)/mpirun" }.first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Why the MPI runs cannot happen here, or nil when they can.
    static let skipReason: String? = {
        guard mpirun != nil else { return "mpirun is not on PATH (install openmpi-bin and libopenmpi-dev; .ci/run does)" }
        guard FileManager.default.isExecutableFile(atPath: checkBinary) else {
            return "\(checkBinary) is missing: build it with `swift build --traits MPI --scratch-path .build-mpi --product distributed-check`"
        }
        return nil
    }()

    /// Runs the check binary on `ranks` ranks (one engine thread each, so 4 ranks on 2 cores
    /// do not fight over cores). A run that hangs is killed after 5 minutes and fails with its
    /// output. Room for a loaded machine: 4 ranks take 5.4 s on 2 cores (AMD EPYC) while a fuzz
    /// target and a build run beside them, so the watchdog allows 50 times that, and the suite's
    /// time limit (10 minutes) lies beyond the watchdog so that a hang reports its output.
    static func run(ranks: Int) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: mpirun!)
        process.arguments = ["--oversubscribe", "-np", "\(ranks)", checkBinary]
        var environment = ProcessInfo.processInfo.environment
        environment["OMPI_ALLOW_RUN_AS_ROOT"] = "1"
        environment["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1"
        environment["LAZYARRAY_THREADS"] = "1"
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 300, execute: watchdog)
        // Read before waiting: a child that fills the pipe would otherwise never exit.
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        watchdog.cancel()
        return (process.terminationStatus, output)
    }
}
