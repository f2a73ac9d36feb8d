import Foundation
import Testing

/// Checks the test sources themselves: every suite carries a time limit, so that a hang fails
/// its suite instead of holding CI for its whole budget, and every file of tests declares a
/// suite (a free `@Test` would escape the limit). A limit counts the time a test waits for a
/// thread too: on 2 cores a one-second test here once waited 158 s behind the long suites, so
/// the limits are minutes (10 unless a suite says otherwise), far above any suite's run but far
/// below CI's budget.
@Suite(.timeLimit(.minutes(10)))
struct SuiteHygieneTests {
    /// Tests/, two folders above this file.
    static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()

    /// Every Swift file under Tests/ with its text.
    static func sources() throws -> [(name: String, text: String)] {
        let files = FileManager.default.enumerator(atPath: testsFolder.path)?.compactMap { $0 as? String } ?? []
        return try files.filter { $0.hasSuffix(".swift") }.sorted().map {
            ($0, try String(contentsOf: testsFolder.appendingPathComponent($0), encoding: .utf8))
        }
    }

    @Test func everySuiteHasATimeLimit() throws {
        let sources = try Self.sources()
        #expect(sources.count > 50, "found only \(sources.count) test files under \(Self.testsFolder.path)")
        var suites = 0
        for (name, text) in sources {
            for line in text.split(separator: "\n") where line.trimmingCharacters(in: .whitespaces).hasPrefix("@Suite") {
                suites += 1
                #expect(line.contains(".timeLimit("), "\(name): \(line)")
            }
            if text.contains("@Test") { #expect(text.contains("@Suite"), "\(name) has tests outside a @Suite") }
        }
        #expect(suites > 50)
    }
}
