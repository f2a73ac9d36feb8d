// How the documentation's examples are kept honest
// ================================================
//
// Every Swift snippet in docs/tour.md, docs/laziness.md and docs/training.md is a
// function in TourExamples.swift (TrainingExamples.swift for training.md), the single source of truth. A snippet is written as plain
// Swift that calls `print`: the function's parameter is named `print`, a `TourPrinter` that
// shadows Swift's `print` and appends the printed text to a buffer, so the body reads exactly
// like a program a reader would run.
//
// In a docs page a snippet appears as
//
//     <!-- example: arrays -->
//     ```swift
//     ...the body of TourExamples.arrays, dedented...
//     ```
//     ```text
//     ...exactly what it prints...
//     ```
//
// `TourTests` runs every example and checks, for each marker, that the ```swift block is the
// function's body character for character and that the ```text block is its printed output.
// It also checks that every example is shown in the docs exactly once, that every marker names
// an example, and that docs/tour.md and docs/laziness.md have no unmarked ```swift block. Change an example or the
// library's output and the test fails until the page agrees.
//
// To bring the pages up to date after editing TourExamples.swift, run
//
//     LAZYARRAY_UPDATE_DOCS=1 swift test --filter Tour
//
// which rewrites the two blocks after each marker from the examples (then review the diff).

import Foundation
import Testing

/// Stands in for Swift's `print` inside the examples: same call shape, output into `text`.
final class TourPrinter {
    private(set) var text = ""

    func callAsFunction(_ items: Any..., separator: String = " ", terminator: String = "\n") {
        text += items.map { String(describing: $0) }.joined(separator: separator) + terminator
    }
}

/// One example: its name (the function's name and the docs marker) and its body.
struct TourExample {
    let name: String
    let body: (TourPrinter) throws -> Void

    /// What the example prints.
    func run() throws -> String {
        let printer = TourPrinter()
        try body(printer)
        return printer.text
    }
}

/// The snippets as they appear in the source: function name → dedented body.
enum TourSource {
    static let examplesFiles = ["TourExamples.swift", "TrainingExamples.swift"].map {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent($0)
    }

    static func snippets() throws -> [String: String] {
        let lines = try examplesFiles.flatMap { try String(contentsOf: $0, encoding: .utf8).components(separatedBy: "\n") }
        var result: [String: String] = [:]
        var index = 0
        while index < lines.count {
            let line = lines[index]
            guard let name = functionName(line) else { index += 1; continue }
            let indent = String(line.prefix { $0 == " " })
            var body: [String] = []
            index += 1
            while index < lines.count && lines[index] != indent + "}" {
                body.append(lines[index])
                index += 1
            }
            result[name] = dedent(body).joined(separator: "\n")
            index += 1
        }
        return result
    }

    /// `NAME` from a line `    static func NAME(print: TourPrinter) throws {`.
    static func functionName(_ line: String) -> String? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        let prefix = "static func ", suffix = "(print: TourPrinter) throws {"
        guard trimmed.hasPrefix(prefix), trimmed.hasSuffix(suffix) else { return nil }
        return String(trimmed.dropFirst(prefix.count).dropLast(suffix.count))
    }

    static func dedent(_ lines: [String]) -> [String] {
        let indents = lines.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map { $0.prefix { $0 == " " }.count }
        let common = indents.min() ?? 0
        return lines.map { $0.trimmingCharacters(in: .whitespaces).isEmpty ? "" : String($0.dropFirst(common)) }
    }
}

/// A docs page and its marked snippets.
struct DocsPage {
    static let docsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("docs")

    /// The pages whose snippets are checked; on `strict` pages every ```swift block must be marked.
    static let checked: [(file: String, strict: Bool)] = [("tour.md", true), ("laziness.md", true), ("training.md", true)]

    struct Snippet { let name: String; let code: String?; let output: String? }

    let file: String
    let url: URL
    var lines: [String]

    init(_ file: String) throws {
        self.file = file
        url = DocsPage.docsFolder.appendingPathComponent(file)
        lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
    }

    static func marker(_ line: String) -> String? {
        let prefix = "<!-- example: ", suffix = " -->"
        guard line.hasPrefix(prefix), line.hasSuffix(suffix) else { return nil }
        return String(line.dropFirst(prefix.count).dropLast(suffix.count))
    }

    /// The fenced block of `language` starting at `start` (blank lines skipped): its text and the
    /// line after its closing fence.
    func block(_ language: String, at start: Int) -> (text: String, end: Int)? {
        var index = start
        while index < lines.count && lines[index].isEmpty { index += 1 }
        guard index < lines.count, lines[index] == "```" + language else { return nil }
        var body: [String] = []
        index += 1
        while index < lines.count && lines[index] != "```" {
            body.append(lines[index])
            index += 1
        }
        guard index < lines.count else { return nil }
        return (body.joined(separator: "\n"), index + 1)
    }

    var snippets: [Snippet] {
        lines.indices.compactMap { index in
            guard let name = DocsPage.marker(lines[index]) else { return nil }
            let code = block("swift", at: index + 1)
            let output = code.flatMap { block("text", at: $0.end) }
            return Snippet(name: name, code: code?.text, output: output?.text)
        }
    }

    /// Line numbers (1-based) of ```swift blocks without a marker on the line before.
    var unmarkedSwiftBlocks: [Int] {
        lines.indices.filter { lines[$0] == "```swift" && ($0 == 0 || DocsPage.marker(lines[$0 - 1]) == nil) }.map { $0 + 1 }
    }

    /// Replaces the blocks after each marker with `code` and `output` of its example.
    mutating func update(code: [String: String], output: [String: String]) {
        var result: [String] = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            result.append(line)
            index += 1
            guard let name = DocsPage.marker(line), let snippet = code[name], let printed = output[name] else { continue }
            if let old = block("swift", at: index) {
                index = old.end
                if let oldOutput = block("text", at: index) { index = oldOutput.end }
            }
            result += ["```swift"] + snippet.components(separatedBy: "\n") + ["```", "```text"]
                + printed.components(separatedBy: "\n") + ["```"]
        }
        lines = result
    }

    func write() throws {
        try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
    }
}

@Suite(.timeLimit(.minutes(10))) struct TourTests {
    /// Every example runs, and the docs show its code and exactly its output.
    @Test func docsShowTheTestedExamples() throws {
        let sources = try TourSource.snippets()
        var outputs: [String: String] = [:]
        for example in TourExamples.all + TrainingExamples.all {
            var text = try example.run()
            if text.hasSuffix("\n") { text.removeLast() }
            outputs[example.name] = text
        }
        let registered = Set((TourExamples.all + TrainingExamples.all).map(\.name))
        #expect(registered.count == TourExamples.all.count + TrainingExamples.all.count, "an example is registered twice in TourExamples.all")
        #expect(Set(sources.keys) == registered,
                "TourExamples.all and the functions in TourExamples.swift differ: \(Set(sources.keys).symmetricDifference(registered).sorted())")

        if ProcessInfo.processInfo.environment["LAZYARRAY_UPDATE_DOCS"] == "1" {
            for (file, _) in DocsPage.checked {
                var page = try DocsPage(file)
                page.update(code: sources, output: outputs)
                try page.write()
            }
        }

        var shown: [String: Int] = [:]
        for (file, strict) in DocsPage.checked {
            let page = try DocsPage(file)
            if strict {
                #expect(page.unmarkedSwiftBlocks.isEmpty, "\(file): ```swift blocks without an example marker at lines \(page.unmarkedSwiftBlocks)")
            }
            for snippet in page.snippets {
                shown[snippet.name, default: 0] += 1
                guard let code = sources[snippet.name], let output = outputs[snippet.name] else {
                    Issue.record("\(file): marker '\(snippet.name)' names no example in TourExamples.swift")
                    continue
                }
                #expect(snippet.code == code, "\(file), example '\(snippet.name)': the ```swift block differs from TourExamples.\(snippet.name)")
                #expect(snippet.output == output, "\(file), example '\(snippet.name)': the ```text block differs from what the example prints")
            }
        }
        for name in registered.sorted() where shown[name] != 1 {
            Issue.record("example '\(name)' is shown \(shown[name] ?? 0) times in the docs; it should be shown once")
        }
    }

    /// The extraction itself: a body is found, dedented, and blank lines survive.
    @Test func extractionOfAFunctionBody() {
        #expect(TourSource.functionName("    static func arrays(print: TourPrinter) throws {") == "arrays")
        #expect(TourSource.functionName("    static func helper() {") == nil)
        #expect(TourSource.dedent(["        let a = 1", "", "            b", "        print(a)"]) == ["let a = 1", "", "    b", "print(a)"])
        #expect(DocsPage.marker("<!-- example: masks -->") == "masks")
    }

    /// The printer formats like Swift's `print`.
    @Test func printerMatchesSwiftPrint() {
        let printer = TourPrinter()
        printer([1, 2], "a", 3.5)
        printer("x", "y", separator: ", ", terminator: "!")
        #expect(printer.text == "[1, 2] a 3.5\nx, y!")
    }
}
