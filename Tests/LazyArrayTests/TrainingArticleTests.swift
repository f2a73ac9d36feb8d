import Charts
import Foundation
import Testing

/// docs/training.md's model trains: the run of its `training` example (the same code the page
/// shows, checked character for character by `TourTests`) reaches 97% training accuracy, and its
/// loss curve, drawn by the bench's chart code (`LineChart`), is the committed
/// docs/figures/training-loss.svg. `LAZYARRAY_UPDATE_DOCS=1 swift test --filter Training`
/// rewrites the figure after a deliberate change.
@Suite(.timeLimit(.minutes(10))) struct TrainingArticleTests {
    static let figure = DocsPage.docsFolder.appendingPathComponent("figures/training-loss.svg")

    /// `(epoch, loss, accuracy %)` of each line `epoch E loss L accuracy A%` the example printed.
    static func progress(_ text: String) -> [(epoch: Double, loss: Double, accuracy: Double)] {
        text.split(separator: "\n").compactMap { line in
            let words = line.split(separator: " ")
            guard words.count == 6, words[0] == "epoch", words[2] == "loss", words[4] == "accuracy",
                  let epoch = Double(words[1]), let loss = Double(words[3]), let accuracy = Double(words[5].dropLast()) else { return nil }
            return (epoch, loss, accuracy)
        }
    }

    /// The loss curve of a run as the figure draws it.
    static func chart(_ progress: [(epoch: Double, loss: Double, accuracy: Double)]) -> LineChart {
        let panel = LineChart.Panel(title: "2-64-2 MLP, Adam lr 0.01, batches of 32",
                                    series: [LineChart.Series(label: "mean training loss of the epoch",
                                                              points: progress.map { (x: $0.epoch, y: $0.loss) })])
        return LineChart(title: "docs/training.md: two spirals, cross-entropy", panels: [panel], xLabel: "epoch",
                         yLabel: "loss", logarithmicX: false)
    }

    @Test func modelReaches97PercentAndTheFigureIsItsCurve() throws {
        let printed = try TourExample(name: "training", body: TrainingExamples.training).run()
        let progress = Self.progress(printed)
        try #require(progress.count == 10, "expected a line every 10 epochs, got:\n\(printed)")
        #expect(progress.last!.accuracy >= 97, "final training accuracy \(progress.last!.accuracy)%")
        // The curve goes down: training, not noise around the starting loss (about log 2 = 0.69).
        #expect(progress.last!.loss < progress.first!.loss / 4, "\(progress.map(\.loss))")
        let svg = Self.chart(progress).render()
        if ProcessInfo.processInfo.environment["LAZYARRAY_UPDATE_DOCS"] == "1" {
            try svg.write(to: Self.figure, atomically: true, encoding: .utf8)
        }
        let committed = try String(contentsOf: Self.figure, encoding: .utf8)
        #expect(committed == svg, "docs/figures/training-loss.svg is not this run's curve: rerun with LAZYARRAY_UPDATE_DOCS=1")
    }
}
