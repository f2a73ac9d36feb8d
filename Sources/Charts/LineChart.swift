import Foundation

/// A chart of lines as a standalone SVG document: one small panel per group of series, a shared
/// legend, an x axis that is linear or logarithmic (decades), a y axis from 0 to a round
/// maximum, and an optional dashed reference line per panel. What the bench's `--svg` chart
/// (GB/s against N) and the training article's loss curve (loss against epoch) are drawn with;
/// the same data always gives the same bytes, so a committed figure can be checked by a test.
package struct LineChart {
    /// One line: its legend label and its points, drawn in order of x.
    package struct Series {
        package var label: String
        package var points: [(x: Double, y: Double)]
        /// Drawn dashed (the bench's eager lines), so lines stay apart where colours are hard to tell.
        package var dashed: Bool

        package init(label: String, points: [(x: Double, y: Double)], dashed: Bool = false) {
            self.label = label
            self.points = points
            self.dashed = dashed
        }
    }

    /// One panel: a title, its lines, and an optional horizontal reference (a bandwidth bound).
    package struct Panel {
        package var title: String
        package var series: [Series]
        package var reference: (y: Double, label: String)?

        package init(title: String, series: [Series], reference: (y: Double, label: String)? = nil) {
            self.title = title
            self.series = series
            self.reference = reference
        }
    }

    package var title: String
    package var panels: [Panel]
    package var xLabel: String
    package var yLabel: String
    /// Whether x is drawn on a log₁₀ axis with a tick per decade (labels `1e3`), else linear.
    package var logarithmicX: Bool

    package init(title: String, panels: [Panel], xLabel: String, yLabel: String, logarithmicX: Bool) {
        self.title = title
        self.panels = panels
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.logarithmicX = logarithmicX
    }

    private static let panelWidth = 330.0, panelHeight = 230.0
    private static let inset = (left: 52.0, right: 12.0, top: 28.0, bottom: 36.0)
    private static let palette = ["#1f77b4", "#2ca02c", "#9467bd", "#17becf", "#d62728", "#ff7f0e", "#8c564b", "#e377c2"]

    /// Writes the chart as a standalone SVG file.
    package func write(to path: String) throws {
        try render().write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// The SVG document.
    package func render() -> String {
        let labels = Self.ordered(panels.flatMap { $0.series.map(\.label) })
        let columns = min(3, max(panels.count, 1))
        let legendHeight = 24.0 * Double((labels.count + 3) / 4) + 30
        let rows = (panels.count + columns - 1) / columns
        let width = Self.panelWidth * Double(columns)
        let height = legendHeight + Self.panelHeight * Double(max(rows, 1))
        let xs = panels.flatMap { $0.series.flatMap { $0.points.map { logarithmicX ? log10($0.x) : $0.x } } }
        let xRange = logarithmicX
            ? (xs.min().map { $0.rounded(.down) } ?? 0, max(xs.max().map { $0.rounded(.up) } ?? 1, (xs.min().map { $0.rounded(.down) } ?? 0) + 1))
            : (Swift.min(0, xs.min() ?? 0), Self.niceCeiling(xs.max() ?? 1))

        var svg = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
        viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="11">
        <rect width="100%" height="100%" fill="white"/>
        <text x="10" y="18" font-size="14" font-weight="bold">\(Self.escape(title))</text>

        """
        for (index, label) in labels.enumerated() {
            let x = 10 + Double(index % 4) * 200, y = 34 + Double(index / 4) * 24
            let dashed = panels.contains { $0.series.contains { $0.label == label && $0.dashed } }
            svg += "<line x1=\"\(x)\" y1=\"\(y)\" x2=\"\(x + 24)\" y2=\"\(y)\" \(Self.stroke(index, dashed: dashed))/>"
            svg += "<text x=\"\(x + 30)\" y=\"\(y + 4)\">\(Self.escape(label))</text>\n"
        }
        for (index, panel) in panels.enumerated() {
            let origin = (x: Self.panelWidth * Double(index % columns), y: legendHeight + Self.panelHeight * Double(index / columns))
            svg += panelSVG(panel, at: origin, labels: labels, xRange: xRange)
        }
        return svg + "</svg>\n"
    }

    private func panelSVG(_ panel: Panel, at origin: (x: Double, y: Double), labels: [String], xRange: (Double, Double)) -> String {
        let plot = (left: origin.x + Self.inset.left, right: origin.x + Self.panelWidth - Self.inset.right,
                    top: origin.y + Self.inset.top, bottom: origin.y + Self.panelHeight - Self.inset.bottom)
        let highest = panel.series.flatMap { $0.points.map(\.y) }.max() ?? 1
        let yMax = Self.niceCeiling(max(highest, panel.reference?.y ?? 0) * 1.05)
        func x(_ value: Double) -> Double {
            let position = logarithmicX ? log10(value) : value
            return plot.left + (position - xRange.0) / (xRange.1 - xRange.0) * (plot.right - plot.left)
        }
        func y(_ value: Double) -> Double { plot.bottom - value / yMax * (plot.bottom - plot.top) }

        let title = panel.title.count <= 46 ? panel.title : panel.title.prefix(45) + "…"
        var svg = "<g>\n<text x=\"\(origin.x + 10)\" y=\"\(origin.y + 18)\" font-weight=\"bold\">\(Self.escape(title))</text>\n"
        svg += "<rect x=\"\(plot.left)\" y=\"\(plot.top)\" width=\"\(plot.right - plot.left)\" height=\"\(plot.bottom - plot.top)\" fill=\"none\" stroke=\"#999\"/>\n"
        let ticks: [(position: Double, label: String)] = logarithmicX
            ? (Int(xRange.0)...Int(xRange.1)).map { (x(pow(10, Double($0))), "1e\($0)") }
            : (0...4).map { step in
                let value = xRange.0 + (xRange.1 - xRange.0) * Double(step) / 4
                return (x(value), Self.number(value))
            }
        for tick in ticks {
            svg += "<line x1=\"\(tick.position)\" y1=\"\(plot.top)\" x2=\"\(tick.position)\" y2=\"\(plot.bottom)\" stroke=\"#eee\"/>"
            svg += "<text x=\"\(tick.position)\" y=\"\(plot.bottom + 14)\" text-anchor=\"middle\">\(tick.label)</text>\n"
        }
        for step in 0...4 {
            let value = yMax * Double(step) / 4
            svg += "<line x1=\"\(plot.left)\" y1=\"\(y(value))\" x2=\"\(plot.right)\" y2=\"\(y(value))\" stroke=\"#eee\"/>"
            svg += "<text x=\"\(plot.left - 4)\" y=\"\(y(value) + 4)\" text-anchor=\"end\">\(Self.number(value))</text>\n"
        }
        svg += "<text x=\"\((plot.left + plot.right) / 2)\" y=\"\(plot.bottom + 28)\" text-anchor=\"middle\" fill=\"#555\">\(Self.escape(xLabel))</text>\n"
        svg += "<text x=\"\(origin.x + 14)\" y=\"\((plot.top + plot.bottom) / 2)\" text-anchor=\"middle\" fill=\"#555\" transform=\"rotate(-90 \(origin.x + 14) \((plot.top + plot.bottom) / 2))\">\(Self.escape(yLabel))</text>\n"
        if let reference = panel.reference {
            svg += "<line x1=\"\(plot.left)\" y1=\"\(y(reference.y))\" x2=\"\(plot.right)\" y2=\"\(y(reference.y))\" stroke=\"#888\" stroke-dasharray=\"2 3\"/>"
            svg += "<text x=\"\(plot.right - 2)\" y=\"\(y(reference.y) - 3)\" text-anchor=\"end\" fill=\"#888\">\(Self.escape(reference.label))</text>\n"
        }
        for series in panel.series {
            let index = labels.firstIndex(of: series.label) ?? 0
            let coordinates = series.points.sorted { $0.x < $1.x }.map { (x: x($0.x), y: y($0.y)) }
            guard !coordinates.isEmpty else { continue }
            if coordinates.count > 1 {
                let points = coordinates.map { "\($0.x),\($0.y)" }.joined(separator: " ")
                svg += "<polyline points=\"\(points)\" fill=\"none\" \(Self.stroke(index, dashed: series.dashed))/>\n"
            }
            // Dots only where there are few points: a long curve (a loss per step) is a line.
            if coordinates.count <= 40 {
                for point in coordinates {
                    svg += "<circle cx=\"\(point.x)\" cy=\"\(point.y)\" r=\"2.5\" fill=\"\(Self.palette[index % Self.palette.count])\"/>"
                }
                svg += "\n"
            }
        }
        return svg + "</g>\n"
    }

    private static func stroke(_ index: Int, dashed: Bool) -> String {
        "stroke=\"\(palette[index % palette.count])\" stroke-width=\"2\"\(dashed ? " stroke-dasharray=\"6 3\"" : "")"
    }

    /// The distinct elements of `keys` in order of first appearance (legend and panel order).
    package static func ordered(_ keys: [String]) -> [String] {
        var seen = Set<String>()
        return keys.filter { seen.insert($0).inserted }
    }

    /// The smallest 1, 2 or 5 times a power of ten at or above `value`: round axis maxima.
    private static func niceCeiling(_ value: Double) -> Double {
        let power = pow(10, log10(max(value, 1e-9)).rounded(.down))
        return [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= value } ?? 10 * power
    }

    /// A tick label: `%g` of the value to one decimal, or to three significant digits below 1.
    private static func number(_ value: Double) -> String {
        abs(value) < 1 && value != 0 ? String(format: "%.3g", value) : String(format: "%g", (value * 10).rounded() / 10)
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
