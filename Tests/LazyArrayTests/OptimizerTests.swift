import Foundation
import Testing
@testable import LazyArray
import Kernels

/// The optimizers against scalar transcriptions of PyTorch's update formulas over several
/// steps; the kernels and plans an update takes; learning-rate schedules; a small training run;
/// and the errors.
@Suite(.timeLimit(.minutes(10))) struct OptimizerTests {
    /// float64 throughout. The references below do PyTorch's operations in PyTorch's order, so
    /// the only differences are the block VM's merged multiply-adds (one rounding where the
    /// reference has two) compounding over a few steps: 1e-12 relative is thousands of times
    /// that, and far below any slip in a formula (a missing bias correction is a factor of 10
    /// at step 1).
    func close(_ a: [Double], _ b: [Double], tolerance: Double = 1e-12) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { Swift.abs($0 - $1) <= tolerance * Swift.max(1, Swift.abs($0), Swift.abs($1)) }
    }

    /// Parameters and one gradient per step for each, generated from `seed`: shapes (3,) and
    /// (2, 2), values in [-2, 2].
    struct Case {
        var parameters: [[Double]]
        var gradients: [[[Double]]]   // [step][parameter][element]
        let shapes = [[3], [2, 2]]

        init(seed: UInt64, steps: Int) {
            var rng = SplitMix64(state: seed)
            func values(_ n: Int) -> [Double] { (0..<n).map { _ in Double(rng.int(-128...128)) / 64 } }
            let sizes = [[3], [2, 2]].map { $0.reduce(1, *) }
            parameters = sizes.map(values)
            gradients = (0..<steps).map { _ in sizes.map(values) }
        }

        func arrays(_ values: [[Double]]) -> [NDArray] { zip(values, shapes).map { NDArray($0, shape: $1) } }
    }

    /// PyTorch's `_single_tensor_sgd` for one element (`dampening = 0`); `buffer` is nil before
    /// the first step.
    static func referenceSGD(_ p: inout Double, _ grad: Double, _ buffer: inout Double?, lr: Double, momentum: Double,
                             nesterov: Bool, weightDecay: Double) {
        var g = weightDecay != 0 ? grad + weightDecay * p : grad
        if momentum != 0 {
            let b = buffer.map { momentum * $0 + g } ?? g
            buffer = b
            g = nesterov ? g + momentum * b : b
        }
        p = p + -lr * g
    }

    /// PyTorch's `_single_tensor_adam` for one element (`amsgrad=False`); `decoupled` is
    /// AdamW's `param.mul_(1 - lr * weight_decay)` instead of Adam's `grad.add(param, alpha=wd)`.
    static func referenceAdam(_ p: inout Double, _ grad: Double, _ m: inout Double, _ v: inout Double, step: Int,
                              lr: Double, beta1: Double, beta2: Double, eps: Double, weightDecay: Double, decoupled: Bool) {
        var g = grad
        if weightDecay != 0 {
            if decoupled { p = p * (1 - lr * weightDecay) } else { g = g + weightDecay * p }
        }
        m = m + (g - m) * (1 - beta1)                       // exp_avg.lerp_(grad, 1 - beta1)
        v = v * beta2 + (1 - beta2) * g * g                 // exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
        let biasCorrection1 = 1 - Foundation.pow(beta1, Double(step))
        let biasCorrection2 = 1 - Foundation.pow(beta2, Double(step))
        let stepSize = lr / biasCorrection1
        let denominator = v.squareRoot() / biasCorrection2.squareRoot() + eps
        p = p + -stepSize * (m / denominator)               // param.addcdiv_(exp_avg, denom, value=-step_size)
    }

    /// `(momentum, nesterov, weight decay)`: plain, heavy ball, Nesterov, each with and
    /// without decay; the learning rate changes every step as a schedule would change it.
    @Test(arguments: [(0.0, false, 0.0), (0.9, false, 0.0), (0.9, true, 0.0), (0.0, false, 0.1), (0.5, false, 0.01), (0.8, true, 0.05)])
    func sgdFollowsPyTorch(momentum: Double, nesterov: Bool, weightDecay: Double) {
        let steps = 5
        var data = Case(seed: 3, steps: steps)
        var parameters = data.arrays(data.parameters)
        var optimizer = SGD(learningRate: 0.1, momentum: momentum, nesterov: nesterov, weightDecay: weightDecay)
        var buffers: [[Double?]] = data.parameters.map { $0.map { _ in nil } }
        for step in 0..<steps {
            optimizer.learningRate = 0.1 / Double(step + 1)
            optimizer.update(&parameters, data.arrays(data.gradients[step]))
            for i in data.parameters.indices {
                for e in data.parameters[i].indices {
                    Self.referenceSGD(&data.parameters[i][e], data.gradients[step][i][e], &buffers[i][e], lr: optimizer.learningRate,
                                      momentum: momentum, nesterov: nesterov, weightDecay: weightDecay)
                }
                #expect(close(parameters[i].toArray(Double.self), data.parameters[i]), "step \(step), parameter \(i)")
                #expect(parameters[i].shape == data.shapes[i])
            }
            #expect(optimizer.momentumBuffers.count == (momentum == 0 ? 0 : 2))
            for (i, buffer) in optimizer.momentumBuffers.enumerated() {
                #expect(close(buffer.toArray(Double.self), buffers[i].map { $0! }), "buffer \(i) at step \(step)")
            }
        }
    }

    /// `(decoupled, weight decay)`: Adam, Adam with L2 decay, AdamW, AdamW with PyTorch's
    /// default decay; non-default betas so that each appears in the result.
    @Test(arguments: [(false, 0.0), (false, 0.1), (true, 0.1), (true, 0.01)])
    func adamFollowsPyTorch(decoupled: Bool, weightDecay: Double) {
        let steps = 6
        let (beta1, beta2, eps) = (0.8, 0.95, 1e-3)
        var data = Case(seed: 4, steps: steps)
        var parameters = data.arrays(data.parameters)
        var adam = Adam(learningRate: 0.05, beta1: beta1, beta2: beta2, epsilon: eps, weightDecay: weightDecay)
        var adamW = AdamW(learningRate: 0.05, beta1: beta1, beta2: beta2, epsilon: eps, weightDecay: weightDecay)
        var m = data.parameters.map { $0.map { _ in 0.0 } }, v = m
        for step in 0..<steps {
            let lr = 0.05 * (step % 2 == 0 ? 1 : 0.5)
            let gradients = data.arrays(data.gradients[step])
            if decoupled {
                adamW.learningRate = lr
                adamW.update(&parameters, gradients)
            } else {
                adam.learningRate = lr
                adam.update(&parameters, gradients)
            }
            let (firsts, seconds) = decoupled ? (adamW.firstMoments, adamW.secondMoments) : (adam.firstMoments, adam.secondMoments)
            #expect((decoupled ? adamW.step : adam.step) == step + 1)
            for i in data.parameters.indices {
                for e in data.parameters[i].indices {
                    Self.referenceAdam(&data.parameters[i][e], data.gradients[step][i][e], &m[i][e], &v[i][e], step: step + 1, lr: lr,
                                       beta1: beta1, beta2: beta2, eps: eps, weightDecay: weightDecay, decoupled: decoupled)
                }
                #expect(close(parameters[i].toArray(Double.self), data.parameters[i]), "step \(step), parameter \(i)")
                #expect(close(firsts[i].toArray(Double.self), m[i]) && close(seconds[i].toArray(Double.self), v[i]), "moments at step \(step)")
            }
        }
    }

    /// float32 parameters stay float32, and follow the float64 reference to float32 precision:
    /// each step's operations round to 2⁻²⁴ relative, and 5 steps of them stay under 1e-5.
    @Test func adamKeepsFloat32() {
        var data = Case(seed: 5, steps: 5)
        var parameters = data.arrays(data.parameters).map { $0.astype(.float32).evaluate() }
        var optimizer = Adam(learningRate: 0.01)
        var m = data.parameters.map { $0.map { _ in 0.0 } }, v = m
        for step in 0..<5 {
            optimizer.update(&parameters, data.arrays(data.gradients[step]).map { $0.astype(.float32) })
            for i in data.parameters.indices {
                for e in data.parameters[i].indices {
                    Self.referenceAdam(&data.parameters[i][e], data.gradients[step][i][e], &m[i][e], &v[i][e], step: step + 1, lr: 0.01,
                                       beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, decoupled: false)
                }
                #expect(parameters[i].dtype == .float32 && optimizer.firstMoments[i].dtype == .float32)
                #expect(close(parameters[i].toArray(Double.self), data.parameters[i], tolerance: 1e-5))
            }
        }
    }

    // MARK: - kernels and plans

    /// With the parameter and its gradient in memory, an Adam step is one kernel whose outputs
    /// are the new parameter and both moments, at the first step and at later ones, and it
    /// reads and writes each array once: from the second step p, g, m and v are read and p, m
    /// and v written (7 arrays of 1000 float64s) plus the two 0-d step numbers; the first
    /// step's moments start as constants, so it reads only p and g (5 arrays).
    @Test func anAdamUpdateOfOneParameterIsOneKernel() {
        var parameters = [NDArray((0..<1000).map { Double($0) / 1000 })]
        let gradient = [NDArray((0..<1000).map { Double($0 % 7) - 3 })]
        var optimizer = Adam(learningRate: 0.01)
        for step in 1...3 {
            let statistics = NDArray.statistics { optimizer.update(&parameters, gradient) }
            #expect(statistics.kernelsRun == 1, "step \(step): \(statistics)")
            #expect(statistics.planCacheHits + statistics.planCacheMisses == 1, "one evaluation")
            #expect(statistics.bytesMoved == (step == 1 ? 5 : 7) * 8000 + 2 * 8, "step \(step): \(statistics)")
        }
        #expect(parameters[0].isEvaluated && optimizer.firstMoments[0].isEvaluated && optimizer.secondMoments[0].isEvaluated)
    }

    /// The updates of several parameters are one evaluation (one plan), one kernel each; a
    /// new learning rate every step reuses that plan, since rates enter as data.
    @Test(arguments: ["SGD", "Adam", "AdamW"]) func severalParametersArePlannedTogether(name: String) {
        var parameters = [NDArray.zeros([5]), NDArray.zeros([2, 3]), NDArray.zeros([4, 1, 2])].map { ($0 + 1).evaluate() }
        let gradients = parameters.map { ($0 * 0.5).evaluate() }
        var optimizer: any Optimizer = switch name {
        case "SGD": SGD(learningRate: 0.1, momentum: 0.9)
        case "Adam": Adam()
        default: AdamW()
        }
        for step in 0..<5 {
            optimizer.learningRate = 0.1 / Double(step + 1)
            let statistics = NDArray.statistics { optimizer.update(&parameters, gradients) }
            #expect(statistics.planCacheHits + statistics.planCacheMisses == 1, "\(name) step \(step): one evaluation")
            #expect(statistics.kernelsRun == 3, "\(name) step \(step): one kernel per parameter, \(statistics)")
            // The first step has no state yet and the second is the first with it (for SGD,
            // whose first momentum buffer is the gradient itself, one buffer read as two); from
            // the fourth on the structure repeats, whatever the learning rate.
            if step >= 3 { #expect(statistics.planCacheMisses == 0, "\(name) step \(step) planned again") }
        }
        #expect(parameters.allSatisfy { $0.isEvaluated })
    }

    /// With lazy gradients the whole training step, forward, backward and update, is one
    /// evaluation inside `update`.
    @Test func lazyGradientsAreComputedInTheUpdatesEvaluation() {
        let x = NDArray([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]), labels = NDArray([0, 1, 1])
        var layer = Linear(weight: NDArray([[0.1, -0.2], [0.3, 0.05]]), bias: NDArray([0.0, 0.1]))
        let (loss, grads) = valueAndGrad { (p: [NDArray]) -> NDArray in crossEntropy(logits: Linear(parameters: p)(x), labels: labels) }(layer.parameters)
        #expect(!grads[0].isEvaluated)
        var optimizer = SGD(learningRate: 0.5)
        let statistics = NDArray.statistics { optimizer.update(&layer.parameters, grads) }
        #expect(statistics.planCacheHits + statistics.planCacheMisses == 1)
        #expect(layer.weight.isEvaluated && layer.bias.isEvaluated)
        #expect(!loss.isEvaluated, "the loss was not asked for")
    }

    // MARK: - training

    /// Two Gaussian blobs, separable along x₀ + x₁: a linear classifier started at zero
    /// (chance, a loss of log 2) and trained with Adam on cross-entropy gets under 0.1 in 100
    /// steps and classifies every point. The loss is read from the same evaluation as the
    /// gradients.
    @Test func aLinearClassifierLearns() {
        let generator = RandomGenerator(seed: 11)
        let centers = NDArray([[2.0, 2.0], [-2.0, -2.0]])
        let labels = NDArray((0..<64).map { $0 % 2 })
        let x = (oneHot(labels, classes: 2).matmul(centers) + generator.normal([64, 2], std: 0.5)).evaluate()
        var layer = Linear(weight: NDArray.zeros([2, 2]), bias: NDArray.zeros([2]))
        var optimizer = Adam(learningRate: 0.1)
        let step = valueAndGrad { (p: [NDArray]) -> NDArray in crossEntropy(logits: Linear(parameters: p)(x), labels: labels) }
        var losses: [Double] = []
        for _ in 0..<100 {
            let (loss, grads) = step(layer.parameters)
            NDArray.evaluate([loss] + grads)
            losses.append(loss.item(Double.self))
            optimizer.update(&layer.parameters, grads)
        }
        #expect(close([losses[0]], [Foundation.log(2)]) && losses[99] < 0.1, "losses \(losses[0]) ... \(losses[99])")
        let predictions = layer(x).argmax(axis: 1).toArray(Int.self)
        #expect(predictions == labels.toArray(Int.self))
    }

    // MARK: - schedules

    @Test func stepScheduleDropsByGamma() {
        let schedule = StepSchedule(initial: 0.1, stepSize: 3, gamma: 0.5)
        #expect((0..<8).map { schedule($0) } == [0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025])
        #expect(StepSchedule(initial: 1, stepSize: 1)(2) == Foundation.pow(0.1, 2), "PyTorch's default gamma, 0.1")
    }

    /// PyTorch's closed form at 0, a quarter, half and the end; held at the minimum after.
    @Test func cosineScheduleFollowsHalfACosine() {
        let schedule = CosineSchedule(initial: 1, totalSteps: 100, minimum: 0.1)
        let expected = [0, 25, 50, 100].map { 0.1 + (1 - 0.1) * (1 + Foundation.cos(Double.pi * Double($0) / 100)) / 2 }
        #expect([0, 25, 50, 100].map { schedule($0) } == expected)
        #expect(schedule(0) == 1 && Swift.abs(schedule(50) - 0.55) < 1e-15 && schedule(100) == 0.1)
        #expect(schedule(250) == 0.1)
    }

    // MARK: - errors

    @Test func mismatchedGradientsAreErrorsThatChangeNothing() {
        let original = [NDArray([1.0, 2.0]), NDArray([3.0])]
        var parameters = original
        var optimizer = Adam()
        func failure(_ gradients: [NDArray]) -> String? { errorMessage { optimizer.update(&parameters, gradients) } }
        #expect(failure([NDArray([1.0, 1.0])]) == "[Adam] 1 gradients for 2 parameters: each parameter needs one")
        #expect(failure([NDArray([1.0, 1.0]), NDArray([1.0, 1.0])])
                == "[Adam] gradient 1 of shape (2,) and dtype float64 does not match its parameter of shape (1,) and dtype float64")
        #expect(failure([NDArray([1.0, 1.0]), NDArray([Float(1)])])?.contains("gradient 1 of shape (1,) and dtype float32") == true)
        #expect(parameters.map { $0.toArray(Double.self) } == [[1, 2], [3]] && optimizer.step == 0)
        var integers = [NDArray([1, 2])]
        var sgd = SGD(learningRate: 0.1)
        #expect(errorMessage { sgd.update(&integers, [NDArray([1, 1])]) }
                == "[SGD] parameter 0 has dtype int64: only float32 and float64 parameters can be updated")
    }

    @Test func stateIsForOneListOfParameters() {
        var parameters = [NDArray([1.0, 2.0])]
        var optimizer = AdamW()
        optimizer.update(&parameters, [NDArray([0.5, 0.5])])
        var others = [NDArray([1.0, 2.0, 3.0])]
        let message = errorMessage { optimizer.update(&others, [NDArray([0.5, 0.5, 0.5])]) }
        #expect(message?.hasPrefix("[AdamW] the parameters' shapes (3,) differ from those its state was made for, (2,)") == true, "\(message ?? "no error")")
        #expect(optimizer.step == 1)
    }

    @Test func invalidHyperparametersAreErrors() {
        #expect(errorMessage { _ = SGD(learningRate: -1) } == "[SGD] invalid learning rate -1.0: it must not be negative")
        #expect(errorMessage { _ = SGD(learningRate: 0.1, nesterov: true) } == "[SGD] Nesterov momentum needs a momentum above 0")
        #expect(errorMessage { _ = Adam(beta1: 1) } == "[Adam] invalid beta1 1.0: it must be in [0, 1)")
        #expect(errorMessage { _ = AdamW(weightDecay: -0.1) } == "[AdamW] invalid weight decay -0.1: it must not be negative")
        #expect(errorMessage { _ = Adam(epsilon: .nan) } == "[Adam] invalid epsilon nan: it must not be negative")
        var parameters = [NDArray([1.0])]
        var optimizer = SGD(learningRate: 0.1)
        optimizer.learningRate = -0.1
        #expect(errorMessage { optimizer.update(&parameters, [NDArray([1.0])]) }
                == "[SGD] invalid learning rate -0.1: it must be finite and not negative")
        #expect(errorMessage { _ = StepSchedule(initial: 1, stepSize: 0) } == "[StepSchedule] step size 0 must be at least 1")
        #expect(errorMessage { _ = CosineSchedule(initial: 1, totalSteps: 10)(-1) } == "[CosineSchedule] step -1 is negative: steps count from 0")
    }
}
