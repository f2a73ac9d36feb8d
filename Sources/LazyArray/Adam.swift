import Kernels

/// Adam: steps scaled per element by running estimates of the gradient's first and second
/// moments, with bias correction at step t, exactly as PyTorch's `torch.optim.Adam`
/// (`amsgrad=False`); the formulas are in `AdamMoments.swift`:
///
/// ```text
/// m = beta1 * m + (1 - beta1) * g,   v = beta2 * v + (1 - beta2) * g²
/// p = p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + epsilon)
/// ```
///
/// `weightDecay` adds `weightDecay * p` to the gradient first (L2 regularization, PyTorch
/// Adam's `weight_decay`); for decoupled weight decay use ``AdamW``. One kernel per parameter,
/// whose outputs are the new parameter and both new moments; see ``Optimizer``.
/// PyTorch: `torch.optim.Adam(params, lr, betas=(beta1, beta2), eps, weight_decay)`; optax:
/// `optax.adam(learning_rate, b1, b2, eps)` (which puts epsilon outside the bias correction).
public struct Adam: Optimizer, Sendable {
    /// The step size of the next update (PyTorch's `lr`).
    public var learningRate: Double
    /// The decay of the first-moment (mean) estimate.
    public let beta1: Double
    /// The decay of the second-moment (uncentered variance) estimate.
    public let beta2: Double
    /// Added to the bias-corrected root of the second moment, so the step stays finite.
    public let epsilon: Double
    /// The factor of the parameter added to its gradient (L2), 0 by default.
    public let weightDecay: Double
    private(set) var moments = AdamMoments()

    /// An Adam optimizer with PyTorch's defaults. A negative learning rate, epsilon or weight
    /// decay, or a beta outside `[0, 1)`, is a ``LazyArrayError``, as PyTorch's `ValueError`.
    public init(learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8,
                weightDecay: Double = 0) {
        AdamMoments.checkHyperparameters("Adam", learningRate: learningRate, beta1: beta1, beta2: beta2,
                                         epsilon: epsilon, weightDecay: weightDecay)
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
    }

    /// Steps taken so far. PyTorch: `optimizer.state[p]['step']`.
    public var step: Int { moments.step }
    /// The first-moment estimates, one evaluated array per parameter (empty before the first
    /// step). PyTorch: `optimizer.state[p]['exp_avg']`.
    public var firstMoments: [NDArray] { moments.first }
    /// The second-moment estimates. PyTorch: `optimizer.state[p]['exp_avg_sq']`.
    public var secondMoments: [NDArray] { moments.second }

    /// One Adam step on `parameters`; see ``Optimizer/update(_:_:)``.
    public mutating func update(_ parameters: inout [NDArray], _ gradients: [NDArray]) {
        moments.update(&parameters, gradients, optimizer: "Adam", learningRate: learningRate, beta1: beta1, beta2: beta2,
                       epsilon: epsilon, l2Decay: weightDecay, decoupledDecay: 0)
    }
}
