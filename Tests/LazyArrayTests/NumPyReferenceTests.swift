import Foundation
import Testing
import LazyArray

/// NumPy's answers as an arithmetic reference independent of the engine's scalar definitions:
/// `Fixtures/make_numpy_reference.py` wrote the inputs, results and per-element tolerances into
/// `Fixtures/numpy/reference.npz` (the tolerance of each op class and its justification are in
/// that script's header), and the expression of each case into
/// `NumPyReferenceCases.generated.swift`.
enum NumPyReference {
    struct Case: Sendable {
        let name: String
        let inputs: [String]
        let build: @Sendable ([NDArray]) throws -> NDArray
    }

    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/numpy/reference.npz").path

    /// The archive, read once with the library's own npz reader.
    static let archive = Result { try NDArray.loadArchive(path) }

    /// Why `result` differs from case `index`'s expected value, or nil when it is within the
    /// case's tolerance (0: bitwise, NaN equal to NaN, -0 distinct from 0; integers and bools
    /// compared exactly as Int64).
    static func mismatch(_ result: NDArray, index: Int, in arrays: [String: NDArray]) -> String? {
        guard let expected = arrays["\(index)_out"], let tolerance = arrays["\(index)_tol"] else { return "no expected arrays" }
        guard result.shape == expected.shape, result.dtype == expected.dtype else {
            return "result is \(result.shape) \(result.dtype), NumPy's \(expected.shape) \(expected.dtype)"
        }
        if !expected.dtype.isFloatingPoint {
            let a = result.toArray(Int64.self), b = expected.toArray(Int64.self)
            return a.indices.first { a[$0] != b[$0] }.map { "at \($0): \(a[$0]), NumPy \(b[$0])" }
        }
        let a = result.toArray(Double.self), b = expected.toArray(Double.self), bound = tolerance.toArray(Double.self)
        for i in a.indices where !(a[i].bitPattern == b[i].bitPattern || a[i].isNaN && b[i].isNaN) {
            if !(Swift.abs(a[i] - b[i]) <= bound[i]) { return "at \(i): \(a[i]), NumPy \(b[i]) (tolerance \(bound[i]))" }
        }
        return nil
    }

    /// Evaluates case `index` in `mode` on `backend` and checks it against NumPy.
    static func check(index: Int, mode: EvaluationMode, backend: Backend) throws {
        try check(cases[index], index: index, in: try archive.get(), mode: mode, backend: backend)
    }

    /// Evaluates `c`, case `index` of the archive `arrays`, in `mode` on `backend` and checks it
    /// against NumPy's answer there.
    static func check(_ c: Case, index: Int, in arrays: [String: NDArray], mode: EvaluationMode, backend: Backend) throws {
        let inputs = try c.inputs.map { name in try #require(arrays[name], "input \(name) of \(c.name)") }
        let result = try c.build(inputs).evaluate(mode: mode, backend: backend)
        if let mismatch = mismatch(result, index: index, in: arrays) {
            Issue.record("\(c.name), \(mode) on \(backend): \(mismatch)")
        }
    }
}

@Suite(.timeLimit(.minutes(10)))
struct NumPyReferenceTests {
    @Test func archiveHoldsEveryCase() throws {
        let arrays = try NumPyReference.archive.get()
        #expect(NumPyReference.cases.count > 800)
        for (index, c) in NumPyReference.cases.enumerated() {
            #expect(c.inputs.allSatisfy { arrays[$0] != nil } && arrays["\(index)_out"] != nil && arrays["\(index)_tol"] != nil, "\(c.name)")
        }
    }

    @Test(arguments: NumPyReference.cases.indices)
    func eagerMatchesNumPy(index: Int) throws {
        try NumPyReference.check(index: index, mode: .eager, backend: .dispatch)
    }

    @Test(arguments: NumPyReference.cases.indices)
    func fusedMatchesNumPy(index: Int) throws {
        try NumPyReference.check(index: index, mode: .fused, backend: .dispatch)
    }

    /// The API.md scalar forms on the C target too, where a scalar operand is rendered as a
    /// literal on its side of the operator (the other cases' operations are the ones
    /// `ElementwiseOpTests` and `DifferentialTests` run there).
    @Test(.enabled(if: openMPAvailable, skipComment), arguments: NumPyReference.cases.indices.filter { NumPyReference.cases[$0].name.hasPrefix("api ") })
    func openMPMatchesNumPyOnTheAPIForms(index: Int) throws {
        try NumPyReference.check(index: index, mode: .fused, backend: .openMP)
    }
}
