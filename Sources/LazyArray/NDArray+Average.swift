import Kernels

/// The weighted mean along `axis` (of everything when nil): `sum(a * w) / sum(w)`, or the
/// plain ``NDArray/mean(axis:keepdims:)`` without weights. NumPy:
/// `np.average(a, axis=None, weights=None, keepdims=False)`.
///
/// `weights` has `a`'s shape, or is 1-D with the length of `a` along `axis` (then `axis` is
/// required). The result dtype is NumPy's: the promoted dtype of `a` and `weights`, at least
/// float64 when `a` is integer or bool (`average` of float32 with float32 weights is float32).
/// The weighted sum stays lazy and fuses with `a`'s producers; the weights' sum is evaluated
/// at the call, since a zero sum must be reported here (NumPy's `ZeroDivisionError`).
///
/// - Throws: ``LazyArrayError`` `[average] weights sum to zero, can't be normalized`, a bad
///   axis, or weights whose shape fits neither rule.
public func average(_ a: NDArray, axis: Int? = nil, weights: NDArray? = nil, keepdims: Bool = false) throws -> NDArray {
    let axes = try a.resolveAxes(axis.map { [$0] }, "average").get()
    guard var weights else { return a.mean(axes: axes, keepdims: keepdims) }
    let type = a.dtype.isFloatingPoint ? DType.promote(a.dtype, weights.dtype) : DType.promote(DType.promote(a.dtype, weights.dtype), .float64)
    if weights.shape != a.shape {
        guard let axis, let position = axes.first else {
            throw LazyArrayError("average", "axis must be specified when shapes of a \(describe(a.shape)) and weights \(describe(weights.shape)) differ")
        }
        guard weights.shape == [a.shape[position]] else {
            throw LazyArrayError("average", "shape of weights \(describe(weights.shape)) must be consistent with shape of a \(describe(a.shape)) along axis \(axis)")
        }
        weights = weights.reshape(a.shape.indices.map { $0 == position ? a.shape[position] : 1 })
    }
    // A float16 or bfloat16 result is computed in float32 and rounded once, as `mean`'s.
    let compute = type.isHalfPrecision ? DType.float32 : type
    let w = weights.astype(compute)
    let scale = w.sum(axes: axes, keepdims: keepdims).evaluate()
    if (scale .== 0).any().item(Bool.self) { throw LazyArrayError("average", "weights sum to zero, can't be normalized") }
    return ((a.astype(compute) * w).sum(axes: axes, keepdims: keepdims) / scale).astype(type)
}
