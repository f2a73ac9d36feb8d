import Kernels

/// How an operation's dtype is decided: given the promoted operand dtype, which kernel
/// operation runs, in which dtype, and what dtype comes out; or the error NumPy would raise.
struct ElementwiseRule {
    /// The operation's name in errors (NumPy's ufunc name where there is one).
    let name: String
    let resolve: @Sendable (DType) -> Result<(op: ElementwiseOp, computeType: DType, resultType: DType), LazyArrayError>

    /// Same dtype in and out; `bool` either runs `boolOp` or is refused with `boolError`.
    static func sameType(_ name: String, _ op: ElementwiseOp, bool boolOp: ElementwiseOp? = nil,
                         boolError: String? = nil, boolPromotesTo boolType: DType? = nil) -> ElementwiseRule {
        ElementwiseRule(name: name) { type in
            guard type == .bool else { return .success((op, type, type)) }
            if let boolOp { return .success((boolOp, .bool, .bool)) }
            if let boolType { return .success((op, boolType, boolType)) }
            return .failure(LazyArrayError(name, boolError ?? "not supported for bool"))
        }
    }

    /// Computed in floating point: integers go to float64 (bool to `boolType`).
    static func floating(_ name: String, _ op: ElementwiseOp, boolType: DType = .float32) -> ElementwiseRule {
        ElementwiseRule(name: name) { type in
            let computeType = type == .bool ? boolType : type.floatingResult
            return .success((op, computeType, computeType))
        }
    }

    /// Logical on bool, bitwise on integers, refused on floats.
    static func bitwise(_ name: String, _ op: ElementwiseOp) -> ElementwiseRule {
        ElementwiseRule(name: name) { type in
            type.isFloatingPoint
                ? .failure(LazyArrayError(name, "not supported for the input type \(type); it needs bool or integer arrays"))
                : .success((op, type, type))
        }
    }

    /// Compares in the promoted dtype, gives bool.
    static func comparison(_ name: String, _ op: ElementwiseOp) -> ElementwiseRule {
        ElementwiseRule(name: name) { type in .success((op, type, .bool)) }
    }

    static let add = sameType("add", .add, bool: .bitOr)
    static let subtract = sameType("subtract", .subtract,
        boolError: "numpy boolean subtract, the `-` operator, is not supported; use the `^` operator instead")
    static let multiply = sameType("multiply", .multiply, bool: .bitAnd)
    static let divide = floating("divide", .divide, boolType: .float64)
    static let remainder = sameType("remainder", .remainder, boolPromotesTo: .int64)
    static let power = sameType("power", .power, boolPromotesTo: .int64)
    static let maximum = sameType("maximum", .maximum, bool: .maximum)
    static let minimum = sameType("minimum", .minimum, bool: .minimum)
    static let bitAnd = bitwise("bitwise_and", .bitAnd)
    static let bitOr = bitwise("bitwise_or", .bitOr)
    static let bitXor = bitwise("bitwise_xor", .bitXor)
    static let invert = bitwise("invert", .invert)
    static let equal = comparison("equal", .equal)
    static let notEqual = comparison("not_equal", .notEqual)
    static let less = comparison("less", .less)
    static let lessEqual = comparison("less_equal", .lessEqual)
    static let greater = comparison("greater", .greater)
    static let greaterEqual = comparison("greater_equal", .greaterEqual)
    static let negate = sameType("negative", .negate,
        boolError: "the numpy boolean negative, the `-` operator, is not supported; use the `~` operator instead")
    static let absolute = sameType("absolute", .absolute, bool: .identity)
    static let square = sameType("square", .square, boolPromotesTo: .int64)
    static let relu = sameType("relu", .relu, bool: .identity)
    static let floor = sameType("floor", .floor, bool: .identity)
    static let ceil = sameType("ceil", .ceil, bool: .identity)
    static let sqrt = floating("sqrt", .sqrt)
    static let exp = floating("exp", .exp)
    static let log = floating("log", .log)
    static let sin = floating("sin", .sin)
    static let cos = floating("cos", .cos)
    static let tan = floating("tan", .tan)
    static let tanh = floating("tanh", .tanh)
    static let sigmoid = floating("sigmoid", .sigmoid)
}

extension NDArray {
    /// This array broadcast to `shape` (itself when the shape already matches).
    func broadcasted(to target: [Int]) -> NDArray {
        target == shape ? self : NDArray(.view(.broadcast(target)), dtype: dtype, shape: target, input: self)
    }

    /// A unary elementwise node under `rule`.
    static func unary(_ rule: ElementwiseRule, _ a: NDArray) -> NDArray {
        switch rule.resolve(a.dtype) {
        case .failure(let error): return failed(error, shape: a.shape, dtype: a.dtype)
        case .success(let (op, computeType, resultType)):
            return NDArray(.elementwise(op), dtype: resultType, shape: a.shape, input: a.astype(computeType))
        }
    }

    /// A binary elementwise node under `rule`, with NumPy broadcasting and type promotion.
    static func binary(_ rule: ElementwiseRule, _ a: NDArray, _ b: NDArray) -> NDArray {
        let promoted = DType.promote(a.dtype, b.dtype)
        return binary(rule, a, b, operandType: promoted)
    }

    /// A binary node where one side is a Swift scalar (a weak scalar, NEP 50).
    static func binary(_ rule: ElementwiseRule, _ a: NDArray, scalar: Scalar, scalarOnLeft: Bool) -> NDArray {
        let promoted = scalar.weakPromotion(with: a.dtype)
        guard scalar.fits(promoted) else {
            return failed(LazyArrayError(rule.name, "Python integer \(scalar) out of bounds for \(promoted)"), shape: a.shape, dtype: promoted)
        }
        let constant = full(a.shape, scalar, dtype: promoted)
        return scalarOnLeft ? binary(rule, constant, a, operandType: promoted) : binary(rule, a, constant, operandType: promoted)
    }

    private static func binary(_ rule: ElementwiseRule, _ a: NDArray, _ b: NDArray, operandType: DType) -> NDArray {
        let shape: [Int]
        if a.shape == b.shape {
            // The common case, and no new shape array: the result shares `a`'s.
            shape = a.shape
        } else {
            switch broadcastShapes(a.shape, b.shape, operation: rule.name) {
            case .failure(let error): return failed(error, shape: a.shape, dtype: operandType)
            case .success(let result): shape = result
            }
        }
        switch rule.resolve(operandType) {
        case .failure(let error): return failed(error, shape: shape, dtype: operandType)
        case .success(let (op, computeType, resultType)):
            // Nodes straight into the new node: no array of inputs.
            let left = a.astype(computeType).broadcasted(to: shape).node
            let right = b.astype(computeType).broadcasted(to: shape).node
            return NDArray(node: Node(.elementwise(op), dtype: resultType, shape: shape, inputs: .two(left, right)))
        }
    }
}
