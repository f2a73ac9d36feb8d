import Kernels

/// Stochastic gradient descent with optional momentum, Nesterov momentum and L2 weight decay,
/// step for step as PyTorch's `torch.optim.SGD` with `dampening=0`:
///
/// ```text
/// g = grad + weightDecay * p
/// b = g                    at the first step
/// b = momentum * b + g     after it          (when momentum ≠ 0)
/// g = g + momentum * b     with nesterov, else  g = b
/// p = p - learningRate * g
/// ```
///
/// One kernel per parameter (the new value and the new momentum buffer are its outputs); see
/// ``Optimizer`` for how the parameters are evaluated together.
/// PyTorch: `torch.optim.SGD(params, lr, momentum, nesterov=, weight_decay=)`; optax:
/// `optax.sgd(learning_rate, momentum, nesterov)`.
public struct SGD: Optimizer, Sendable {
    /// The step size of the next update (PyTorch's `lr`).
    public var learningRate: Double
    /// The factor of the previous momentum buffer in the new one; 0 is plain SGD.
    public let momentum: Double
    /// Whether the step adds the momentum buffer to the gradient (Nesterov) instead of taking it.
    public let nesterov: Bool
    /// The factor of the parameter added to its gradient (L2 regularization).
    public let weightDecay: Double
    /// One buffer per parameter after the first step with momentum, evaluated; empty before
    /// it and without momentum. PyTorch: `optimizer.state[p]['momentum_buffer']`.
    public private(set) var momentumBuffers: [NDArray] = []

    /// An SGD optimizer; PyTorch's defaults (learning rate 1e-3, no momentum). A negative
    /// learning rate, momentum or weight decay, or Nesterov without momentum, is a
    /// ``LazyArrayError``, as PyTorch's `ValueError`.
    public init(learningRate: Double = 1e-3, momentum: Double = 0, nesterov: Bool = false, weightDecay: Double = 0) {
        NDArray.checkHyperparameters("SGD", [
            (!(learningRate >= 0), "invalid learning rate \(learningRate): it must not be negative"),
            (!(momentum >= 0), "invalid momentum \(momentum): it must not be negative"),
            (!(weightDecay >= 0), "invalid weight decay \(weightDecay): it must not be negative"),
            (nesterov && momentum == 0, "Nesterov momentum needs a momentum above 0"),
        ])
        self.learningRate = learningRate
        self.momentum = momentum
        self.nesterov = nesterov
        self.weightDecay = weightDecay
    }

    /// One SGD step on `parameters`; see ``Optimizer/update(_:_:)``.
    public mutating func update(_ parameters: inout [NDArray], _ gradients: [NDArray]) {
        guard NDArray.checkUpdate("SGD", parameters: parameters, gradients: gradients,
                                  stateShapes: momentumBuffers.map(\.shape), learningRate: learningRate) else { return }
        var updated: [NDArray] = [], buffers: [NDArray] = []
        for (index, (parameter, gradient)) in zip(parameters, gradients).enumerated() {
            var step = weightDecay == 0 ? gradient : gradient + weightDecay * parameter
            if momentum != 0 {
                let buffer = momentumBuffers.isEmpty ? step : momentum * momentumBuffers[index] + step
                step = nesterov ? step + momentum * buffer : buffer
                buffers.append(buffer)
            }
            updated.append(parameter - NDArray.stepScalar(learningRate, dtype: parameter.dtype) * step)
        }
        NDArray.evaluate(updated + buffers)
        parameters = updated
        momentumBuffers = buffers
    }
}
