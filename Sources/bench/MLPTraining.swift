import Foundation
import LazyArray

/// `mlp_step`'s model and optimizer, carried from call to call as a training loop carries them:
/// each call is one step (forward, backward, Adam update) from where the previous one left the
/// parameters. The workload's arrays are the batch `x` (128, 784) and the starting weights and
/// biases; the first call scales the weights He-style (`√(2 / fan-in)`, the peers' start) and
/// zeroes the biases, and takes the labels (10 classes) from `x`'s first ten columns.
final class MLPTraining: @unchecked Sendable {
    private let lock = NSLock()
    private var parameters: [NDArray] = []
    private var labels = NDArray.zeros([0], dtype: .int64)
    private var optimizer = Adam(learningRate: 1e-3)
    /// The dtype the state was started for: a workload of another dtype starts it again.
    private var dtype: DType?

    /// The cross-entropy of the 784-256-10 perceptron `p` = [W1, b1, W2, b2] on `x`.
    static func loss(_ p: [NDArray], _ x: NDArray, _ labels: NDArray) -> NDArray {
        let hidden = relu(x.matmul(p[0]) + p[1])
        return crossEntropy(logits: hidden.matmul(p[2]) + p[3], labels: labels)
    }

    /// One training step on `inputs` = [x, W1, b1, W2, b2]; returns the step's (evaluated) loss.
    func step(_ inputs: [NDArray]) -> NDArray {
        lock.withLock {
            let x = inputs[0]
            if dtype != x.dtype {
                dtype = x.dtype
                parameters = [inputs[1] * (2.0 / 784).squareRoot(), inputs[2] * 0, inputs[3] * (2.0 / 256).squareRoot(), inputs[4] * 0]
                labels = x[.all, 0..<10].argmax(axis: 1)
                NDArray.evaluate(parameters + [labels])
                optimizer = Adam(learningRate: 1e-3)
            }
            let (loss, gradients) = valueAndGrad { (p: [NDArray]) -> NDArray in Self.loss(p, x, self.labels) }(parameters)
            NDArray.evaluate([loss] + gradients)
            optimizer.update(&parameters, gradients)
            return loss
        }
    }
}
