import Kernels

/// Adam with decoupled weight decay (Loshchilov and Hutter): each step first shrinks the
/// parameter, `p = p * (1 - learningRate * weightDecay)`, then takes ``Adam``'s step with the
/// plain gradient, exactly as PyTorch's `torch.optim.AdamW` (`amsgrad=False`). One kernel per
/// parameter; see ``Optimizer``.
/// PyTorch: `torch.optim.AdamW(params, lr, betas=(beta1, beta2), eps, weight_decay)`, whose
/// defaults these are (weight decay 0.01); optax: `optax.adamw`.
public struct AdamW: Optimizer, Sendable {
    /// The step size of the next update (PyTorch's `lr`); the decay per step is
    /// `learningRate * weightDecay`, so a schedule scales both.
    public var learningRate: Double
    /// The decay of the first-moment (mean) estimate.
    public let beta1: Double
    /// The decay of the second-moment (uncentered variance) estimate.
    public let beta2: Double
    /// Added to the bias-corrected root of the second moment, so the step stays finite.
    public let epsilon: Double
    /// The decoupled decay: the fraction `learningRate * weightDecay` of each parameter
    /// removed per step.
    public let weightDecay: Double
    private(set) var moments = AdamMoments()

    /// An AdamW optimizer with PyTorch's defaults. A negative learning rate, epsilon or weight
    /// decay, or a beta outside `[0, 1)`, is a ``LazyArrayError``, as PyTorch's `ValueError`.
    public init(learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8,
                weightDecay: Double = 1e-2) {
        AdamMoments.checkHyperparameters("AdamW", learningRate: learningRate, beta1: beta1, beta2: beta2,
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

    /// One AdamW step on `parameters`; see ``Optimizer/update(_:_:)``.
    public mutating func update(_ parameters: inout [NDArray], _ gradients: [NDArray]) {
        moments.update(&parameters, gradients, optimizer: "AdamW", learningRate: learningRate, beta1: beta1, beta2: beta2,
                       epsilon: epsilon, l2Decay: 0, decoupledDecay: weightDecay)
    }
}
