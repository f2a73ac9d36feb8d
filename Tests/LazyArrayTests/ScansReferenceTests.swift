import Foundation
import Testing
import LazyArray

/// NumPy's answers for `cumsum` and `cumprod`: `Fixtures/make_scans_reference.py` wrote the
/// inputs, results and per-element tolerances (justified in that script's header: exact for
/// integers, bools and quarter-integer sums, `n·eps·Σ|x|` for sums and `n·eps·|Π x|` for products
/// of normal floats) into `Fixtures/numpy/scans.npz`, and each case's expression into
/// `ScansReferenceCases.generated.swift`. Checked with `NumPyReference.check` (its `mismatch`).
/// float16 and bfloat16 scans are NumPy's float32 scan rounded once to the type (LazyArray's rule).
enum ScansReference {
    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/numpy/scans.npz").path

    /// The archive, read once with the library's own npz reader.
    static let archive = Result { try NDArray.loadArchive(path) }

    /// Evaluates case `index` in `mode` on `backend` and checks it against NumPy.
    static func check(index: Int, mode: EvaluationMode, backend: Backend) throws {
        try NumPyReference.check(cases[index], index: index, in: try archive.get(), mode: mode, backend: backend)
    }
}

@Suite(.timeLimit(.minutes(10)))
struct ScansReferenceTests {
    @Test func archiveHoldsEveryCase() throws {
        let arrays = try ScansReference.archive.get()
        #expect(ScansReference.cases.count > 2000)
        for (index, c) in ScansReference.cases.enumerated() {
            #expect(c.inputs.allSatisfy { arrays[$0] != nil } && arrays["\(index)_out"] != nil && arrays["\(index)_tol"] != nil, "\(c.name)")
        }
    }

    /// cumsum and cumprod have cases of every dtype (case names start `<function> <dtype>[`).
    @Test func everyDTypeIsCovered() {
        for function in ["cumsum", "cumprod"] {
            for dtype in ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "float16", "bfloat16", "float32", "float64"] {
                #expect(ScansReference.cases.contains { $0.name.hasPrefix("\(function) \(dtype)[") }, "no \(function) case of \(dtype)")
            }
        }
    }

    @Test func eagerMatchesNumPy() throws {
        for index in ScansReference.cases.indices { try ScansReference.check(index: index, mode: .eager, backend: .dispatch) }
    }

    @Test func fusedMatchesNumPy() throws {
        for index in ScansReference.cases.indices { try ScansReference.check(index: index, mode: .fused, backend: .dispatch) }
    }

    /// The C target: a scan runs the same Swift kernel there (its producers on the block VM), so
    /// only the kernels around it (a transposed expression flattened first) are compiled.
    @Test(.enabled(if: openMPAvailable, skipComment))
    func openMPMatchesNumPy() throws {
        for index in ScansReference.cases.indices {
            try ScansReference.check(index: index, mode: .fused, backend: .openMP)
        }
    }
}
