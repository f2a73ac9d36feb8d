import Foundation
import Testing
import LazyArray

/// NumPy's answers for sorting, searching, counting and quantiles:
/// `Fixtures/make_sorting_reference.py` wrote the inputs, results and tolerances (all 0; why
/// in that script's header) into `Fixtures/numpy/sorting.npz`, and each case's expression,
/// which returns its results in NumPy's order, into `SortingReferenceCases.generated.swift`.
enum SortingReference {
    struct Case: Sendable {
        let name: String
        let inputs: [String]
        let outputs: Int
        let build: @Sendable ([NDArray]) throws -> [NDArray]
    }

    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/numpy/sorting.npz").path

    /// The archive, read once with the library's own npz reader.
    static let archive = Result { try NDArray.loadArchive(path) }

    /// Why `results` differ from case `index`'s, or nil: `NumPyReference.mismatch`'s element
    /// check, and the sign of every zero (-0.0 is not 0.0: a stable sort keeps their order).
    static func mismatch(_ results: [NDArray], index: Int, in arrays: [String: NDArray]) -> String? {
        guard results.count == cases[index].outputs else { return "\(results.count) results, NumPy has \(cases[index].outputs)" }
        for (j, result) in results.enumerated() {
            guard let expected = arrays["\(index)_out_\(j)"], let tolerance = arrays["\(index)_tol_\(j)"] else { return "no result \(j)" }
            if let problem = NumPyReference.mismatch(result, index: 0, in: ["0_out": expected, "0_tol": tolerance]) {
                return "result \(j): \(problem)"
            }
            if expected.dtype.isFloatingPoint {
                let a = result.toArray(Double.self), b = expected.toArray(Double.self)
                if let i = a.indices.first(where: { a[$0] == 0 && a[$0].sign != b[$0].sign }) {
                    return "result \(j) at \(i): \(a[i]), NumPy \(b[i])"
                }
            }
        }
        return nil
    }

    /// Runs case `index` with `threads` threads and checks it against NumPy.
    static func check(index: Int, threads: Int) throws {
        let arrays = try archive.get()
        let c = cases[index]
        let inputs = try c.inputs.map { name in try #require(arrays[name], "input \(name) of \(c.name)") }
        let results = try NDArray.withThreadCount(threads) { try c.build(inputs).map { $0.evaluate() } }
        if let mismatch = mismatch(results, index: index, in: arrays) {
            Issue.record("\(c.name), \(threads) thread(s): \(mismatch)")
        }
    }
}

@Suite(.timeLimit(.minutes(10)))
struct SortingReferenceTests {
    @Test func archiveHoldsEveryCase() throws {
        let arrays = try SortingReference.archive.get()
        #expect(SortingReference.cases.count > 3300)
        for (index, c) in SortingReference.cases.enumerated() {
            #expect(c.inputs.allSatisfy { arrays[$0] != nil } && (0..<c.outputs).allSatisfy { arrays["\(index)_out_\($0)"] != nil }, "\(c.name)")
        }
    }

    /// Every function has cases of every dtype it accepts (case names start `<function> <dtype>[`).
    @Test func everyFunctionCoversEveryDTypeItAccepts() {
        let integers = ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"]
        let numbers = integers + ["float16", "bfloat16", "float32", "float64"]
        let accepted: [(String, [String])] = [
            ("sort", ["bool"] + numbers), ("argsort", ["bool"] + numbers), ("unique", ["bool"] + numbers),
            ("searchsorted", ["bool"] + numbers), ("nonzero", ["bool"] + numbers), ("argwhere", ["bool"] + numbers),
            ("median", ["bool"] + numbers), ("quantile", numbers), ("percentile", numbers), ("histogram", numbers),
            ("bincount", ["bool"] + integers),
        ]
        for (function, dtypes) in accepted {
            for dtype in dtypes {
                #expect(SortingReference.cases.contains { $0.name.hasPrefix("\(function) \(dtype)[") }, "no \(function) case of \(dtype)")
            }
        }
    }

    // One test looping over the cases, not one test case per case: Swift Testing's bookkeeping
    // per test case grows with the cases already run, and tens of thousands of them across the
    // suites took the whole run from 8 to over 30 minutes. A mismatch names its case.
    @Test func matchesNumPyOnOneThread() throws {
        for index in SortingReference.cases.indices { try SortingReference.check(index: index, threads: 1) }
    }

    @Test func matchesNumPyOnTwoThreads() throws {
        for index in SortingReference.cases.indices { try SortingReference.check(index: index, threads: 2) }
    }
}
