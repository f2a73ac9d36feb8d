import Foundation

/// The `--svg FILE` chart: effective GB/s against N (log axis), one small panel per case,
/// expression and dtype, one line per mode, backend and thread count, and the run's bandwidth reference as a
/// dashed line. Cases that report GFLOP/s (linear) have no GB/s and are left out.
struct SVGChart {
    let results: [BenchResult]
    let bandwidth: BandwidthReference

    private static let panelWidth = 330.0, panelHeight = 230.0, columns = 3
    private static let inset = (left: 52.0, right: 12.0, top: 28.0, bottom: 36.0)
    private static let palette = ["#1f77b4", "#2ca02c", "#9467bd", "#17becf", "#d62728", "#ff7f0e", "#8c564b", "#e377c2"]

    /// Writes the chart as a standalone SVG file.
    func write(to path: String) throws {
        try render().write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// The SVG document.
    func render() -> String {
        let charted = results.filter { $0.gbps != nil }
        let panels = Self.ordered(charted.map(PanelKey.init))
        let series = Self.ordered(charted.map(SeriesKey.init))
        let legendHeight = 24.0 * Double((series.count + 3) / 4) + 30
        let rows = (panels.count + Self.columns - 1) / Self.columns
        let width = Self.panelWidth * Double(Self.columns)
        let height = legendHeight + Self.panelHeight * Double(max(rows, 1))
        let sizes = charted.map { log10(Double($0.n)) }
        let decades = (sizes.min().map { $0.rounded(.down) } ?? 0, sizes.max().map { $0.rounded(.up) } ?? 1)
        let xRange = (decades.0, max(decades.1, decades.0 + 1))

        var svg = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
        viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="11">
        <rect width="100%" height="100%" fill="white"/>
        <text x="10" y="18" font-size="14" font-weight="bold">LazyArray bench: effective GB/s against N</text>

        """
        for (index, key) in series.enumerated() {
            let x = 10 + Double(index % 4) * 200, y = 34 + Double(index / 4) * 24
            svg += "<line x1=\"\(x)\" y1=\"\(y)\" x2=\"\(x + 24)\" y2=\"\(y)\" \(Self.stroke(index, key))/>"
            svg += "<text x=\"\(x + 30)\" y=\"\(y + 4)\">\(Self.escape(key.label))</text>\n"
        }
        // The all-threads reference: the most any line in a panel could reach.
        let reference: (gbps: Double, threads: Int)? = bandwidth.byThreads.keys.max().flatMap { threads in
            bandwidth.gbps(threads: threads).map { (gbps: $0, threads: threads) }
        }
        for (index, panel) in panels.enumerated() {
            let origin = (x: Self.panelWidth * Double(index % Self.columns),
                          y: legendHeight + Self.panelHeight * Double(index / Self.columns))
            let points = charted.filter { PanelKey($0) == panel }
            svg += panelSVG(panel, at: origin, points: points, series: series, xRange: xRange, reference: reference)
        }
        return svg + "</svg>\n"
    }

    private func panelSVG(_ panel: PanelKey, at origin: (x: Double, y: Double), points: [BenchResult],
                          series: [SeriesKey], xRange: (Double, Double), reference: (gbps: Double, threads: Int)?) -> String {
        let plot = (left: origin.x + Self.inset.left, right: origin.x + Self.panelWidth - Self.inset.right,
                    top: origin.y + Self.inset.top, bottom: origin.y + Self.panelHeight - Self.inset.bottom)
        let yMax = Self.niceCeiling(max(points.compactMap(\.gbps).max() ?? 1, reference?.gbps ?? 0) * 1.05)
        func x(_ n: Int) -> Double { plot.left + (log10(Double(n)) - xRange.0) / (xRange.1 - xRange.0) * (plot.right - plot.left) }
        func y(_ gbps: Double) -> Double { plot.bottom - gbps / yMax * (plot.bottom - plot.top) }

        var svg = "<g>\n<text x=\"\(origin.x + 10)\" y=\"\(origin.y + 18)\" font-weight=\"bold\">\(Self.escape(panel.title))</text>\n"
        svg += "<rect x=\"\(plot.left)\" y=\"\(plot.top)\" width=\"\(plot.right - plot.left)\" height=\"\(plot.bottom - plot.top)\" fill=\"none\" stroke=\"#999\"/>\n"
        for decade in Int(xRange.0)...Int(xRange.1) {
            let position = x(Int(pow(10, Double(decade))))
            svg += "<line x1=\"\(position)\" y1=\"\(plot.top)\" x2=\"\(position)\" y2=\"\(plot.bottom)\" stroke=\"#eee\"/>"
            svg += "<text x=\"\(position)\" y=\"\(plot.bottom + 14)\" text-anchor=\"middle\">1e\(decade)</text>\n"
        }
        for step in 0...4 {
            let value = yMax * Double(step) / 4
            svg += "<line x1=\"\(plot.left)\" y1=\"\(y(value))\" x2=\"\(plot.right)\" y2=\"\(y(value))\" stroke=\"#eee\"/>"
            svg += "<text x=\"\(plot.left - 4)\" y=\"\(y(value) + 4)\" text-anchor=\"end\">\(Self.number(value))</text>\n"
        }
        svg += "<text x=\"\((plot.left + plot.right) / 2)\" y=\"\(plot.bottom + 28)\" text-anchor=\"middle\" fill=\"#555\">N</text>\n"
        svg += "<text x=\"\(origin.x + 14)\" y=\"\((plot.top + plot.bottom) / 2)\" text-anchor=\"middle\" fill=\"#555\" transform=\"rotate(-90 \(origin.x + 14) \((plot.top + plot.bottom) / 2))\">GB/s</text>\n"
        if let reference {
            svg += "<line x1=\"\(plot.left)\" y1=\"\(y(reference.gbps))\" x2=\"\(plot.right)\" y2=\"\(y(reference.gbps))\" stroke=\"#888\" stroke-dasharray=\"2 3\"/>"
            svg += "<text x=\"\(plot.right - 2)\" y=\"\(y(reference.gbps) - 3)\" text-anchor=\"end\" fill=\"#888\">triad \(reference.threads)t \(Self.number(reference.gbps))</text>\n"
        }
        for (index, key) in series.enumerated() {
            let line = points.filter { SeriesKey($0) == key }.sorted { $0.n < $1.n }
            guard !line.isEmpty else { continue }
            let coordinates = line.map { "\(x($0.n)),\(y($0.gbps!))" }
            if line.count > 1 {
                svg += "<polyline points=\"\(coordinates.joined(separator: " "))\" fill=\"none\" \(Self.stroke(index, key))/>\n"
            }
            for point in coordinates {
                let xy = point.split(separator: ",")
                svg += "<circle cx=\"\(xy[0])\" cy=\"\(xy[1])\" r=\"2.5\" fill=\"\(Self.palette[index % Self.palette.count])\"/>"
            }
            svg += "\n"
        }
        return svg + "</g>\n"
    }

    /// One panel: results that differ only in N, mode, backend and threads.
    private struct PanelKey: Hashable {
        let caseID: String
        let expression: String
        let dtype: String

        init(_ result: BenchResult) {
            caseID = result.caseID
            expression = result.expression
            dtype = "\(result.dtype)"
        }

        var title: String {
            let text = "\(caseID) · \(dtype): \(expression)"
            return text.count <= 46 ? text : text.prefix(45) + "…"
        }
    }

    /// One line of a panel: results that differ only in N.
    private struct SeriesKey: Hashable {
        let mode: String
        let backend: String
        let threads: Int

        init(_ result: BenchResult) {
            mode = result.modeName
            backend = result.backendName
            threads = result.threads
        }

        var label: String { "\(mode) \(backend) \(threads) thread\(threads == 1 ? "" : "s")" }
    }

    /// Eager lines dashed, so modes stay apart even where colours are hard to tell.
    private static func stroke(_ index: Int, _ key: SeriesKey) -> String {
        let dash = key.mode == "eager" ? " stroke-dasharray=\"6 3\"" : ""
        return "stroke=\"\(palette[index % palette.count])\" stroke-width=\"2\"\(dash)"
    }

    /// The distinct elements of `keys` in order of first appearance (the run's order).
    private static func ordered<Key: Hashable>(_ keys: [Key]) -> [Key] {
        var seen = Set<Key>()
        return keys.filter { seen.insert($0).inserted }
    }

    /// The smallest 1, 2 or 5 times a power of ten at or above `value`: round axis maxima.
    private static func niceCeiling(_ value: Double) -> Double {
        let power = pow(10, log10(max(value, 1e-9)).rounded(.down))
        return [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= value } ?? 10 * power
    }

    private static func number(_ value: Double) -> String {
        String(format: "%g", (value * 10).rounded() / 10)
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
