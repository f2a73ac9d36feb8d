/// Every elementwise operation a kernel can run: the single table that names them, gives their
/// arity and their C spelling. Their scalar meaning for each element type lives in
/// `ScalarSemantics.swift`, shared by the eager evaluator and the fused kernels.
///
/// Dtype rules (which inputs are allowed, what the result is) are applied when the graph is
/// built, so a kernel only ever sees operands of one dtype per instruction (comparisons give
/// `bool`, `select` takes a `bool` condition).
public enum ElementwiseOp: String, Hashable, Sendable, CaseIterable {
    // unary, result dtype = operand dtype
    case negate, absolute, square, relu, floor, ceil
    case sqrt, exp, log, sin, cos, tan, tanh, sigmoid
    /// Logical not on bool, bitwise not on integers.
    case invert
    /// Copies its operand (a materialization or a dtype-preserving cast).
    case identity
    // binary, result dtype = operand dtype
    case add, subtract, multiply, divide, remainder, power, maximum, minimum
    /// Logical on bool, bitwise on integers.
    case bitAnd, bitOr, bitXor
    // binary, result dtype bool
    case equal, notEqual, less, lessEqual, greater, greaterEqual
    /// `select(cond, a, b)`: NumPy's `where`.
    case select

    /// How many operands the operation takes.
    public var arity: Int {
        switch self {
        case .negate, .absolute, .square, .relu, .floor, .ceil, .sqrt, .exp, .log, .sin, .cos,
             .tan, .tanh, .sigmoid, .invert, .identity:
            1
        case .select: 3
        default: 2
        }
    }

    /// True for the operations defined only on floating-point operands.
    public var isTranscendental: Bool {
        switch self {
        case .sqrt, .exp, .log, .sin, .cos, .tan, .tanh, .sigmoid: true
        default: false
        }
    }

    /// True for the comparisons (bool result from two operands of one dtype).
    public var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: true
        default: false
        }
    }

    /// Rough cost in units of an add, used to decide whether recomputing beats materializing.
    public var cost: Int {
        switch self {
        case .sqrt, .divide, .remainder: 4
        case .exp, .log, .sin, .cos, .tan, .tanh, .sigmoid, .power: 16
        default: 1
        }
    }
}
