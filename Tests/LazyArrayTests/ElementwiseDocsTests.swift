import Foundation
import Testing
import Kernels

/// The elementwise rows of docs/numpy.md are generated from the table
/// (`ElementwiseOp.spec`): this test regenerates them and compares, so a new operation's row
/// cannot be forgotten. `LAZYARRAY_UPDATE_DOCS=1 swift test --filter ElementwiseDocs` rewrites
/// the rows.
@Suite(.timeLimit(.minutes(10))) struct ElementwiseDocsTests {
    static let begin = "<!-- elementwise rows: generated from ElementwiseOp+Specification.swift by ElementwiseDocsTests -->"
    static let end = "<!-- end of the generated elementwise rows -->"

    /// What the dtype rule says, in words.
    static func dtypes(_ spec: ElementwiseOpSpecification) -> String {
        switch spec.dtypeRule {
        case .sameType(.runs(let op)) where op == .identity: "same dtype; bool unchanged"
        case .sameType(.runs(let op)): "same dtype; on bool `\(op.spec.numpyName)`"
        case .sameType(.promotes(let type)): "same dtype; bool computes in \(type)"
        case .sameType(.refused): "same dtype; refused on bool"
        case .floating(let boolType): "float: 32- and 64-bit integers give float64, bool and 8- and 16-bit integers \(boolType)"
        case .integerOrBool: "bool and integers only"
        case .comparison: "bool, compared in the promoted dtype"
        case .predicate: "bool, from any dtype"
        case .select: "the promoted dtype of `a`, `b`"
        }
    }

    static var rows: [String] {
        ["| NumPy | LazyArray | result dtype, notes |", "| --- | --- | --- |"]
            + ElementwiseOp.allCases.compactMap { op in
                let spec = op.spec
                guard let numpy = spec.numpySpelling, let swift = spec.swiftSpelling else { return nil }
                let scalars = spec.arity == 2 ? " (a Swift number on either side)" : ""
                let notes = [dtypes(spec), spec.domain].filter { !$0.isEmpty }.joined(separator: "; ")
                return "| `\(numpy)` | `\(swift)`\(scalars) | \(notes.replacingOccurrences(of: "|", with: "\\|")) |"
            }
    }

    @Test func numpyPageShowsEveryOperation() throws {
        let url = DocsPage.docsFolder.appendingPathComponent("numpy.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        var lines = text.components(separatedBy: "\n")
        let first = try #require(lines.firstIndex(of: Self.begin), "numpy.md lacks the marker \(Self.begin)")
        let last = try #require(lines.firstIndex(of: Self.end), "numpy.md lacks the marker \(Self.end)")
        let generated = Self.rows
        if ProcessInfo.processInfo.environment["LAZYARRAY_UPDATE_DOCS"] == "1" {
            lines.replaceSubrange((first + 1)..<last, with: generated)
            try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
            return
        }
        #expect(Array(lines[(first + 1)..<last]) == generated,
                "docs/numpy.md's elementwise rows differ from the table: LAZYARRAY_UPDATE_DOCS=1 swift test --filter ElementwiseDocs")
    }
}
