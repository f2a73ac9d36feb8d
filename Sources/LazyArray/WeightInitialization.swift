import Kernels

/// How a layer's weights are drawn at random, scaled by the layer's fan-in (inputs per output)
/// and fan-out so that activations and gradients keep their variance from layer to layer.
/// The gains are PyTorch's defaults: `√2` for Kaiming (ReLU, `a = 0`), 1 for Xavier.
///
/// PyTorch: the `torch.nn.init` functions; JAX: `jax.nn.initializers`.
public enum WeightInitialization: Sendable, Hashable, CaseIterable {
    /// He et al.: uniform on `±√(6 / fanIn)`, variance `2 / fanIn`. PyTorch
    /// `nn.init.kaiming_uniform_(w, nonlinearity='relu')`; JAX `he_uniform()`.
    case kaimingUniform
    /// He et al.: normal with standard deviation `√(2 / fanIn)`. PyTorch
    /// `nn.init.kaiming_normal_(w, nonlinearity='relu')`; JAX `he_normal()` (truncated there).
    case kaimingNormal
    /// Glorot and Bengio: uniform on `±√(6 / (fanIn + fanOut))`. PyTorch
    /// `nn.init.xavier_uniform_(w)`; JAX `glorot_uniform()`.
    case xavierUniform
    /// Glorot and Bengio: normal with standard deviation `√(2 / (fanIn + fanOut))`. PyTorch
    /// `nn.init.xavier_normal_(w)`; JAX `glorot_normal()` (truncated there).
    case xavierNormal
    /// What `torch.nn.Linear` does by itself: weights uniform on `±1 / √fanIn`
    /// (`kaiming_uniform_(w, a=√5)`), and for ``Linear`` the bias too (the other cases start
    /// the bias at zero).
    case pyTorchDefault

    /// A lazy sample of `shape` drawn from `generator` with this scheme's scale for `fanIn`
    /// and `fanOut` (a fan of 0 gives zeros, as PyTorch's bound of 0 does). Like every sample
    /// it is computed when first read; evaluate it to keep it.
    ///
    /// PyTorch: `torch.nn.init.kaiming_uniform_(torch.empty(shape), ...)` and its siblings.
    public func sample(_ shape: [Int], fanIn: Int, fanOut: Int, generator: RandomGenerator = .shared,
                       dtype: DType = .float32) -> NDArray {
        switch self {
        case .kaimingUniform:
            let bound = Self.scale(6, over: fanIn)
            return generator.uniform(shape, low: -bound, high: bound, dtype: dtype)
        case .kaimingNormal:
            return generator.normal(shape, mean: 0, std: Self.scale(2, over: fanIn), dtype: dtype)
        case .xavierUniform:
            let bound = Self.scale(6, over: fanIn + fanOut)
            return generator.uniform(shape, low: -bound, high: bound, dtype: dtype)
        case .xavierNormal:
            return generator.normal(shape, mean: 0, std: Self.scale(2, over: fanIn + fanOut), dtype: dtype)
        case .pyTorchDefault:
            let bound = Self.scale(1, over: fanIn)
            return generator.uniform(shape, low: -bound, high: bound, dtype: dtype)
        }
    }

    /// `√(numerator / fan)`, 0 for an empty fan (where PyTorch's bound is 0 too, not a division
    /// by zero).
    static func scale(_ numerator: Double, over fan: Int) -> Double {
        fan > 0 ? (numerator / Double(fan)).squareRoot() : 0
    }
}
