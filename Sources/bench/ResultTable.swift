import Foundation

/// The table on stdout, printed a row at a time as results arrive.
struct ResultTable {
    private static let columns: [(title: String, width: Int)] = [
        ("case", 11), ("dtype", 8), ("n", 6), ("mode", 6), ("backend", 9), ("thr", 4),
        ("median µs", 11), ("min µs", 11), ("GB/s", 8), ("%bw", 5), ("×eager", 7),
    ]

    /// Prints the column titles.
    func header() {
        emit(Self.format(Self.columns.map(\.title)))
    }

    /// Prints one result.
    /// - Parameters:
    ///   - bandwidth: the bandwidth reference at the result's thread count, if measured.
    ///   - eagerMedian: the eager median of the same case, dtype, size and threads, if timed.
    func row(_ result: BenchResult, bandwidth: Double?, eagerMedian: Double?) {
        let rate = if let gflops = result.gflops {
            String(format: "%.1fGF", gflops)
        } else {
            result.gbps.map { String(format: "%.2f", $0) } ?? "-"
        }
        let share = if let gbps = result.gbps, let bandwidth { String(format: "%.0f%%", 100 * gbps / bandwidth) } else { "-" }
        let speedUp = result.mode == .fused
            ? eagerMedian.map { String(format: "%.2f", $0 / result.timing.median) } ?? "-"
            : "-"
        emit(Self.format([
            result.caseID, "\(result.dtype)", Self.size(result.n), result.modeName,
            result.backendName, "\(result.threads)", Self.microseconds(result.timing.median),
            Self.microseconds(result.timing.minimum), rate, share, speedUp,
        ]))
    }

    /// Prints a line that is not a result (a skipped case, a machine fact).
    func note(_ text: String) {
        emit(text)
    }

    /// `1e7` for round powers of ten times a digit (the suite's sizes), the plain number otherwise.
    static func size(_ n: Int) -> String {
        var mantissa = n
        var exponent = 0
        while mantissa >= 10 && mantissa % 10 == 0 {
            mantissa /= 10
            exponent += 1
        }
        return exponent >= 3 && mantissa < 10 ? "\(mantissa)e\(exponent)" : "\(n)"
    }

    private static func microseconds(_ seconds: Double) -> String {
        let us = seconds * 1e6
        return String(format: us < 10 ? "%.2f" : us < 1000 ? "%.1f" : "%.0f", us)
    }

    /// Text columns left-aligned, number columns (`n` and from `threads` on) right-aligned.
    private static func format(_ cells: [String]) -> String {
        zip(cells, columns).enumerated().map { index, pair in
            let (cell, column) = pair
            let padding = String(repeating: " ", count: max(0, column.width - cell.count))
            return index == 2 || index >= 5 ? padding + cell : cell + padding
        }.joined(separator: " ")
    }

    /// Unbuffered, so rows show as they come even when stdout is a pipe.
    private func emit(_ line: String) {
        ProgressLine.clear()
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
