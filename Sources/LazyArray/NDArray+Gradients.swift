import Kernels
import Scheduler

// Reverse-mode gradients over the lazy graph. A transformation calls the function on fresh
// nodes standing for its inputs, walks back from the output (`Backpropagation`) and returns
// lazy arrays: evaluating a gradient plans forward and backward together, so an elementwise
// chain's backward fuses with its forward, and nothing runs until it is read.

/// The gradient of a scalar-valued function of one array: `grad(f)(x)` has `x`'s shape and
/// dtype. The output must be a 0-d float array; the input a float32 or float64 array (other
/// dtypes are a ``LazyArrayError`` naming the input). Composes: `grad(grad(f))` differentiates
/// the derivative rules, which are themselves array operations.
///
/// JAX: `jax.grad(f)`; PyTorch: `torch.func.grad(f)`; MLX: `mx.grad(f)`.
///
/// ```swift
/// let df = grad { (x: NDArray) -> NDArray in (x * x).sum() }
/// df(NDArray([1.0, 2.0]))   // [2. 4.]
/// ```
public func grad(_ f: @escaping (NDArray) -> NDArray) -> (NDArray) -> NDArray {
    { x in Backpropagation.transform({ f($0[0]) }, at: [x], cotangent: nil, name: "grad").gradients[0] }
}

/// The gradients of a scalar-valued function of several arrays, one per input, each of its
/// input's shape. JAX: `jax.grad(f, argnums=(0, 1, ...))` over a list; PyTorch:
/// `torch.autograd.grad(f(*p), p)`.
public func grad(_ f: @escaping ([NDArray]) -> NDArray) -> ([NDArray]) -> [NDArray] {
    { xs in Backpropagation.transform(f, at: xs, cotangent: nil, name: "grad").gradients }
}

/// The value of a scalar-valued function of one array and its gradient, from one graph: the
/// value and the gradient evaluated together share their forward computation.
/// JAX: `jax.value_and_grad(f)`; MLX: `mx.value_and_grad(f)`.
public func valueAndGrad(_ f: @escaping (NDArray) -> NDArray) -> (NDArray) -> (NDArray, NDArray) {
    { x in
        let (value, gradients) = Backpropagation.transform({ f($0[0]) }, at: [x], cotangent: nil, name: "valueAndGrad")
        return (value, gradients[0])
    }
}

/// The value of a scalar-valued function of several arrays and its gradients (`grads[i]` has
/// `p[i]`'s shape). JAX: `jax.value_and_grad(f)` over a list of parameters.
///
/// ```swift
/// let vg = valueAndGrad { (p: [NDArray]) -> NDArray in ((p[0] * x + p[1] - y) ** 2).mean() }
/// let (loss, grads) = vg([w, b])
/// ```
public func valueAndGrad(_ f: @escaping ([NDArray]) -> NDArray) -> ([NDArray]) -> (NDArray, [NDArray]) {
    { xs in Backpropagation.transform(f, at: xs, cotangent: nil, name: "valueAndGrad") }
}

/// The vector-Jacobian product of `f` at `x`: `cotangents` (of `f(x)`'s shape) pulled back to
/// `x`, i.e. `Σ cotangents * ∂f(x)/∂x`; the output may have any shape. With a 0-d output and a
/// cotangent of 1 it is `grad(_:)`.
/// JAX: `jax.vjp(f, x)[1](cotangents)`; PyTorch: `torch.autograd.grad(f(x), x, grad_outputs=cotangents)`.
public func vjp(_ f: (NDArray) -> NDArray, at x: NDArray, cotangents: NDArray) -> NDArray {
    Backpropagation.transform({ f($0[0]) }, at: [x], cotangent: cotangents, name: "vjp").gradients[0]
}

/// The vector-Jacobian product of a function of several arrays: one pulled-back cotangent per
/// input. JAX: `jax.vjp(f, *xs)[1](cotangents)`.
public func vjp(_ f: ([NDArray]) -> NDArray, at xs: [NDArray], cotangents: NDArray) -> [NDArray] {
    Backpropagation.transform(f, at: xs, cotangent: cotangents, name: "vjp").gradients
}

/// `x` itself, with no gradient flowing back through it: inside a function being
/// differentiated, the result is a constant. Outside one it returns `x` (nothing there can
/// depend on a gradient's inputs). JAX: `jax.lax.stop_gradient(x)`; PyTorch: `x.detach()`.
public func stopGradient(_ x: NDArray) -> NDArray {
    guard EvaluationScope.current.takingGradient else { return x }
    let stopped = x.identityNode
    Engine.shared.state.withLock { $0.gradients.stopped[ObjectIdentifier(stopped.node)] = stopped.node }
    return stopped
}

extension Backpropagation {
    /// Calls `f` on new nodes standing for `primals`, and differentiates its output with respect
    /// to them, seeded with `cotangent` (1 for a 0-d output when nil). Errors name `name`.
    static func transform(_ f: ([NDArray]) -> NDArray, at primals: [NDArray], cotangent: NDArray?,
                          name: String) -> (value: NDArray, gradients: [NDArray]) {
        let zeros = primals.map { NDArray.full($0.shape, .float(0), dtype: $0.dtype) }
        if let position = primals.firstIndex(where: { !$0.dtype.isFloatingPoint }) {
            ErrorScope.report(LazyArrayError(name, "cannot differentiate with respect to input \(position) of dtype \(primals[position].dtype) and shape \(describe(primals[position].shape)): gradients are defined for float32 and float64 inputs (cast it with astype)"))
            return (f(primals), zeros)
        }
        Engine.shared.beginGradient()
        defer { Engine.shared.endGradient() }
        return EvaluationScope.with({ $0.takingGradient = true }) {
            differentiate(f, at: primals, cotangent: cotangent, name: name, zeros: zeros)
        }
    }

    /// `transform`'s body, inside its session and scope.
    private static func differentiate(_ f: ([NDArray]) -> NDArray, at primals: [NDArray], cotangent: NDArray?,
                                      name: String, zeros: [NDArray]) -> (value: NDArray, gradients: [NDArray]) {
        let leaves = primals.map(\.identityNode)
        let value = f(leaves)
        guard value.dtype.isFloatingPoint else {
            ErrorScope.report(LazyArrayError(name, "the function's output has dtype \(value.dtype): only a float32 or float64 output has a gradient"))
            return (value, zeros)
        }
        if let cotangent {
            guard cotangent.shape == value.shape else {
                ErrorScope.report(LazyArrayError(name, "cotangents of shape \(describe(cotangent.shape)) do not match the function's output of shape \(describe(value.shape))"))
                return (value, zeros)
            }
        } else {
            guard value.shape.isEmpty else {
                ErrorScope.report(LazyArrayError(name, "the function's output has shape \(describe(value.shape)); \(name) needs a 0-d (scalar) output: reduce it (sum, mean) or use vjp(_:at:cotangents:) with cotangents of that shape"))
                return (value, zeros)
            }
        }
        let pass = Backpropagation(root: value.node, leaves: leaves.map(\.node))
        return (value, pass.cotangents(of: value, seededWith: cotangent, leaves: leaves.map(\.node)))
    }
}
