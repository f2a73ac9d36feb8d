import Charts

/// The `--svg FILE` chart: effective GB/s against N (log axis), one small panel per case,
/// expression and dtype, one line per mode, backend and thread count, and the run's bandwidth
/// reference as a dashed line, drawn by `LineChart` (Sources/Charts). Cases that report GFLOP/s
/// (linear) have no GB/s and are left out.
struct SVGChart {
    let results: [BenchResult]
    let bandwidth: BandwidthReference

    /// Writes the chart as a standalone SVG file.
    func write(to path: String) throws {
        try chart.write(to: path)
    }

    /// The results as panels of lines.
    var chart: LineChart {
        let charted = results.filter { $0.gbps != nil }
        // The all-threads reference: the most any line in a panel could reach.
        let reference: (y: Double, label: String)? = bandwidth.byThreads.keys.max().flatMap { threads in
            bandwidth.gbps(threads: threads).map { (y: $0, label: "triad \(threads)t \(String(format: "%g", ($0 * 10).rounded() / 10))") }
        }
        let panels = LineChart.ordered(charted.map(panelTitle)).map { title in
            let points = charted.filter { panelTitle($0) == title }
            let series = LineChart.ordered(points.map(seriesLabel)).map { label in
                let line = points.filter { seriesLabel($0) == label }
                return LineChart.Series(label: label, points: line.map { (x: Double($0.n), y: $0.gbps!) },
                                        dashed: line.first?.modeName == "eager")
            }
            return LineChart.Panel(title: title, series: series, reference: reference)
        }
        return LineChart(title: "LazyArray bench: effective GB/s against N", panels: panels, xLabel: "N", yLabel: "GB/s",
                         logarithmicX: true)
    }

    /// One panel: results that differ only in N, mode, backend and threads.
    private func panelTitle(_ result: BenchResult) -> String { "\(result.caseID) · \(result.dtype): \(result.expression)" }

    /// One line of a panel: results that differ only in N.
    private func seriesLabel(_ result: BenchResult) -> String {
        "\(result.modeName) \(result.backendName) \(result.threads) thread\(result.threads == 1 ? "" : "s")"
    }
}
