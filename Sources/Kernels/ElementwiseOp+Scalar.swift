/// What a backend does with an operation's scalar meaning for one element type. The block VM
/// (`BlockVM+Execute.swift`) and the eager evaluator (`ElementwiseOp+Eager.swift`) each have
/// one body; neither switches over operations: the table below calls the body with the scalar
/// function, inlined, so each backend's loop is specialized to the operation and vectorizes.
protocol ElementwiseBody {
    associatedtype Element: KernelElement
    /// `r = f(a)`, the result in the operand's dtype.
    func unary(_ f: (Element) -> Element)
    /// `r = f(a, b)`, the result in the operands' dtype.
    func binary(_ f: (Element, Element) -> Element)
    /// `r = f(a)` as a bool (0/1 byte).
    func predicate(_ f: (Element) -> UInt8)
    /// `r = f(a, b)` as a bool (0/1 byte).
    func comparison(_ f: (Element, Element) -> UInt8)
    /// `r = f(condition, a, b)`.
    func select(_ f: (UInt8, Element, Element) -> Element)
    /// A transcendental computed a block at a time: `f(x, out, count)`.
    func unaryBlock(_ f: (UnsafePointer<Element>, UnsafeMutablePointer<Element>, Int) -> Void)
    /// A binary transcendental computed a block at a time: `f(x, y, out, count)`.
    func binaryBlock(_ f: (UnsafePointer<Element>, UnsafePointer<Element>, UnsafeMutablePointer<Element>, Int) -> Void)
    /// The operation has no meaning for this element class; the graph builder's dtype rules
    /// never ask for it, so this traps naming the operation and dtype.
    func undefined()
}

/// An element type, with the switch that gives each operation's scalar meaning for its class
/// (floating point, integer, bool).
protocol ElementClass: KernelElement {
    static func withScalarFunction<Body: ElementwiseBody>(_ op: ElementwiseOp, _ body: Body) where Body.Element == Self
}

extension ElementwiseOp {
    /// Calls `body` with this operation's scalar function for `Body.Element`.
    @inline(__always)
    func withScalarFunction<Body: ElementwiseBody>(_ body: Body) where Body.Element: ElementClass {
        Body.Element.withScalarFunction(self, body)
    }
}

// Each class's switch, chosen once per element class: a new dtype of a class only declares
// its conformance.
extension ElementClass where Self: BlockMathElement {
    @inline(__always)
    static func withScalarFunction<Body: ElementwiseBody>(_ op: ElementwiseOp, _ body: Body) where Body.Element == Self {
        op.withFloating(body)
    }
}

extension ElementClass where Self: IntegerElement {
    @inline(__always)
    static func withScalarFunction<Body: ElementwiseBody>(_ op: ElementwiseOp, _ body: Body) where Body.Element == Self {
        op.withInteger(body)
    }
}

extension Float: ElementClass {}
extension Double: ElementClass {}
extension Int8: ElementClass {}
extension Int16: ElementClass {}
extension Int32: ElementClass {}
extension Int64: ElementClass {}
extension UInt8: ElementClass {}
extension UInt16: ElementClass {}
extension UInt32: ElementClass {}
extension UInt64: ElementClass {}

extension BoolByte: ElementClass {
    @inline(__always)
    static func withScalarFunction<Body: ElementwiseBody>(_ op: ElementwiseOp, _ body: Body) where Body.Element == BoolByte {
        op.withBool(body)
    }
}

// The scalar meaning of every operation, one switch per element class. The definitions are in
// ScalarSemantics.swift; a transcendental's block function is chosen in
// BlockVM+Transcendentals.swift.
extension ElementwiseOp {
    @inline(__always)
    func withFloating<Body: ElementwiseBody>(_ body: Body) where Body.Element: BlockMathElement {
        typealias T = Body.Element
        switch self {
        case .negate: body.unary(T.negate)
        case .absolute: body.unary(T.absolute)
        case .square: body.unary(T.square)
        case .relu: body.unary(T.relu)
        case .floor: body.unary(T.floor)
        case .ceil: body.unary(T.ceil)
        case .sqrt: body.unary(T.sqrt)
        case .exp: body.unaryBlock(T.blockExp)
        case .log: body.unaryBlock(T.blockLog)
        case .sin: body.unaryBlock(T.blockSin)
        case .cos: body.unaryBlock(T.blockCos)
        case .tan: body.unaryBlock(T.blockTan)
        case .tanh: body.unaryBlock(T.blockTanh)
        case .sigmoid: body.unaryBlock(T.blockSigmoid)
        case .log1p: body.unaryBlock(T.blockLog1p)
        case .expm1: body.unaryBlock(T.blockExpm1)
        case .asin: body.unaryBlock(T.blockAsin)
        case .acos: body.unaryBlock(T.blockAcos)
        case .atan: body.unaryBlock(T.blockAtan)
        case .sinh: body.unaryBlock(T.blockSinh)
        case .cosh: body.unaryBlock(T.blockCosh)
        case .round: body.unary(T.round)
        case .trunc: body.unary(T.trunc)
        case .sign: body.unary(T.sign)
        case .isnan: body.predicate(T.isnan)
        case .isinf: body.predicate(T.isinf)
        case .isfinite: body.predicate(T.isfinite)
        case .logicalNot: body.predicate(T.logicalNot)
        case .atan2: body.binaryBlock(T.blockAtan2)
        case .identity: body.unary { $0 }
        case .add: body.binary(T.add)
        case .subtract: body.binary(T.subtract)
        case .multiply: body.binary(T.multiply)
        case .divide: body.binary(T.divide)
        case .hypot: body.binaryBlock(T.blockHypot)
        case .remainder: body.binary(T.remainder)
        case .floorDivide: body.binary(T.floorDivide)
        case .power: body.binary(T.power)
        case .sigmoidBackward: body.binary(T.sigmoidBackward)
        case .tanhBackward: body.binary(T.tanhBackward)
        // Not `T.maximum`: for a floating type that names the standard library's maxNum,
        // which drops NaN.
        case .maximum: body.binary(arithmeticMaximum)
        case .minimum: body.binary(arithmeticMinimum)
        case .equal: body.comparison(Comparison.equal)
        case .notEqual: body.comparison(Comparison.notEqual)
        case .less: body.comparison(Comparison.less)
        case .lessEqual: body.comparison(Comparison.lessEqual)
        case .greater: body.comparison(Comparison.greater)
        case .greaterEqual: body.comparison(Comparison.greaterEqual)
        case .select: body.select(Comparison.select)
        case .invert, .bitAnd, .bitOr, .bitXor: body.undefined()
        }
    }

    @inline(__always)
    func withInteger<Body: ElementwiseBody>(_ body: Body) where Body.Element: IntegerElement {
        typealias T = Body.Element
        switch self {
        case .negate: body.unary(T.negate)
        case .absolute: body.unary(T.absolute)
        case .square: body.unary(T.square)
        case .relu: body.unary(T.relu)
        case .floor: body.unary(T.floor)
        case .ceil: body.unary(T.ceil)
        case .invert: body.unary(T.invert)
        case .round: body.unary(T.round)
        case .trunc: body.unary(T.trunc)
        case .sign: body.unary(T.sign)
        case .isnan: body.predicate(T.isnan)
        case .isinf: body.predicate(T.isinf)
        case .isfinite: body.predicate(T.isfinite)
        case .logicalNot: body.predicate(T.logicalNot)
        case .identity: body.unary { $0 }
        case .add: body.binary(T.add)
        case .subtract: body.binary(T.subtract)
        case .multiply: body.binary(T.multiply)
        case .remainder: body.binary(T.remainder)
        case .floorDivide: body.binary(T.floorDivide)
        case .power: body.binary(T.power)
        case .maximum: body.binary(T.maximum)
        case .minimum: body.binary(T.minimum)
        case .bitAnd: body.binary(T.bitAnd)
        case .bitOr: body.binary(T.bitOr)
        case .bitXor: body.binary(T.bitXor)
        case .equal: body.comparison(Comparison.equal)
        case .notEqual: body.comparison(Comparison.notEqual)
        case .less: body.comparison(Comparison.less)
        case .lessEqual: body.comparison(Comparison.lessEqual)
        case .greater: body.comparison(Comparison.greater)
        case .greaterEqual: body.comparison(Comparison.greaterEqual)
        case .select: body.select(Comparison.select)
        case .sqrt, .exp, .log, .sin, .cos, .tan, .tanh, .sigmoid, .divide, .hypot, .atan2,
             .log1p, .expm1, .asin, .acos, .atan, .sinh, .cosh, .sigmoidBackward, .tanhBackward:
            body.undefined()
        }
    }

    @inline(__always)
    func withBool<Body: ElementwiseBody>(_ body: Body) where Body.Element == BoolByte {
        switch self {
        case .invert: body.unary(BoolByte.invert)
        case .trunc: body.unary { $0 }
        case .isnan, .isinf: body.predicate { _ in 0 }
        case .isfinite: body.predicate { _ in 1 }
        case .logicalNot: body.predicate { $0.rawValue ^ 1 }
        case .identity: body.unary { $0 }
        // NumPy's maximum/minimum on bool are logical or/and.
        case .bitAnd, .minimum: body.binary(BoolByte.bitAnd)
        case .bitOr, .maximum: body.binary(BoolByte.bitOr)
        case .bitXor: body.binary(BoolByte.bitXor)
        case .equal: body.comparison(Comparison.equal)
        case .notEqual: body.comparison(Comparison.notEqual)
        case .less: body.comparison(Comparison.less)
        case .lessEqual: body.comparison(Comparison.lessEqual)
        case .greater: body.comparison(Comparison.greater)
        case .greaterEqual: body.comparison(Comparison.greaterEqual)
        case .select: body.select(Comparison.select)
        case .negate, .absolute, .square, .relu, .floor, .ceil, .sqrt, .exp, .log, .sin, .cos, .tan, .tanh, .sigmoid,
             .add, .subtract, .multiply, .divide, .remainder, .floorDivide, .power, .hypot, .atan2,
             .log1p, .expm1, .asin, .acos, .atan, .sinh, .cosh, .round, .sign, .sigmoidBackward, .tanhBackward:
            body.undefined()
        }
    }
}

/// `ArithmeticElement.maximum` (NaN propagating), named where `T` is only known arithmetic.
@inline(__always) private func arithmeticMaximum<T: ArithmeticElement>(_ a: T, _ b: T) -> T { T.maximum(a, b) }
/// `ArithmeticElement.minimum` (NaN propagating).
@inline(__always) private func arithmeticMinimum<T: ArithmeticElement>(_ a: T, _ b: T) -> T { T.minimum(a, b) }
