import Kernels

/// An affine layer `x.matmul(weight) + bias`: a plain value holding its two parameters, which
/// the gradient functions and optimizers take as ``parameters``. The matrix product and the
/// bias add are one kernel (the add is the product's epilogue).
///
/// `weight` has shape `(inFeatures, outFeatures)`, so inputs multiply it from the left without
/// a transpose; PyTorch's `nn.Linear` stores the transpose, `(out_features, in_features)`.
///
/// PyTorch: `torch.nn.Linear(in_features, out_features)`; Flax: `nn.Dense(features)`.
///
/// ```swift
/// var layer = Linear(inFeatures: 4, outFeatures: 3, generator: RandomGenerator(seed: 1))
/// let vg = valueAndGrad { (p: [NDArray]) -> NDArray in
///     crossEntropy(logits: Linear(parameters: p)(x), labels: y)
/// }
/// var optimizer = SGD(learningRate: 0.1)
/// let (_, grads) = vg(layer.parameters)
/// optimizer.update(&layer.parameters, grads)
/// ```
public struct Linear: Sendable {
    /// The `(inFeatures, outFeatures)` matrix.
    public var weight: NDArray
    /// The `(outFeatures,)` vector added to every output row.
    public var bias: NDArray

    /// A layer of the given weight `(in, out)` and bias `(out,)`, which must share one float
    /// dtype; anything else is a ``LazyArrayError`` (and a zero layer of the weight's size
    /// inside ``NDArray/checking(_:)``).
    public init(weight: NDArray, bias: NDArray) {
        let features = weight.shape.count == 2 ? weight.shape : [0, 0]
        self.weight = weight
        self.bias = bias
        let problem: String? =
            if weight.ndim != 2 { "the weight has shape \(describe(weight.shape)); it must be a matrix (inFeatures, outFeatures)" }
            else if bias.shape != [weight.shape[1]] { "the bias has shape \(describe(bias.shape)); a weight of shape \(describe(weight.shape)) needs a bias of shape (\(weight.shape[1]),)" }
            else if !weight.dtype.isFloatingPoint || weight.dtype != bias.dtype { "weight (\(weight.dtype)) and bias (\(bias.dtype)) must have the same float dtype" }
            else { nil }
        if let problem {
            ErrorScope.report(LazyArrayError("Linear", problem))
            self.weight = NDArray.zeros(features, dtype: .float32)
            self.bias = NDArray.zeros([features[1]], dtype: .float32)
        }
    }

    /// A layer of `inFeatures` inputs and `outFeatures` outputs whose weight is drawn with
    /// `initialization` (Kaiming uniform by default) from `generator`, with a zero bias (or,
    /// for ``WeightInitialization/pyTorchDefault``, a bias uniform on `±1 / √inFeatures`). Both
    /// are evaluated here, so the layer starts from stored values and later reads do not draw
    /// them again. float32 by default, as in PyTorch.
    ///
    /// PyTorch: `nn.Linear(in_features, out_features, dtype=)` then `nn.init.<scheme>_(weight)`
    /// and `nn.init.zeros_(bias)`.
    public init(inFeatures: Int, outFeatures: Int, initialization: WeightInitialization = .kaimingUniform,
                generator: RandomGenerator = .shared, dtype: DType = .float32) {
        guard inFeatures >= 0, outFeatures >= 0, dtype.isFloatingPoint else {
            ErrorScope.report(LazyArrayError("Linear", "cannot make a layer of \(inFeatures) inputs and \(outFeatures) outputs of dtype \(dtype): feature counts must be non-negative and the dtype float32 or float64"))
            self.init(weight: .zeros([0, 0], dtype: .float32), bias: .zeros([0], dtype: .float32))
            return
        }
        let weight = initialization.sample([inFeatures, outFeatures], fanIn: inFeatures, fanOut: outFeatures,
                                           generator: generator, dtype: dtype)
        let bias: NDArray
        if initialization == .pyTorchDefault {
            let bound = WeightInitialization.scale(1, over: inFeatures)
            bias = generator.uniform([outFeatures], low: -bound, high: bound, dtype: dtype)
        } else {
            bias = NDArray.zeros([outFeatures], dtype: dtype)
        }
        NDArray.evaluate([weight, bias])
        self.init(weight: weight, bias: bias)
    }

    /// A layer from `[weight, bias]`, the order of ``parameters``: how a function being
    /// differentiated rebuilds the layer from the arrays it is differentiated with respect to.
    public init(parameters: [NDArray]) {
        guard parameters.count == 2 else {
            ErrorScope.report(LazyArrayError("Linear", "a layer is made of 2 parameters [weight, bias], got \(parameters.count)"))
            self.init(weight: .zeros([0, 0], dtype: .float32), bias: .zeros([0], dtype: .float32))
            return
        }
        self.init(weight: parameters[0], bias: parameters[1])
    }

    /// `[weight, bias]`: what `valueAndGrad` and `grad` differentiate and an
    /// ``Optimizer`` updates (`optimizer.update(&layer.parameters, grads)`). Setting it checks
    /// the arrays as ``init(weight:bias:)`` does. PyTorch: `list(layer.parameters())`.
    public var parameters: [NDArray] {
        get { [weight, bias] }
        set { self = Linear(parameters: newValue) }
    }

    /// The number of inputs each row of `x` must have: the weight's first axis.
    public var inFeatures: Int { weight.shape[0] }
    /// The number of outputs of each row: the weight's second axis.
    public var outFeatures: Int { weight.shape[1] }

    /// `x.matmul(weight) + bias` for `x` of shape `(..., inFeatures)`, with NumPy's dtype
    /// promotion (a float64 `x` gives float64 outputs). PyTorch: `layer(x)`.
    public func callAsFunction(_ x: NDArray) -> NDArray {
        guard x.ndim >= 1, x.shape[x.ndim - 1] == inFeatures else {
            let rows = x.ndim >= 1 ? Array(x.shape.dropLast()) : []
            return NDArray.failed(LazyArrayError("Linear", "input of shape \(describe(x.shape)) needs \(inFeatures) features in its last axis for a weight of shape \(describe(weight.shape))"),
                                  shape: rows + [outFeatures], dtype: weight.dtype)
        }
        return x.matmul(weight) + bias
    }
}
