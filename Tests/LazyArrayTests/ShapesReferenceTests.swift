import Foundation
import Testing
import LazyArray

/// NumPy's answers for the shape functions and contractions: `Fixtures/make_shapes_reference.py`
/// wrote the inputs, results and per-element tolerances (justified in that script's header) into
/// `Fixtures/numpy/shapes.npz`, and each case's expression into
/// `ShapesReferenceCases.generated.swift`. Checked with `NumPyReference.mismatch`.
enum ShapesReference {
    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/numpy/shapes.npz").path

    /// The archive, read once with the library's own npz reader.
    static let archive = Result { try NDArray.loadArchive(path) }

    /// Evaluates case `index` in `mode` on `backend` and checks it against NumPy.
    static func check(index: Int, mode: EvaluationMode, backend: Backend) throws {
        try NumPyReference.check(cases[index], index: index, in: try archive.get(), mode: mode, backend: backend)
    }
}

@Suite(.timeLimit(.minutes(10)))
struct ShapesReferenceTests {
    @Test func archiveHoldsEveryCase() throws {
        let arrays = try ShapesReference.archive.get()
        #expect(ShapesReference.cases.count > 2000)
        for (index, c) in ShapesReference.cases.enumerated() {
            #expect(c.inputs.allSatisfy { arrays[$0] != nil } && arrays["\(index)_out"] != nil && arrays["\(index)_tol"] != nil, "\(c.name)")
        }
    }

    @Test func eagerMatchesNumPy() throws {
        for index in ShapesReference.cases.indices { try ShapesReference.check(index: index, mode: .eager, backend: .dispatch) }
    }

    @Test func fusedMatchesNumPy() throws {
        for index in ShapesReference.cases.indices { try ShapesReference.check(index: index, mode: .fused, backend: .dispatch) }
    }

    /// The C target on every tenth case (each new plan is a compile), a spread over every
    /// function and dtype since the generator lists them function by function, dtype by dtype.
    @Test(.enabled(if: openMPAvailable, skipComment))
    func openMPMatchesNumPy() throws {
        for index in stride(from: 0, to: ShapesReference.cases.count, by: 10) {
            try ShapesReference.check(index: index, mode: .fused, backend: .openMP)
        }
    }
}
