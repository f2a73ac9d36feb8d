/// The derivative of an elementwise operation, as data in its row of the table
/// (`ElementwiseOp+Specification.swift`): for each operand, the cotangent it receives, written
/// as an expression over the incoming cotangent, the operands and the result.
///
/// Kernels knows nothing about graphs; LazyArray's backward pass (`Backpropagation+Elementwise.swift`)
/// turns each expression into ordinary lazy array operations, so a gradient fuses like any
/// other expression and can itself be differentiated. Subgradients at kinks follow PyTorch:
/// `relu`' and `abs`' are 0 at 0, `maximum`/`minimum` split the cotangent in half on ties,
/// `where`'s condition takes none.
package enum ElementwiseDerivative: Sendable {
    /// Piecewise constant, or defined only on integers and bools (comparisons, `floor`,
    /// `sign`, bitwise ops): every operand receives a zero cotangent.
    case zero
    /// Operand `i` receives `cotangents[i]`; nil for an operand that takes none (`where`'s
    /// bool condition).
    case cotangents([DerivativeExpression?])
}

/// An expression in a derivative rule. Constants take the dtype of the arrays they meet, so a
/// float32 operation's gradient stays float32.
package indirect enum DerivativeExpression: Sendable, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral {
    /// The cotangent arriving at the operation's result (`ḡ`).
    case cotangent
    /// The operation's operand at this position.
    case operand(Int)
    /// The operation's result (reused rather than recomputed: `exp`' is `ḡ * exp(a)`).
    case result
    /// A number.
    case constant(Double)
    /// An elementwise operation over sub-expressions.
    case apply(ElementwiseOp, [DerivativeExpression])

    package init(floatLiteral value: Double) { self = .constant(value) }
    package init(integerLiteral value: Int) { self = .constant(Double(value)) }

    // Spelling the rules as formulas keeps each row readable next to its definition.
    static func + (a: Self, b: Self) -> Self { .apply(.add, [a, b]) }
    static func - (a: Self, b: Self) -> Self { .apply(.subtract, [a, b]) }
    static func * (a: Self, b: Self) -> Self { .apply(.multiply, [a, b]) }
    static func / (a: Self, b: Self) -> Self { .apply(.divide, [a, b]) }
    static prefix func - (a: Self) -> Self { .apply(.negate, [a]) }
    static func .== (a: Self, b: Self) -> Self { .apply(.equal, [a, b]) }
    static func .< (a: Self, b: Self) -> Self { .apply(.less, [a, b]) }
    static func .> (a: Self, b: Self) -> Self { .apply(.greater, [a, b]) }
    static func .>= (a: Self, b: Self) -> Self { .apply(.greaterEqual, [a, b]) }
    static func & (a: Self, b: Self) -> Self { .apply(.bitAnd, [a, b]) }
    /// `a ** b`.
    static func power(_ a: Self, _ b: Self) -> Self { .apply(.power, [a, b]) }
    /// `op(a)` for a unary operation.
    static func call(_ op: ElementwiseOp, _ a: Self) -> Self { .apply(op, [a]) }
    /// `where(condition, a, b)`.
    static func select(_ condition: Self, _ a: Self, _ b: Self) -> Self { .apply(.select, [condition, a, b]) }
}

extension ElementwiseDerivative {
    /// Shorthands for the rows: the cotangent and the operands.
    static let g = DerivativeExpression.cotangent
    static let a = DerivativeExpression.operand(0)
    static let b = DerivativeExpression.operand(1)
    static let r = DerivativeExpression.result

    /// A unary operation's rule.
    static func unary(_ rule: DerivativeExpression) -> Self { .cotangents([rule]) }
    /// A binary operation's rule.
    static func binary(_ first: DerivativeExpression, _ second: DerivativeExpression) -> Self { .cotangents([first, second]) }
}
