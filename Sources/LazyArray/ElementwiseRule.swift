import Kernels

/// How an operation's dtype is decided: given the promoted operand dtype, which kernel
/// operation runs, in which dtype, and what dtype comes out; or the error NumPy would raise.
/// Computed from the operation's row of the table (`ElementwiseOp.spec.dtypeRule`).
struct ElementwiseRule {
    let op: ElementwiseOp

    init(_ op: ElementwiseOp) { self.op = op }

    /// The operation's name in errors (NumPy's ufunc name where there is one).
    var name: String { op.spec.numpyName }

    func resolve(_ type: DType) -> Result<(op: ElementwiseOp, computeType: DType, resultType: DType), LazyArrayError> {
        switch op.spec.dtypeRule {
        case .sameType(let bool):
            guard type == .bool else { return .success((op, type, type)) }
            switch bool {
            case .runs(let boolOp): return .success((boolOp, .bool, .bool))
            case .promotes(let boolType): return .success((op, boolType, boolType))
            case .refused(let message): return .failure(LazyArrayError(name, message))
            }
        case .floating(let boolType):
            let computeType = type == .bool ? boolType : type.floatingResult
            return .success((op, computeType, computeType))
        case .integerOrBool:
            return type.isFloatingPoint
                ? .failure(LazyArrayError(name, "not supported for the input type \(type); it needs bool or integer arrays"))
                : .success((op, type, type))
        case .comparison, .predicate:
            return .success((op, type, .bool))
        case .select:
            return .success((op, type, type))
        }
    }
}

extension NDArray {
    /// This array broadcast to `shape` (itself when the shape already matches).
    func broadcasted(to target: [Int]) -> NDArray {
        target == shape ? self : NDArray(.view(.broadcast(target)), dtype: dtype, shape: target, input: self)
    }

    /// A unary elementwise node under `rule`.
    static func unary(_ op: ElementwiseOp, _ a: NDArray) -> NDArray {
        switch ElementwiseRule(op).resolve(a.dtype) {
        case .failure(let error): return failed(error, shape: a.shape, dtype: a.dtype)
        case .success(let (op, computeType, resultType)):
            return NDArray(.elementwise(op), dtype: resultType, shape: a.shape, input: a.astype(computeType))
        }
    }

    /// A binary elementwise node under `rule`, with NumPy broadcasting and type promotion.
    static func binary(_ op: ElementwiseOp, _ a: NDArray, _ b: NDArray) -> NDArray {
        let promoted = DType.promote(a.dtype, b.dtype)
        return binary(ElementwiseRule(op), a, b, operandType: promoted)
    }

    /// A binary node where one side is a Swift scalar (a weak scalar, NEP 50).
    static func binary(_ op: ElementwiseOp, _ a: NDArray, scalar: Scalar, scalarOnLeft: Bool) -> NDArray {
        let rule = ElementwiseRule(op)
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
