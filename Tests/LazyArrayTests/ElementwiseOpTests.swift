import Testing
@testable import LazyArray
import Kernels

/// Every elementwise operation on every dtype against the values NumPy computes
/// (Fixtures/make_op_cases.py writes OpCases.generated.swift).
@Suite struct ElementwiseOpTests {
    static func input(_ name: String, _ dtype: DType) -> NDArray {
        switch (name, dtype) {
        case ("a", .int32): makeArray(OpCases.a_int32, dtype: .int32)
        case ("a", .int64): makeArray(OpCases.a_int64, dtype: .int64)
        case ("b", .int32): makeArray(OpCases.b_int32, dtype: .int32)
        case ("b", .int64): makeArray(OpCases.b_int64, dtype: .int64)
        case ("a", .bool): makeArray(OpCases.a_bool, dtype: .bool)
        case ("b", .bool): makeArray(OpCases.b_bool, dtype: .bool)
        case ("a", .float32): makeArray(OpCases.a_float32, dtype: .float32)
        case ("b", .float32): makeArray(OpCases.b_float32, dtype: .float32)
        case ("a", _): makeArray(OpCases.a_float64, dtype: .float64)
        default: makeArray(OpCases.b_float64, dtype: .float64)
        }
    }

    static func binary(_ op: String, _ a: NDArray, _ b: NDArray) -> NDArray {
        switch op {
        case "+": a + b
        case "-": a - b
        case "*": a * b
        case "/": a / b
        case "%": a % b
        case "**": a ** b
        case "maximum": maximum(a, b)
        case "minimum": minimum(a, b)
        case "&": a & b
        case "|": a | b
        case "^": a ^ b
        case ".==": a .== b
        case ".!=": a .!= b
        case ".<": a .< b
        case ".<=": a .<= b
        case ".>": a .> b
        default: a .>= b
        }
    }

    static func unary(_ op: String, _ a: NDArray) -> NDArray {
        switch op {
        case "negate": -a
        case "abs": abs(a)
        case "square": square(a)
        case "floor": floor(a)
        case "ceil": ceil(a)
        case "relu": relu(a)
        case "invert": ~a
        case "sqrt": sqrt(a)
        case "exp": exp(a)
        case "log": log(a)
        case "sin": sin(a)
        case "cos": cos(a)
        case "tan": tan(a)
        case "tanh": tanh(a)
        default: sigmoid(a)
        }
    }

    /// Transcendental results may differ from NumPy's own SIMD implementations by a few ulp;
    /// everything else must match exactly.
    static let transcendentalULPs = 4.0

    static func check(_ testCase: OpCase, _ result: () -> NDArray, mode: EvaluationMode) {
        guard let resultType = testCase.resultType else {
            #expect(errorMessage { _ = result() } != nil, "\(testCase.op) on \(testCase.dtype) should be refused")
            return
        }
        let array = result()
        #expect(array.dtype.rawValue == resultType, "\(testCase.op) on \(testCase.dtype)")
        array.evaluate(mode: mode)
        if !testCase.expectedInts.isEmpty {
            #expect(array.toArray(Int64.self) == testCase.expectedInts, "\(testCase.op) on \(testCase.dtype)")
        } else if ElementwiseOp(rawValue: testCase.op).map(\.isTranscendental) ?? ["sqrt", "exp", "log", "sin", "cos", "tan", "tanh", "sigmoid"].contains(testCase.op) {
            let values = array.toArray(Double.self)
            for (got, want) in zip(values, testCase.expected) {
                #expect(ulpDistance(got, want, dtype: array.dtype) <= transcendentalULPs, "\(testCase.op) on \(testCase.dtype): \(got) vs \(want)")
            }
        } else {
            #expect(sameBits(array.toArray(Double.self), testCase.expected), "\(testCase.op) on \(testCase.dtype): \(array.toArray(Double.self)) vs \(testCase.expected)")
        }
    }

    @Test(arguments: allModes)
    func binaryOperations(mode: EvaluationMode) {
        for testCase in OpCases.binary {
            let dtype = DType(rawValue: testCase.dtype)!
            Self.check(testCase, { Self.binary(testCase.op, Self.input("a", dtype), Self.input("b", dtype)) }, mode: mode)
        }
    }

    @Test(arguments: allModes)
    func unaryOperations(mode: EvaluationMode) {
        for testCase in OpCases.unary {
            let dtype = DType(rawValue: testCase.dtype)!
            let input: NDArray
            if ["sqrt", "exp", "log", "sin", "cos", "tan", "tanh", "sigmoid"].contains(testCase.op) {
                input = dtype.isInteger ? makeArray([-1, 0, 0, 1, 1, 2] as [Double], dtype: dtype)
                    : dtype == .bool ? makeArray(OpCases.small.map { $0 > 0 ? 1.0 : 0.0 }, dtype: .bool)
                    : makeArray(OpCases.small, dtype: dtype)
            } else {
                input = Self.input("a", dtype)
            }
            Self.check(testCase, { Self.unary(testCase.op, input) }, mode: mode)
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
