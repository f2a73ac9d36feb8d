import Foundation
import Kernels

/// The state and the step shared by ``Adam`` and ``AdamW``, which differ only in how weight
/// decay enters: Adam adds it to the gradient (L2), AdamW shrinks the parameter before the
/// step (decoupled). The formulas and their order are PyTorch's single-tensor `_single_tensor_adam`
/// (`amsgrad=False`, `maximize=False`):
///
/// ```text
/// t = t + 1
/// p = p * (1 - lr * decoupledDecay)                  (AdamW)
/// g = grad + l2Decay * p                             (Adam)
/// m = beta1 * m + (1 - beta1) * g
/// v = beta2 * v + (1 - beta2) * g * g
/// p = p - (lr / (1 - beta1^t)) * m / (sqrt(v) / sqrt(1 - beta2^t) + epsilon)
/// ```
///
/// The two per-step numbers (`lr / (1 - beta1^t)` and `sqrt(1 - beta2^t)`, and AdamW's decay
/// factor) are stored 0-d arrays, so every step after the first reuses one cached plan.
struct AdamMoments: Sendable {
    /// Steps taken so far (PyTorch's `state['step']`).
    var step = 0
    /// The running means of the gradients, one per parameter (PyTorch's `exp_avg`).
    var first: [NDArray] = []
    /// The running means of the squared gradients (PyTorch's `exp_avg_sq`).
    var second: [NDArray] = []

    /// Checks the hyperparameters of `optimizer` as PyTorch's `Adam.__init__` does.
    static func checkHyperparameters(_ optimizer: String, learningRate: Double, beta1: Double, beta2: Double,
                                     epsilon: Double, weightDecay: Double) {
        NDArray.checkHyperparameters(optimizer, [
            (!(learningRate >= 0), "invalid learning rate \(learningRate): it must not be negative"),
            (!(epsilon >= 0), "invalid epsilon \(epsilon): it must not be negative"),
            (!(beta1 >= 0 && beta1 < 1), "invalid beta1 \(beta1): it must be in [0, 1)"),
            (!(beta2 >= 0 && beta2 < 1), "invalid beta2 \(beta2): it must be in [0, 1)"),
            (!(weightDecay >= 0), "invalid weight decay \(weightDecay): it must not be negative"),
        ])
    }

    /// One step on `parameters` (see the type's comment), evaluating the new parameters and
    /// moments in one evaluation; errors name `optimizer` and change nothing.
    mutating func update(_ parameters: inout [NDArray], _ gradients: [NDArray], optimizer: String, learningRate: Double,
                         beta1: Double, beta2: Double, epsilon: Double, l2Decay: Double, decoupledDecay: Double) {
        guard NDArray.checkUpdate(optimizer, parameters: parameters, gradients: gradients,
                                  stateShapes: first.map(\.shape), learningRate: learningRate) else { return }
        let next = pending(parameters, gradients, learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon,
                           l2Decay: l2Decay, decoupledDecay: decoupledDecay)
        NDArray.evaluate(next.parameters + next.first + next.second)
        parameters = next.parameters
        first = next.first
        second = next.second
        step += 1
    }

    /// The next step's parameters and moments as lazy arrays, for checked inputs; `update`
    /// evaluates them, tests plan them.
    func pending(_ parameters: [NDArray], _ gradients: [NDArray], learningRate: Double, beta1: Double, beta2: Double,
                 epsilon: Double, l2Decay: Double, decoupledDecay: Double) -> (parameters: [NDArray], first: [NDArray], second: [NDArray]) {
        let t = Double(step + 1)
        let stepSize = learningRate / (1 - pow(beta1, t))
        let correctionRoot = (1 - pow(beta2, t)).squareRoot()
        var updated: [NDArray] = [], firsts: [NDArray] = [], seconds: [NDArray] = []
        for (index, (parameter, gradient)) in zip(parameters, gradients).enumerated() {
            let dtype = parameter.dtype
            let decayed = decoupledDecay == 0 ? parameter
                : parameter * NDArray.stepScalar(1 - learningRate * decoupledDecay, dtype: dtype)
            let g = l2Decay == 0 ? gradient : gradient + l2Decay * decayed
            let m = first.isEmpty ? (1 - beta1) * g : beta1 * first[index] + (1 - beta1) * g
            let v = second.isEmpty ? (1 - beta2) * (g * g) : beta2 * second[index] + (1 - beta2) * (g * g)
            let denominator = sqrt(v) / NDArray.stepScalar(correctionRoot, dtype: dtype) + epsilon
            updated.append(decayed - NDArray.stepScalar(stepSize, dtype: dtype) * (m / denominator))
            firsts.append(m)
            seconds.append(v)
        }
        return (updated, firsts, seconds)
    }
}
