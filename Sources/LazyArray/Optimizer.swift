import Kernels

/// A rule that moves parameters against their gradients, step by step, keeping whatever state
/// it needs (momentum, moment estimates) between steps. Conformers: ``SGD``, ``Adam``,
/// ``AdamW``.
///
/// `update` builds each parameter's new value and new state as elementwise expressions of
/// the parameter, its gradient and its state, then evaluates all of them, for every parameter,
/// in one ``NDArray/evaluate(_:mode:backend:)``: one plan, one kernel per parameter (the new
/// value and new moments of a parameter are outputs of the same kernel), and state that is
/// stored values after every step, so no graph grows from step to step. Lazy gradients are
/// computed inside that same evaluation, so a forward pass, its backward pass and the update
/// plan together. To read the loss of the step without running the forward pass again,
/// evaluate it with the gradients first: `NDArray.evaluate([loss] + grads)`.
///
/// The learning rate is a plain `Double`: a schedule sets it before each step,
/// `optimizer.learningRate = schedule(step)` (``StepSchedule``, ``CosineSchedule``). It enters
/// the kernels as a stored 0-d array, not a constant, so a new rate every step reuses the
/// same cached plan.
///
/// PyTorch: `torch.optim.Optimizer` (`optimizer.step()` after `loss.backward()`); optax:
/// `GradientTransformation` with `optax.apply_updates`.
///
/// ```swift
/// var optimizer = Adam(learningRate: 1e-3)
/// let (loss, grads) = valueAndGrad(lossFunction)(parameters)
/// optimizer.update(&parameters, grads)
/// ```
public protocol Optimizer {
    /// The step size of the next ``update(_:_:)``. PyTorch: `param_group['lr']`.
    var learningRate: Double { get set }

    /// Replaces each of `parameters` by its updated value, evaluated (with the optimizer's
    /// state) in one evaluation; `gradients[i]` is the gradient for `parameters[i]`, of its
    /// shape and dtype. Gradients of the wrong count, shape or dtype, non-float parameters or
    /// parameters whose shapes changed since the state was made are a ``LazyArrayError``
    /// naming the optimizer and leave everything unchanged.
    /// PyTorch: `optimizer.step()`.
    mutating func update(_ parameters: inout [NDArray], _ gradients: [NDArray])
}

extension NDArray {
    /// A stored 0-d array of `value` in `dtype` (float32 or float64): a number that changes
    /// between steps (a learning rate, a bias correction) enters a plan as data, so the plan,
    /// keyed by structure, is reused, where a constant's value would be part of the key.
    static func stepScalar(_ value: Double, dtype: DType) -> NDArray {
        dtype == .float32 ? NDArray(Float(value)) : NDArray(value)
    }

    /// Whether `gradients` fit `parameters` and the optimizer's state of `stateShapes` (one
    /// shape per parameter, or empty before the first step), with `learningRate` valid;
    /// reports the first mismatch as an error of `optimizer` otherwise.
    static func checkUpdate(_ optimizer: String, parameters: [NDArray], gradients: [NDArray],
                            stateShapes: [[Int]], learningRate: Double) -> Bool {
        func fail(_ reason: String) -> Bool {
            ErrorScope.report(LazyArrayError(optimizer, reason))
            return false
        }
        guard learningRate >= 0, learningRate.isFinite else {
            return fail("invalid learning rate \(learningRate): it must be finite and not negative")
        }
        guard gradients.count == parameters.count else {
            return fail("\(gradients.count) gradients for \(parameters.count) parameters: each parameter needs one")
        }
        guard stateShapes.isEmpty || stateShapes == parameters.map(\.shape) else {
            return fail("the parameters' shapes \(parameters.map { describe($0.shape) }.joined(separator: ", ")) differ from those its state was made for, \(stateShapes.map(describe).joined(separator: ", ")): use one optimizer per list of parameters")
        }
        for (index, (parameter, gradient)) in zip(parameters, gradients).enumerated() {
            guard parameter.dtype.isFloatingPoint else {
                return fail("parameter \(index) has dtype \(parameter.dtype): only float32 and float64 parameters can be updated")
            }
            guard gradient.shape == parameter.shape, gradient.dtype == parameter.dtype else {
                return fail("gradient \(index) of shape \(describe(gradient.shape)) and dtype \(gradient.dtype) does not match its parameter of shape \(describe(parameter.shape)) and dtype \(parameter.dtype)")
            }
        }
        return true
    }

    /// Reports the first of `problems` that holds (`isInvalid`) as an error of `optimizer`'s
    /// initializer, as PyTorch's optimizers raise `ValueError` for an invalid hyperparameter.
    static func checkHyperparameters(_ optimizer: String, _ problems: [(isInvalid: Bool, reason: String)]) {
        if let problem = problems.first(where: \.isInvalid) { ErrorScope.report(LazyArrayError(optimizer, problem.reason)) }
    }
}
