import Testing
@testable import LazyArray
@testable import Kernels

/// The block VM, the eager evaluator and the C target against one table of expected reduction
/// results (`ReductionExpectations`), and the table against the reductions' specification.
@Suite(.serialized, .timeLimit(.minutes(10))) struct ReductionExpectationTests {
    typealias Table = ReductionExpectations

    /// The rows of case `index`, and the reduction each row evaluates.
    /// (An empty axis for a reduction without identity is an error: its row gets nil.)
    static func reductions(caseIndex index: Int) -> [(Table.Row, NDArray?)] {
        let c = Table.cases[index]
        var inputs: [DType: NDArray] = [:]
        return Table.rows.filter { $0.caseIndex == index }.map { row in
            if case .noIdentity = row.fused { return (row, nil) }
            let x = inputs[row.dtype] ?? Table.input(c, row.dtype)
            inputs[row.dtype] = x
            return (row, x.reduce(row.op, axes: c.axes, keepdims: false))
        }
    }

    /// Evaluates every reduction of case `index` that has a result on `backend` (together, as
    /// one graph: reductions over the same input and axes share kernels, as in use) and checks
    /// each against its row: `fused` for the fused paths, `eager` (or `fused`) for eager.
    static func check(caseIndex index: Int, mode: EvaluationMode, backend: Backend) {
        let c = Table.cases[index]
        let reductions = reductions(caseIndex: index)
        NDArray.evaluate(reductions.compactMap(\.1), mode: mode, backend: backend)
        for (row, result) in reductions {
            let label = "\(row.op) of \(c.name) as \(row.dtype), \(mode) on \(backend)"
            guard let result else {
                let message = errorMessage { _ = Table.input(c, row.dtype).reduce(row.op, axes: c.axes, keepdims: false) }
                #expect(message?.contains("which has no identity") == true, "\(label): \(message ?? "no error")")
                continue
            }
            #expect(result.dtype == row.result, "\(label): dtype \(result.dtype)")
            let expected = mode == .eager ? row.eager ?? row.fused : row.fused
            let bits = Table.bits(result)
            if let mismatch = Table.mismatch(bits, expected, dtype: row.result) {
                Issue.record("\(label): \(mismatch)")
            }
            if let numpy = row.numpy, let tolerance = row.tolerance {
                let values = result.toArray(Double.self)
                for (k, (value, reference)) in zip(values, numpy).enumerated() {
                    let close = value.isNaN && reference.isNaN || value == reference || Swift.abs(value - reference) <= tolerance[k]
                    #expect(close, "\(label): \(value) is not within \(tolerance[k]) of NumPy's \(reference)")
                }
            }
        }
    }

    @Test(arguments: ReductionExpectations.cases.indices)
    func blockVMGivesTheTablesBits(caseIndex: Int) {
        Self.check(caseIndex: caseIndex, mode: .fused, backend: .dispatch)
    }

    @Test(arguments: ReductionExpectations.cases.indices)
    func eagerGivesTheTablesBits(caseIndex: Int) {
        Self.check(caseIndex: caseIndex, mode: .eager, backend: .dispatch)
    }

    /// The C target: every reduction compiled (no fallback to the VM), the table's bits.
    @Test(.enabled(if: openMPAvailable, skipComment), arguments: ReductionExpectations.cases.indices)
    func cTargetGivesTheTablesBits(caseIndex: Int) {
        OpenMPReductionTests.allInC { Self.check(caseIndex: caseIndex, mode: .fused, backend: .openMP) }
    }

    /// The table covers every reduction on every input dtype, and its result dtypes (NumPy's)
    /// are the specification's: a new `ReduceOp` without rows fails here.
    @Test func tableCoversEveryReductionAndDtypeAsSpecified() {
        for op in ReduceOp.allCases {
            let specification = op.specification
            for dtype in DType.allCases {
                let rows = Table.rows.filter { $0.op == op && $0.dtype == dtype }
                #expect(rows.count == Table.cases.count, "\(op) on \(dtype): \(rows.count) rows")
                let register = specification.registerType(for: dtype)
                #expect(specification.algorithm(register) != nil, "\(op) has a fold for its \(register) register")
                // float16 and bfloat16 reduce in float32 and round a float result back.
                let registerResult = specification.resultType(register: register)
                let result = dtype.isHalfPrecision && registerResult == .float32 ? dtype : registerResult
                #expect(rows.allSatisfy { $0.result == result }, "\(op) on \(dtype)")
            }
        }
    }

    /// The specification's identities are the results of empty reductions, and only
    /// reductions without one refuse an empty axis.
    @Test func identitiesAreTheEmptyResults() {
        let empty = NDArray([Double]())
        for op in ReduceOp.allCases {
            let identity: Double
            switch op.specification.identity {
            case .none:
                #expect(errorMessage { _ = empty.reduce(op, axes: nil, keepdims: false) } != nil, "\(op)")
                continue
            case .zero, .falseValue: identity = 0
            case .one, .trueValue: identity = 1
            case .negativeInfinity: identity = -.infinity
            }
            for mode in allModes {
                #expect(empty.reduce(op, axes: nil, keepdims: false).evaluate(mode: mode).item(Double.self) == identity, "\(op) \(mode)")
            }
        }
    }
}
