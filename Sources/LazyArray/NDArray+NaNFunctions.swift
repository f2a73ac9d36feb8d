import Kernels

// NumPy's NaN-ignoring reductions and `nan_to_num`, built from `where`, `isnan` and the plain
// reductions, so they stay lazy and fuse with their producers: `nansum(a * 2)` is one reduction
// kernel reading `a` once. Integer and bool inputs hold no NaN and give exactly the plain
// reductions (NumPy calls them too: `nansum` of int32 is int64, `nanmean` of int is float64).
// A slice of NaNs only: `nansum` 0, `nanprod` 1, `nanmax`/`nanmin`/`nanmean`/`nanvar` NaN
// (NumPy warns; nothing is printed here). Axes may be negative; nil means every axis.

/// Sum treating NaN as zero. NumPy: `np.nansum(a, axis, keepdims=)`.
public func nansum(_ a: NDArray, axis: Int? = nil, keepdims: Bool = false) -> NDArray {
    nansum(a, axes: axis.map { [$0] }, keepdims: keepdims)
}

/// Sum along several axes treating NaN as zero. NumPy: `np.nansum(a, axis=(0, 2))`.
public func nansum(_ a: NDArray, axes: [Int]?, keepdims: Bool = false) -> NDArray {
    a.replacingNaN(with: 0).reduce(.sum, axes: axes, keepdims: keepdims, name: "nansum")
}

/// Product treating NaN as one. NumPy: `np.nanprod(a, axis, keepdims=)`.
public func nanprod(_ a: NDArray, axis: Int? = nil, keepdims: Bool = false) -> NDArray {
    nanprod(a, axes: axis.map { [$0] }, keepdims: keepdims)
}

/// Product along several axes treating NaN as one. NumPy: `np.nanprod(a, axis=(0, 2))`.
public func nanprod(_ a: NDArray, axes: [Int]?, keepdims: Bool = false) -> NDArray {
    a.replacingNaN(with: 1).reduce(.prod, axes: axes, keepdims: keepdims, name: "nanprod")
}

/// Largest element ignoring NaN; NaN for a slice of NaNs only, an error for an empty axis.
/// NumPy: `np.nanmax(a, axis, keepdims=)`.
public func nanmax(_ a: NDArray, axis: Int? = nil, keepdims: Bool = false) -> NDArray {
    nanmax(a, axes: axis.map { [$0] }, keepdims: keepdims)
}

/// Largest element along several axes ignoring NaN. NumPy: `np.nanmax(a, axis=(0, 2))`.
public func nanmax(_ a: NDArray, axes: [Int]?, keepdims: Bool = false) -> NDArray {
    a.nanExtreme(.max, ignored: -Double.infinity, axes: axes, keepdims: keepdims, name: "nanmax")
}

/// Smallest element ignoring NaN; NaN for a slice of NaNs only, an error for an empty axis.
/// NumPy: `np.nanmin(a, axis, keepdims=)`.
public func nanmin(_ a: NDArray, axis: Int? = nil, keepdims: Bool = false) -> NDArray {
    nanmin(a, axes: axis.map { [$0] }, keepdims: keepdims)
}

/// Smallest element along several axes ignoring NaN. NumPy: `np.nanmin(a, axis=(0, 2))`.
public func nanmin(_ a: NDArray, axes: [Int]?, keepdims: Bool = false) -> NDArray {
    a.nanExtreme(.min, ignored: Double.infinity, axes: axes, keepdims: keepdims, name: "nanmin")
}

/// Mean of the elements that are not NaN (float64 for integers and bool); NaN for an empty
/// slice or one of NaNs only. NumPy: `np.nanmean(a, axis, keepdims=)`.
public func nanmean(_ a: NDArray, axis: Int? = nil, keepdims: Bool = false) -> NDArray {
    nanmean(a, axes: axis.map { [$0] }, keepdims: keepdims)
}

/// Mean along several axes of the elements that are not NaN. NumPy: `np.nanmean(a, axis=(0, 2))`.
public func nanmean(_ a: NDArray, axes: [Int]?, keepdims: Bool = false) -> NDArray {
    guard a.dtype.isFloatingPoint else { return a.mean(axes: axes, keepdims: keepdims) }
    // float16 and bfloat16 in float32 (the count too), rounded once, as `mean`.
    if let half = a.roundedOnceFromFloat32({ nanmean($0, axes: axes, keepdims: keepdims) }) { return half }
    let total = a.replacingNaN(with: 0).reduce(.sum, axes: axes, keepdims: keepdims, name: "nanmean")
    return total / a.nonNaNCount(axes: axes, keepdims: keepdims, name: "nanmean")
}

/// Variance of the elements that are not NaN, dividing by their count minus `ddof`; NaN where
/// that is not positive. NumPy: `np.nanvar(a, axis, ddof=, keepdims=)`.
public func nanvar(_ a: NDArray, axis: Int? = nil, ddof: Int = 0, keepdims: Bool = false) -> NDArray {
    nanvar(a, axes: axis.map { [$0] }, ddof: ddof, keepdims: keepdims)
}

/// Variance along several axes of the elements that are not NaN.
/// NumPy: `np.nanvar(a, axis=(0, 2), ddof=)`.
///
/// Two passes as NumPy's: the mean of the valid elements, then the sum of squared deviations
/// from it (NaNs contributing zero). The shifted one-pass form of ``NDArray/variance(axis:ddof:keepdims:)``
/// would need a shift that is not NaN, which a slice need not have in any fixed place.
public func nanvar(_ a: NDArray, axes: [Int]?, ddof: Int = 0, keepdims: Bool = false) -> NDArray {
    guard a.dtype.isFloatingPoint else { return a.variance(axes: axes, ddof: ddof, keepdims: keepdims) }
    // float16 and bfloat16 in float32, rounded once, as `variance`.
    if let half = a.roundedOnceFromFloat32({ nanvar($0, axes: axes, ddof: ddof, keepdims: keepdims) }) { return half }
    let nan = isnan(a)
    let count = a.nonNaNCount(axes: axes, keepdims: true, name: "nanvar")
    let mean = NDArray.where(nan, 0, a).reduce(.sum, axes: axes, keepdims: true, name: "nanvar") / count
    let deviation = NDArray.where(nan, 0, a - mean)
    let squares = (deviation * deviation).reduce(.sum, axes: axes, keepdims: keepdims, name: "nanvar")
    let freedom = count - Double(ddof)
    let divisor = keepdims ? freedom : freedom.reshape(squares.shape)
    return NDArray.where(divisor .<= 0, Double.nan, squares / divisor)
}

/// Standard deviation of the elements that are not NaN: `sqrt(nanvar)`.
/// NumPy: `np.nanstd(a, axis, ddof=, keepdims=)`.
public func nanstd(_ a: NDArray, axis: Int? = nil, ddof: Int = 0, keepdims: Bool = false) -> NDArray {
    sqrt(nanvar(a, axis: axis, ddof: ddof, keepdims: keepdims))
}

/// Standard deviation along several axes of the elements that are not NaN.
/// NumPy: `np.nanstd(a, axis=(0, 2), ddof=)`.
public func nanstd(_ a: NDArray, axes: [Int]?, ddof: Int = 0, keepdims: Bool = false) -> NDArray {
    sqrt(nanvar(a, axes: axes, ddof: ddof, keepdims: keepdims))
}

/// NaN replaced by `nan`, +inf by `posinf` and -inf by `neginf` (by default the dtype's
/// largest and smallest finite values); integer and bool arrays unchanged. The replacements
/// are converted to the array's dtype (1e300 becomes inf in float32, as in NumPy).
/// NumPy: `np.nan_to_num(a, nan=0.0, posinf=None, neginf=None)`.
public func nanToNum(_ a: NDArray, nan: Double = 0, posinf: Double? = nil, neginf: Double? = nil) -> NDArray {
    let largest: Double
    switch a.dtype {
    case .float32: largest = Double(Float.greatestFiniteMagnitude)
    case .float64: largest = Double.greatestFiniteMagnitude
    case .float16: largest = 65504
    case .bfloat16: largest = 0x1.FEp127
    case .bool, .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64: return a
    }
    let infinite = NDArray.where(a .== Double.infinity, posinf ?? largest, NDArray.where(a .== -Double.infinity, neginf ?? -largest, a))
    return NDArray.where(isnan(a), nan, infinite)
}

extension NDArray {
    /// The array with NaN replaced by `value` (unchanged when its dtype holds no NaN).
    fileprivate func replacingNaN(with value: Double) -> NDArray {
        dtype.isFloatingPoint ? NDArray.where(isnan(self), value, self) : self
    }

    /// How many elements along `axes` are not NaN, in the array's (floating) dtype.
    fileprivate func nonNaNCount(axes: [Int]?, keepdims: Bool, name: String) -> NDArray {
        logicalNot(isnan(self)).reduce(.sum, axes: axes, keepdims: keepdims, name: name).astype(dtype)
    }

    /// `max` or `min` with NaN replaced by `ignored` (the value that never wins), and NaN where
    /// the slice held nothing else: two reductions of the same axes, which share a kernel.
    fileprivate func nanExtreme(_ op: ReduceOp, ignored: Double, axes: [Int]?, keepdims: Bool, name: String) -> NDArray {
        guard dtype.isFloatingPoint else { return reduce(op, axes: axes, keepdims: keepdims, name: name) }
        let nan = isnan(self)
        let extreme = NDArray.where(nan, ignored, self).reduce(op, axes: axes, keepdims: keepdims, name: name)
        return NDArray.where(nan.reduce(.all, axes: axes, keepdims: keepdims, name: name), Double.nan, extreme)
    }
}
