import Foundation
import Testing
import LazyArray

/// NumPy's answers for the NaN reductions, `nanToNum`, `isclose`/`allclose`/`arrayEqual`,
/// `average`, `cov`, `corrcoef` and `diff`: `Fixtures/make_statistics_reference.py` wrote the
/// inputs, results and per-element tolerances into `Fixtures/numpy/statistics.npz` (each op
/// class's tolerance and its justification are in that script's header), and the expression of
/// each case into `StatisticsReferenceCases.generated.swift`. Every case runs eager, fused on
/// the block VM and fused on the OpenMP C target, so the three agree within NumPy's tolerance
/// on every case (bitwise where it is 0).
enum StatisticsReference {
    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/numpy/statistics.npz").path

    /// The archive, read once with the library's own npz reader.
    static let archive = Result { try NDArray.loadArchive(path) }

    /// Evaluates case `index` in `mode` on `backend` and checks it against NumPy.
    static func check(index: Int, mode: EvaluationMode, backend: Backend) throws {
        let arrays = try archive.get()
        let c = cases[index]
        let inputs = try c.inputs.map { name in try #require(arrays[name], "input \(name) of \(c.name)") }
        let result = try c.build(inputs).evaluate(mode: mode, backend: backend)
        if let mismatch = NumPyReference.mismatch(result, index: index, in: arrays) {
            Issue.record("\(c.name), \(mode) on \(backend): \(mismatch)")
        }
    }
}

@Suite(.timeLimit(.minutes(10)))
struct StatisticsReferenceTests {
    @Test func archiveHoldsEveryCase() throws {
        let arrays = try StatisticsReference.archive.get()
        #expect(StatisticsReference.cases.count > 4000)
        for (index, c) in StatisticsReference.cases.enumerated() {
            #expect(c.inputs.allSatisfy { arrays[$0] != nil } && arrays["\(index)_out"] != nil && arrays["\(index)_tol"] != nil, "\(c.name)")
        }
    }

    // One test looping over the cases, not one test case per case: Swift Testing's bookkeeping
    // per test case grows with the cases already run, and tens of thousands of them across the
    // suites took the whole run from 8 to over 30 minutes. A mismatch names its case.
    @Test func eagerMatchesNumPy() throws {
        for index in StatisticsReference.cases.indices { try StatisticsReference.check(index: index, mode: .eager, backend: .dispatch) }
    }

    @Test func fusedMatchesNumPy() throws {
        for index in StatisticsReference.cases.indices { try StatisticsReference.check(index: index, mode: .fused, backend: .dispatch) }
    }

    /// The C target on every other case (each new plan is a compile: all 10841 took five
    /// minutes), a spread over every function and dtype since the generator lists them
    /// function by function, dtype by dtype.
    @Test(.enabled(if: openMPAvailable, skipComment))
    func openMPMatchesNumPy() throws {
        for index in stride(from: 0, to: StatisticsReference.cases.count, by: 2) {
            try StatisticsReference.check(index: index, mode: .fused, backend: .openMP)
        }
    }
}
