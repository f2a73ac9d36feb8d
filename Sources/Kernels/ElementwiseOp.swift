/// Every elementwise operation a kernel can run. Everything else about an operation (its
/// NumPy name, arity, dtype rule, cost, C spelling, scalar meaning for each element class) is
/// in its row of the table, `ElementwiseOp+Specification.swift` and `ElementwiseOp+Scalar.swift`;
/// the properties here are read from that row.
///
/// Dtype rules (which inputs are allowed, what the result is) are applied when the graph is
/// built, so a kernel only ever sees operands of one dtype per instruction (comparisons and
/// predicates give `bool`, `select` takes a `bool` condition).
package enum ElementwiseOp: String, Hashable, Sendable, CaseIterable {
    // unary, result dtype = operand dtype
    case negate, absolute, square, relu, floor, ceil
    case sqrt, exp, log, sin, cos, tan, tanh, sigmoid
    /// Logical not on bool, bitwise not on integers.
    case invert
    case log1p, expm1, asin, acos, atan, sinh, cosh
    /// Round half to even (NumPy's `round` with no decimals), toward zero.
    case round, trunc
    /// -1, 0 or 1 (NaN kept).
    case sign
    // unary, result dtype bool
    case isnan, isinf, isfinite, logicalNot
    /// Copies its operand (a materialization or a dtype-preserving cast).
    case identity
    // binary, result dtype = operand dtype
    case add, subtract, multiply, divide, remainder, power, maximum, minimum
    /// `floor(a / b)` as NumPy's `floor_divide` (`a // b`) computes it.
    case floorDivide
    /// `sqrt(a² + b²)` without overflow; NumPy's `hypot`.
    case hypot
    /// The angle of the point (b, a): NumPy's `arctan2(a, b)`.
    case atan2
    /// Logical on bool, bitwise on integers.
    case bitAnd, bitOr, bitXor
    // binary, result dtype bool
    case equal, notEqual, less, lessEqual, greater, greaterEqual
    /// `select(cond, a, b)`: NumPy's `where`.
    case select
    // binary, internal: the backward steps of `sigmoid` and `tanh` from the cotangent `a` and
    // the forward result `b` (PyTorch's `sigmoid_backward` and `tanh_backward`). One block
    // instruction where the composite takes three, rounded as the composite's three ops are.
    /// `a * (b * (1 - b))`.
    case sigmoidBackward
    /// `a * (1 - b * b)`.
    case tanhBackward

    /// The row of this operation in the table (built once; the planner reads `cost` per node).
    @inline(__always)
    package var spec: ElementwiseOpSpecification {
        ElementwiseOp.table[Int(unsafeBitCast(self, to: UInt8.self))]
    }

    /// Every row, in declaration order (the order of `allCases`).
    private static let table: [ElementwiseOpSpecification] = allCases.map(\.specification)

    /// How many operands the operation takes.
    package var arity: Int { spec.arity }

    /// True for the operations the block VM computes a whole block at a time with a block
    /// function (`BlockVM+Transcendentals.swift`); defined only on floating-point operands.
    package var isTranscendental: Bool { spec.isTranscendental }

    /// True for the comparisons (bool result from two operands of one dtype).
    package var isComparison: Bool { spec.dtypeRule == .comparison }

    /// Rough cost in units of an add, used to decide whether recomputing beats materializing.
    package var cost: Int { spec.cost }
}
