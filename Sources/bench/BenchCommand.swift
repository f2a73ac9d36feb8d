import ArgumentParser
import Foundation
import LazyArray

/// `swift run -c release bench`: times the cases of ../shared/BENCH.md in fused and eager
/// modes, per backend, size and thread count, and prints a table as results arrive.
@main
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Times the LazyArray benchmark cases of BENCH.md (fused and eager).",
        discussion: """
        Each timed call builds the expression from already-evaluated inputs and evaluates it; \
        the median and minimum of calls totalling at least 0.2 s (0.03 s with --quick) are \
        reported, with effective GB/s and its share of a STREAM-like bandwidth reference \
        measured in the same run.
        """)

    @Flag(help: "A short run (under 2 minutes on 2 cores): sizes 1e5 and 1e7, eager only up to 1e6, 0.03 s per timing.")
    var quick = false

    @Option(help: "Cases to run: a substring of the case id, or a comma-separated list of ids (e.g. add,poly).")
    var filter: String?

    @Option(help: "Sizes N, comma-separated (e.g. 1e3,1e6). Default 1e3,1e5,1e6,1e7 (and 3e7 for add); 1e5,1e7 with --quick.")
    var sizes: String?

    @Option(help: "Thread counts, comma-separated. Default: 1 and all cores.")
    var threads: String?

    @Option(help: "Backends for fused mode: dispatch, openmp (skipped with the reason where it is unavailable).")
    var backends = "dispatch,openmp"

    @Option(help: "Evaluation modes: fused, eager.")
    var modes = "fused,eager"

    @Option(help: "Write every result to this JSON file (the schema of BENCH.md).")
    var json: String?

    @Option(help: "Write a chart of GB/s against N to this SVG file.")
    var svg: String?

    /// Every core: the library's default thread count and the bench's "all threads".
    private static let allThreads = ProcessInfo.processInfo.activeProcessorCount

    /// One timing to make: a case at one dtype and size, on one thread count, mode and backend.
    private struct Job {
        let threads: Int
        let mode: EvaluationMode
        let backend: Backend
    }

    /// The jobs sharing one set of inputs.
    private struct Group {
        let benchCase: BenchCase
        let dtype: DType
        let n: Int
        let jobs: [Job]
    }

    mutating func run() throws {
        let started = Date()
        let table = ResultTable()
        let selected = try selectedCases(table: table)
        if runsTrainingMemory { try reportTrainingMemory(table: table) }
        if selected.isEmpty { return }
        let plan = try makePlan(cases: selected, table: table)
        let jobCount = plan.reduce(0) { $0 + $1.jobs.count }

        ProgressLine.show("measuring the bandwidth reference…")
        let referenceThreads = Array(Set([1, Self.allThreads] + plan.flatMap { $0.jobs.map(\.threads) })).sorted()
        let bandwidth = BandwidthReference.measure(threadCounts: referenceThreads, elements: 1 << 24,
                                                   repetitions: quick ? 3 : 5)
        table.note("machine: \(Self.allThreads) cores; bandwidth reference (float32, 64 MiB arrays, GB/s): "
            + referenceThreads.map { threads in
                let kernels = bandwidth.byThreads[threads]!
                return String(format: "%d thread%@ copy %.1f add %.1f triad %.1f", threads, threads == 1 ? "" : "s",
                              kernels.copy, kernels.add, kernels.triad)
            }.joined(separator: "; "))
        table.note("%bw: share of the triad reference at the same thread count; ×eager: eager median / fused median")
        table.header()

        var results: [BenchResult] = []
        var done = 0
        for group in plan {
            let label = "\(group.benchCase.id) \(group.dtype) n=\(ResultTable.size(group.n))"
            ProgressLine.show("[\(done)/\(jobCount)] \(label): making inputs for \(group.benchCase.expression)…")
            let workload = group.benchCase.workload(n: group.n, dtype: group.dtype)
            let bytes = workload.bytes(writing: group.benchCase.build(workload.inputs, group.n))
            var eagerMedians: [Int: Double] = [:]
            for job in group.jobs {
                done += 1
                let mode = job.mode == .eager ? "eager" : "fused \(job.backend)"
                ProgressLine.show("[\(done)/\(jobCount)] \(label) \(mode), \(job.threads) thread(s)…")
                NDArray.threadCount = job.threads
                let timing: Timing
                do {
                    timing = try NDArray.checking {
                        Timing.measure(minTotal: quick ? 0.03 : 0.2, minCalls: quick ? 3 : 5) {
                            NDArray.evaluate(group.benchCase.build(workload.inputs, group.n), mode: job.mode, backend: job.backend)
                        }
                    }
                } catch {
                    table.note("skipped \(label) \(mode), \(job.threads) thread(s): \(error)")
                    continue
                }
                let result = BenchResult(benchCase: group.benchCase, dtype: group.dtype, n: group.n, mode: job.mode,
                                         backend: job.backend, threads: job.threads, timing: timing, bytes: bytes,
                                         flops: workload.flops)
                if job.mode == .eager { eagerMedians[job.threads] = timing.median }
                table.row(result, bandwidth: bandwidth.gbps(threads: job.threads), eagerMedian: eagerMedians[job.threads])
                results.append(result)
            }
        }

        noteStridedRatios(results, table: table)
        noteGradientRatios(results, table: table)
        if let json {
            try JSONReport(cores: Self.allThreads, bandwidth: bandwidth, results: results).write(to: json)
            table.note("wrote \(json)")
        }
        if let svg {
            try SVGChart(results: results, bandwidth: bandwidth).write(to: svg)
            table.note("wrote \(svg)")
        }
        table.note(String(format: "%d results in %.0f s", results.count, Date().timeIntervalSince(started)))
    }

    /// For each case over a strided view timed with its contiguous twin: the throughput of the
    /// one as a share of the other's.
    private func noteStridedRatios(_ results: [BenchResult], table: ResultTable) {
        for (result, reference) in Self.pairs(results, partner: \.contiguousCase) {
            guard let gbps = result.gbps, let referenceGbps = reference.gbps else { continue }
            table.note(String(format: "%@ (%@) vs %@ (%@), %@ %@, %d thread(s): %.0f µs vs %.0f µs, throughput %.0f%% of contiguous",
                              result.caseID, result.expression, reference.caseID, reference.expression,
                              result.modeName, result.backendName, result.threads,
                              result.timing.median * 1e6, reference.timing.median * 1e6, 100 * gbps / referenceGbps))
        }
    }

    /// For each gradient case timed with its forward pass alone: the ratio of their medians, the
    /// issue-20 measure (at most 1.3 at 1e7).
    private func noteGradientRatios(_ results: [BenchResult], table: ResultTable) {
        for (result, forward) in Self.pairs(results, partner: \.forwardCase) {
            table.note(String(format: "%@ / %@, %@ n=%@, %@ %@, %d thread(s): %.1f µs / %.1f µs = %.2fx (min %.2fx)",
                              result.caseID, forward.caseID, "\(result.dtype)", ResultTable.size(result.n),
                              result.modeName, result.backendName, result.threads,
                              result.timing.median * 1e6, forward.timing.median * 1e6,
                              result.timing.median / forward.timing.median, result.timing.minimum / forward.timing.minimum))
        }
    }

    /// Each result of a case that names a partner case (`partner`: its contiguous twin, its
    /// forward pass), with the partner's result of the same dtype, size, mode, backend and
    /// thread count, when the run has one.
    private static func pairs(_ results: [BenchResult], partner: KeyPath<BenchCase, String?>) -> [(BenchResult, BenchResult)] {
        let partnerOf = Dictionary(uniqueKeysWithValues: BenchCase.all.compactMap { benchCase in
            benchCase[keyPath: partner].map { (benchCase.id, $0) }
        })
        return results.compactMap { result in
            guard let partnerID = partnerOf[result.caseID],
                  let other = results.first(where: { other in
                      other.caseID == partnerID && other.dtype == result.dtype && other.n == result.n
                          && other.mode == result.mode && other.backend == result.backend && other.threads == result.threads
                  }) else { return nil }
            return (result, other)
        }
    }

    /// Whether `--filter` selects the case `id` (every case without a filter).
    private func selects(_ id: String) -> Bool {
        guard let filter else { return true }
        if filter.contains(",") {
            return filter.split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces) == id }
        }
        return id.contains(filter)
    }

    /// The cases `--filter` selects (none when it names only `train_memory`).
    private func selectedCases(table: ResultTable) throws -> [BenchCase] {
        let cases = BenchCase.all.filter { selects($0.id) }
        if cases.isEmpty && !runsTrainingMemory {
            throw ValidationError("--filter \(filter ?? "") matches no case; ids: "
                + Set(BenchCase.all.map(\.id)).union([TrainingMemory.id]).sorted().joined(separator: ", "))
        }
        return cases
    }

    /// `train_memory` runs only when a filter names it: its million steps take a minute or more.
    private var runsTrainingMemory: Bool { filter != nil && selects(TrainingMemory.id) }

    /// Runs `train_memory` on the library's default thread count and reports it as notes.
    private func reportTrainingMemory(table: ResultTable) throws {
        ProgressLine.show("\(TrainingMemory.id): 1,000,000 gradient steps of a 4-weight model…")
        guard let report = TrainingMemory.run() else {
            table.note("skipped \(TrainingMemory.id): no resident-memory figure on this system")
            return
        }
        let growth = report.finalBytes - report.warmBytes
        table.note(String(format: "%@: RSS %.1f MiB after %d steps, %.1f MiB after %d: growth %.2f MiB (bound %.0f MiB); %.2f µs per step; final loss %.3g",
                          TrainingMemory.id, Double(report.warmBytes) / 1_048_576, report.warmSteps,
                          Double(report.finalBytes) / 1_048_576, report.steps, Double(growth) / 1_048_576,
                          Double(TrainingMemory.boundBytes) / 1_048_576, report.secondsPerStep * 1e6, report.finalLoss))
        if growth >= TrainingMemory.boundBytes {
            throw ValidationError("\(TrainingMemory.id): resident memory grew by \(growth) bytes over \(report.steps - report.warmSteps) steps")
        }
    }

    /// Every group of jobs to run, in table order: within a group the eager job of a thread
    /// count comes before its fused jobs, so fused rows can show their speed-up over eager.
    private func makePlan(cases: [BenchCase], table: ResultTable) throws -> [Group] {
        let (requestedSizes, threadCounts, modeList) = try (parsedSizes(), parsedThreads(), parsedModes())
        var backendList = try parsedBackends()
        if let reason = Backend.openMP.unavailableReason, backendList.contains(.openMP), modeList.contains(.fused) {
            table.note("skipped backend openmp: \(reason)")
            backendList.removeAll { $0 == .openMP }
        }
        var jobs: [Job] = []
        for count in threadCounts {
            // Eager mode ignores the backend: it runs once per thread count, recorded as dispatch.
            if modeList.contains(.eager) { jobs.append(Job(threads: count, mode: .eager, backend: .dispatch)) }
            if modeList.contains(.fused) {
                jobs += backendList.map { Job(threads: count, mode: .fused, backend: $0) }
            }
        }
        var plan: [Group] = []
        for benchCase in cases {
            let caseSizes = benchCase.fixedSizes
                ?? requestedSizes
                ?? (quick ? [100_000, 10_000_000] : [1_000, 100_000, 1_000_000, 10_000_000] + benchCase.extraSizes)
            for dtype in benchCase.dtypes {
                for n in caseSizes {
                    // --quick times eager only where it is cheap; large-N eager runs take seconds.
                    let groupJobs = jobs.filter {
                        !(quick && $0.mode == .eager && n > 1_000_000)
                            && !(benchCase.defaultBackendOnly && ($0.mode == .eager || $0.backend != Backend.default))
                    }
                    if !groupJobs.isEmpty { plan.append(Group(benchCase: benchCase, dtype: dtype, n: n, jobs: groupJobs)) }
                }
            }
        }
        return plan
    }

    /// Rejects malformed list flags before anything runs or prints.
    func validate() throws {
        _ = try (parsedSizes(), parsedThreads(), parsedModes(), parsedBackends())
    }

    /// `--sizes` (nil when not given); `1e6` and `1000000` both read.
    private func parsedSizes() throws -> [Int]? {
        try sizes.map { try Self.parseList($0, flag: "--sizes") { Double($0).flatMap { $0 >= 1 ? Int($0) : nil } } }
    }

    /// `--threads`, by default 1 and all cores.
    private func parsedThreads() throws -> [Int] {
        try threads.map { try Self.parseList($0, flag: "--threads") { Int($0).flatMap { $0 > 0 ? $0 : nil } } }
            ?? Array(Set([1, Self.allThreads])).sorted()
    }

    private func parsedModes() throws -> [EvaluationMode] {
        try Self.parseList(modes, flag: "--modes") { ["fused": EvaluationMode.fused, "eager": .eager][$0.lowercased()] }
    }

    private func parsedBackends() throws -> [Backend] {
        try Self.parseList(backends, flag: "--backends") { ["dispatch": Backend.dispatch, "openmp": .openMP][$0.lowercased()] }
    }

    /// Splits a comma-separated flag value and parses each item, or explains which item failed.
    private static func parseList<T>(_ text: String, flag: String, _ parse: (String) -> T?) throws -> [T] {
        try text.split(separator: ",").map { item in
            let item = item.trimmingCharacters(in: .whitespaces)
            guard let value = parse(item) else { throw ValidationError("\(flag): cannot read '\(item)'") }
            return value
        }
    }
}
