import Kernels

// Losses are plain functions of arrays, built from existing differentiable operations, so
// `grad` and `valueAndGrad` differentiate them with no rule of their own, and a loss, its
// gradient and the step that uses them plan as one graph.

/// The mean squared error between `prediction` and `target` (of the same shape):
/// `mean((prediction - target)²)`, or its sum or the squares themselves by `reduction`.
/// Integer inputs are compared in float64. The gradient with respect to `prediction` is
/// `2 (prediction - target) / n` for the mean over `n` elements.
///
/// PyTorch: `F.mse_loss(prediction, target, reduction=)`, which broadcasts with a warning where
/// this one refuses different shapes (a `(n, 1)` prediction against `(n,)` targets would
/// otherwise compare every prediction with every target).
///
/// ```swift
/// mseLoss(NDArray([1.0, 2.0]), NDArray([0.0, 4.0]))   // (1 + 4) / 2 = 2.5
/// ```
public func mseLoss(_ prediction: NDArray, _ target: NDArray, reduction: LossReduction = .mean) -> NDArray {
    guard prediction.shape == target.shape else {
        return NDArray.failed(LazyArrayError("mse_loss", "prediction of shape \(describe(prediction.shape)) and target of shape \(describe(target.shape)) differ: the loss compares them element for element, so their shapes must be equal (reshape one)"),
                              shape: reduction == .none ? prediction.shape : [], dtype: .float64)
    }
    let difference = prediction - target
    return reduction.apply(to: square(difference.astype(difference.dtype.floatingResult)))
}

/// The cross-entropy between the softmax of `logits` along their last axis (the classes) and
/// `labels`, per sample `-Σ_c target_c · logSoftmax(logits)_c`, then reduced (the mean over
/// the samples by default). Computed through ``logSoftmax(_:axis:)->NDArray`` (the maximum is
/// subtracted first), so large logits neither overflow nor lose the small probabilities.
///
/// `labels` is either
/// - integer class indices (int32 or int64) of the logits' shape without the class axis: each
///   becomes a one-hot row by comparison with `arange(classes)`, which fuses into the loss and
///   is a constant for the gradient; or
/// - float targets (one-hot rows or probabilities) of the logits' shape, cast to the logits'
///   float dtype.
///
/// The gradient with respect to `logits` is `(softmax(logits) - target) / samples` for the
/// mean. An index outside `0..<classes` cannot be checked without reading the labels, which
/// would make the loss wait for them: such a label matches no class, so its sample adds 0 to
/// the loss and to the gradient (and still counts in the mean's denominator). Check labels
/// once where that matters: `((labels .< 0) | (labels .>= classes)).any()`.
///
/// PyTorch: `F.cross_entropy(logits, labels, reduction=)`, without `weight`, `ignore_index` or
/// `label_smoothing`, and with the classes on the *last* axis where PyTorch puts them on axis
/// 1 (the same for the usual `(batch, classes)`; move the axis of `(N, C, d...)` logits with
/// `transposed`). JAX: `optax.softmax_cross_entropy_with_integer_labels`.
///
/// ```swift
/// let loss = crossEntropy(logits: z, labels: NDArray([2, 0, 1]))   // z: (3, classes)
/// ```
public func crossEntropy(logits: NDArray, labels: NDArray, reduction: LossReduction = .mean) -> NDArray {
    let name = "cross_entropy"
    let resultType = logits.dtype.floatingResult
    let sampleShape = Array(logits.shape.dropLast())
    func failure(_ reason: String) -> NDArray {
        NDArray.failed(LazyArrayError(name, reason), shape: reduction == .none ? sampleShape : [], dtype: resultType)
    }
    guard let classes = logits.shape.last, classes > 0 else {
        return failure("logits of shape \(describe(logits.shape)) have no class axis with classes in it: they need shape (..., classes) with classes > 0")
    }
    let logProbabilities = logSoftmax(logits, axis: -1)
    let targets: NDArray
    if labels.dtype.isInteger {
        guard labels.shape == sampleShape else {
            return failure("integer labels of shape \(describe(labels.shape)) do not match logits of shape \(describe(logits.shape)): class indices need the logits' shape without the last (class) axis, \(describe(sampleShape))")
        }
        targets = (labels.expandDims(axis: -1) .== NDArray.arange(classes)).astype(logProbabilities.dtype)
    } else if labels.dtype.isFloatingPoint {
        guard labels.shape == logits.shape else {
            return failure("float targets of shape \(describe(labels.shape)) do not match logits of shape \(describe(logits.shape)): probabilities need the logits' shape (integer class indices need \(describe(sampleShape)))")
        }
        targets = labels.astype(logProbabilities.dtype)
    } else {
        return failure("labels of dtype \(labels.dtype) are neither integer class indices nor float probabilities (cast them with astype)")
    }
    return reduction.apply(to: -(targets * logProbabilities).sum(axis: -1))
}

/// The binary cross-entropy between `sigmoid(logits)` and `targets` (of the same shape),
/// computed from the logits in the stable form `max(z, 0) - z·t + log1p(exp(-|z|))`, which
/// never takes the log of a rounded-off probability and never overflows; then reduced (the
/// mean by default). Targets are cast to the logits' float dtype and may be soft (between 0
/// and 1). The gradient with respect to `logits` is `sigmoid(z) - t` per element (divided by
/// the count for the mean), also at `z = 0`, where `max`'s tie gives 1/2.
///
/// PyTorch: `F.binary_cross_entropy_with_logits(logits, targets, reduction=)` without `weight`
/// or `pos_weight`; JAX: `optax.sigmoid_binary_cross_entropy`.
public func binaryCrossEntropy(logits: NDArray, targets: NDArray, reduction: LossReduction = .mean) -> NDArray {
    let z = logits.astype(logits.dtype.floatingResult)
    guard logits.shape == targets.shape else {
        return NDArray.failed(LazyArrayError("binary_cross_entropy_with_logits", "targets of shape \(describe(targets.shape)) do not match logits of shape \(describe(logits.shape)): each logit needs its target, so the shapes must be equal"),
                              shape: reduction == .none ? logits.shape : [], dtype: z.dtype)
    }
    let t = targets.astype(z.dtype)
    return reduction.apply(to: maximum(z, 0.0) - z * t + log1p(exp(-abs(z))))
}
