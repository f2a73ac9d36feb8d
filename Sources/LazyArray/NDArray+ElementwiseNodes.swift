import Kernels

/// Building elementwise nodes: dtype rules (`ElementwiseRule`), NumPy broadcasting and weak
/// scalars (NEP 50).
extension NDArray {
    /// This array broadcast to `shape` (itself when the shape already matches).
    func broadcasted(to target: [Int]) -> NDArray {
        target == shape ? self : NDArray(.view(.broadcast(target)), dtype: dtype, shape: target, input: self)
    }

    /// A unary elementwise node under `rule`.
    static func unary(_ op: ElementwiseOp, _ a: NDArray) -> NDArray {
        switch ElementwiseRule(op).resolve(a.dtype) {
        case .failure(let error): return failed(error, shape: a.shape, dtype: a.dtype)
        case .success(let (op, computeType, resultType, roundedTo)):
            let result = NDArray(.elementwise(op), dtype: resultType, shape: a.shape, input: a.astype(computeType))
            return roundedTo.map(result.astype) ?? result
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
        case .success(let (op, computeType, resultType, roundedTo)):
            // Nodes straight into the new node: no array of inputs.
            let left = operand(a.node, computeType, shape), right = operand(b.node, computeType, shape)
            let result = Node(.elementwise(op), dtype: resultType, shape: shape, inputs: .two(left, right))
            return NDArray(node: roundedTo.map { Node(.cast, dtype: $0, shape: shape, inputs: .one(result)) } ?? result)
        }
    }

    /// `node` cast to `dtype` and broadcast to `shape` (each step only where needed), on nodes
    /// rather than arrays: the path every binary operation takes, where each array copied on
    /// the way costs a retain and a release.
    @inline(__always)
    private static func operand(_ node: Node, _ dtype: DType, _ shape: [Int]) -> Node {
        let cast = node.dtype == dtype ? node : Node(.cast, dtype: dtype, shape: node.shape, inputs: .one(node))
        return cast.shape == shape ? cast : Node(.view(.broadcast(shape)), dtype: dtype, shape: shape, inputs: .one(cast))
    }
}
