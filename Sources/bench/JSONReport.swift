import Foundation

/// The `--json FILE` document, in the schema of ../shared/BENCH.md that other tools read
/// (benchmarks/compare.py among them): `machine`, `commit` and `results`.
struct JSONReport: Encodable {
    /// The machine facts: cores, CPU model and the bandwidth reference of the same run.
    struct Machine: Encodable {
        let cores: Int
        let cpuModel: String
        /// Triad GB/s with all threads: the headline reference.
        let bandwidthGBps: Double?
        /// Copy, add and triad GB/s for each measured thread count (keys are thread counts).
        let bandwidthByThreads: [String: BandwidthReference.Kernels]

        enum CodingKeys: String, CodingKey {
            case cores, cpuModel = "cpu_model", bandwidthGBps = "bandwidth_gbps", bandwidthByThreads = "bandwidth_by_threads"
        }
    }

    let machine: Machine
    let commit: String
    let results: [BenchResult]

    init(cores: Int, bandwidth: BandwidthReference, results: [BenchResult]) {
        machine = Machine(
            cores: cores, cpuModel: Self.cpuModel(), bandwidthGBps: bandwidth.gbps(threads: cores),
            bandwidthByThreads: Dictionary(uniqueKeysWithValues: bandwidth.byThreads.map { ("\($0.key)", $0.value) }))
        commit = Self.currentCommit()
        self.results = results
    }

    /// Writes the report, pretty-printed with sorted keys so that runs diff cleanly.
    func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: URL(fileURLWithPath: path))
    }

    /// The `model name` of /proc/cpuinfo, or "unknown" where there is none.
    private static func cpuModel() -> String {
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = info.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
              let colon = line.firstIndex(of: ":")
        else { return "unknown" }
        return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }

    /// `git rev-parse HEAD` of the working directory, or "unknown" outside a checkout.
    private static func currentCommit() -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "rev-parse", "HEAD"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return "unknown" }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return process.terminationStatus == 0 && !text.isEmpty ? text : "unknown"
    }
}

extension BenchResult: Encodable {
    enum CodingKeys: String, CodingKey {
        case caseID = "case", dtype, n, mode, backend, threads, medianUs = "median_us", minUs = "min_us", gbps, gflops
    }

    /// Every key is always present; `gbps` or `gflops` is null when the case reports the other.
    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(caseID, forKey: .caseID)
        try container.encode("\(dtype)", forKey: .dtype)
        try container.encode(n, forKey: .n)
        try container.encode(modeName, forKey: .mode)
        try container.encode(backendName, forKey: .backend)
        try container.encode(threads, forKey: .threads)
        try container.encode(timing.median * 1e6, forKey: .medianUs)
        try container.encode(timing.minimum * 1e6, forKey: .minUs)
        try container.encode(gbps, forKey: .gbps)
        try container.encode(gflops, forKey: .gflops)
    }
}
