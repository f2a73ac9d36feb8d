import Testing
@testable import LazyArray
import Kernels

/// Every elementwise operation (driven by `ElementwiseOp.allCases`) on every dtype against the
/// values NumPy computes (Fixtures/make_op_cases.py writes OpCases.generated.swift), evaluated
/// eagerly, fused on the block VM and fused as C; the fused results equal the eager ones bitwise.
@Suite(.timeLimit(.minutes(10))) struct ElementwiseOpTests {
    /// Transcendental results may differ from NumPy's own implementations by a few ulp (the
    /// block functions and libm / libmvec are each within 4 ulp of the correctly rounded
    /// result); everything else must match exactly.
    static let transcendentalULPs = 4.0

    static func array(_ values: OpValues, dtype: LazyArray.DType) -> NDArray {
        switch values {
        case .ints(let ints): makeArray(ints, dtype: dtype)
        case .doubles(let doubles): makeArray(doubles, dtype: dtype)
        }
    }

    static func build(_ testCase: OpCase) -> NDArray {
        let op = ElementwiseOp(rawValue: testCase.op)!
        let x = zip(testCase.inputs, testCase.dtypes).map { array($0, dtype: DType(rawValue: $1)!) }
        switch x.count {
        case 1: return NDArray.unary(op, x[0])
        case 2: return NDArray.binary(op, x[0], x[1])
        default: return NDArray.where(x[0], x[1], x[2])
        }
    }

    static func values(_ array: NDArray) -> [Double] { array.toArray(Double.self) }

    /// Checks one case on every backend against NumPy, and fused against eager.
    static func check(_ testCase: OpCase) {
        let label = "\(testCase.op) on \(testCase.dtypes)"
        guard let resultType = testCase.resultType else {
            #expect(errorMessage { _ = build(testCase) } != nil, "\(label) should be refused")
            return
        }
        let op = ElementwiseOp(rawValue: testCase.op)!
        let eager = build(testCase).evaluate(mode: .eager)
        #expect(eager.dtype.rawValue == resultType, "\(label)")
        var fused = [build(testCase).evaluate(mode: .fused, backend: .dispatch)]
        if Backend.openMP.isAvailable { fused.append(build(testCase).evaluate(mode: .fused, backend: .openMP)) }
        for (index, result) in ([eager] + fused).enumerated() {
            switch testCase.expected {
            case .ints(let ints):
                #expect(result.toArray(Int64.self) == ints, "\(label) [\(index)]")
            // The C target's vectorized loops call libmvec's pow (within 4 ulp, not glibc's
            // correctly rounded scalar pow that NumPy and the block VM call).
            case .doubles(let expected) where op.isTranscendental || (index == 2 && op == .power):
                for (got, want) in zip(values(result), expected) {
                    #expect(ulpDistance(got, want, dtype: result.dtype) <= transcendentalULPs, "\(label) [\(index)]: \(got) vs \(want)")
                }
            case .doubles(let expected):
                #expect(sameBits(values(result), expected), "\(label) [\(index)]: \(values(result)) vs \(expected)")
            }
        }
        // The block VM runs the eager evaluator's block function: bitwise equal, transcendentals too.
        #expect(sameBits(values(fused[0]), values(eager)), "\(label): fused vs eager")
    }

    @Test(arguments: ElementwiseOp.allCases)
    func operationMatchesNumPyOnEveryBackend(op: ElementwiseOp) {
        let cases = OpCases.all.filter { $0.op == op.rawValue }
        guard op.spec.numpySpelling != nil else {
            Self.checkInternal(op)
            return
        }
        // Every dtype appears among the operands' (value operands' for select) dtypes.
        let valueOperand = op == .select ? 1 : 0
        let covered = Set(cases.map { $0.dtypes[valueOperand] })
        #expect(covered == Set(DType.allCases.map(\.rawValue)), "\(op) lacks NumPy fixture data: make_op_cases.py")
        for testCase in cases { Self.check(testCase) }
    }

    /// Operands for the internal operations: special values, then values spread over many
    /// magnitudes (a fixed pseudo-random sequence, so a failure repeats).
    static let internalOperands: [Double] = {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let special: [Double] = [0, -0.0, 1, -1, 0.5, 2, .nan, .infinity, -.infinity, 1e-30, -1e30]
        let magnitudes: [Double] = [1e-3, 1e-2, 0.1, 1, 10, 100, 1000]
        return special + (0..<189).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let unit = Double(state >> 11) / Double(1 << 53)
            return (unit - 0.5) * magnitudes[Int(state % 7)]
        }
    }()

    /// An internal operation (no NumPy counterpart) against what it stands for, evaluated
    /// eagerly, on the block VM and as C, in both float dtypes: `identity` is a copy, and the
    /// backward steps equal their composites bit for bit, since they round the same operations
    /// in the same order.
    static func checkInternal(_ op: ElementwiseOp) {
        let operands = internalOperands
        for dtype in [LazyArray.DType.float32, .float64] {
            let a = makeArray(operands, dtype: dtype), b = makeArray(Array(operands.reversed()), dtype: dtype)
            let composite: NDArray
            switch op {
            case .identity: composite = a
            case .sigmoidBackward: composite = a * (b * (1 - b))
            case .tanhBackward: composite = a * (1 - b * b)
            default:
                Issue.record("\(op) is internal but has no composite to compare with")
                return
            }
            let built = { op.spec.arity == 1 ? NDArray.unary(op, a) : NDArray.binary(op, a, b) }
            let expected = values(composite.evaluate(mode: .eager))
            var results = [built().evaluate(mode: .eager), built().evaluate(mode: .fused, backend: .dispatch)]
            if Backend.openMP.isAvailable { results.append(built().evaluate(mode: .fused, backend: .openMP)) }
            for (index, result) in results.enumerated() {
                #expect(result.dtype == dtype, "\(op) on \(dtype) [\(index)]")
                #expect(sameBits(values(result), expected), "\(op) on \(dtype) [\(index)]: differs from its composite")
            }
        }
    }

    @Test func promotionTableMatchesNumPy() {
        for (pair, expected) in OpCases.promotion {
            let types = pair.split(separator: ",").map { DType(rawValue: String($0))! }
            #expect(DType.promote(types[0], types[1]).rawValue == expected, "\(pair)")
            #expect((NDArray.zeros([2], dtype: types[0]) + NDArray.zeros([2], dtype: types[1])).dtype.rawValue == expected, "\(pair)")
        }
    }

    @Test func weakScalarsFollowNEP50() {
        for dtype in DType.allCases {
            let a = NDArray.ones([2], dtype: dtype)
            #expect((a + 2).dtype.rawValue == OpCases.weakScalar["\(dtype),int"], "\(dtype) + 2")
            #expect((a * 2.5).dtype.rawValue == OpCases.weakScalar["\(dtype),float"], "\(dtype) * 2.5")
            #expect((a / 2).dtype.rawValue == OpCases.weakScalar["\(dtype),div"], "\(dtype) / 2")
            #expect((2 * a).dtype == (a * 2).dtype)
        }
        #expect((NDArray([1.5, 2.5]).astype(.float32) * 2.5).toArray(Float.self) == [3.75, 6.25])
        #expect((NDArray([1, 2, 3]) / 2).toArray(Double.self) == [0.5, 1, 1.5])
        #expect((NDArray([1, 2]) ** 0.5).dtype == .float64)
        #expect((NDArray([1, 2]).astype(.int32) ** NDArray([0.5]).astype(.float32)).dtype == .float64)
    }

    @Test func integerDivisionByZeroAndOverflowNeverTrap() {
        let a = NDArray([Int64.min, 7, -7, 5])
        #expect((a % NDArray([-1, 0, 2, -3])).toArray(Int64.self) == [0, 0, 1, -1])
        #expect((a * 2).toArray(Int64.self) == [0, 14, -14, 10])
        #expect((-a).toArray(Int64.self) == [Int64.min, -7, 7, -5])
        #expect((NDArray([2, -1, 1, 3]) ** NDArray([-1, -3, -2, 2])).toArray(Int64.self) == [0, -1, 1, 9])
        #expect(NDArray([Double.nan, 1e300, -3.7]).astype(.int32).toArray(Int32.self) == [Int32.min, Int32.min, -3])
    }

    @Test func whereSelectsAndBroadcasts() {
        let a = NDArray([[1.0, -2.0], [-3.0, 4.0]])
        #expect(NDArray.where(a .> 0, a, 0.01 * a).toArray(Double.self) == [1, -0.02, -0.03, 4])
        #expect(NDArray.where(NDArray([true, false]), NDArray([1, 2]), NDArray([[10], [20]])).toArray(Int.self) == [1, 10, 1, 20])
        #expect(NDArray.where(NDArray([true, false]), 1.0, 0.0).toArray(Double.self) == [1, 0])
        #expect(clip(NDArray([-2, 0, 5]), 0, 3).toArray(Int.self) == [0, 0, 3])
    }
}
