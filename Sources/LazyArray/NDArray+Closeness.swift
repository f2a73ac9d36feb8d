import Kernels

// Approximate and exact equality as NumPy's: `isclose` is lazy elementwise (one bool kernel,
// fusable with what follows), `allclose` and `arrayEqual` evaluate and answer a Swift `Bool`
// as NumPy's answer a Python bool.
//
// `isclose` follows NumPy 2's formula term by term, so that results agree to the bit:
// `|a - b| <= atol + rtol * |b|` where `b` is finite, or `a == b` (equal infinities), or both
// NaN with `equalNan`. It is not symmetric: `b` is the reference. An integer or bool `b` is
// first converted to float64 (NumPy: `result_type(b, 1.0)`), so the difference cannot wrap; a
// Swift scalar stays a weak scalar (`isclose(float32Array, 0.1)` compares in float32).

/// Whether each `a` is within `atol + rtol * |b|` of `b` (bool, broadcast).
/// NumPy: `np.isclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False)`.
public func isclose(_ a: NDArray, _ b: NDArray, rtol: Double = 1e-5, atol: Double = 1e-8, equalNan: Bool = false) -> NDArray {
    let y = b.astype(b.dtype.isFloatingPoint ? b.dtype : .float64)
    let close = (abs(a - y) .<= atol + rtol * abs(y)) & isfinite(y) | (a .== y)
    return equalNan ? close | (isnan(a) & isnan(y)) : close
}

/// `isclose` against a Swift number. NumPy: `np.isclose(a, 0.5)`.
public func isclose<S: NDArrayScalar>(_ a: NDArray, _ b: S, rtol: Double = 1e-5, atol: Double = 1e-8, equalNan: Bool = false) -> NDArray {
    let y = b.scalarValue.doubleValue
    let equal = a .== y
    if y.isNaN { return equalNan ? isnan(a) : equal }
    return y.isFinite ? (abs(a - y) .<= atol + rtol * Swift.abs(y)) | equal : equal
}

/// `isclose` of a Swift number against an array. NumPy: `np.isclose(0.5, b)`.
public func isclose<S: NDArrayScalar>(_ a: S, _ b: NDArray, rtol: Double = 1e-5, atol: Double = 1e-8, equalNan: Bool = false) -> NDArray {
    let y = b.astype(b.dtype.isFloatingPoint ? b.dtype : .float64)
    let close = (abs(a - y) .<= atol + rtol * abs(y)) & isfinite(y) | (a .== y)
    return equalNan && a.scalarValue.doubleValue.isNaN ? close | isnan(y) : close
}

/// Whether every element of `a` is close to `b` (see ``isclose(_:_:rtol:atol:equalNan:)``);
/// evaluates. NumPy: `np.allclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False)`.
public func allclose(_ a: NDArray, _ b: NDArray, rtol: Double = 1e-5, atol: Double = 1e-8, equalNan: Bool = false) -> Bool {
    isclose(a, b, rtol: rtol, atol: atol, equalNan: equalNan).all().item(Bool.self)
}

/// Whether every element of `a` is close to a Swift number; evaluates. NumPy: `np.allclose(a, 0.5)`.
public func allclose<S: NDArrayScalar>(_ a: NDArray, _ b: S, rtol: Double = 1e-5, atol: Double = 1e-8, equalNan: Bool = false) -> Bool {
    isclose(a, b, rtol: rtol, atol: atol, equalNan: equalNan).all().item(Bool.self)
}

/// Whether a Swift number is close to every element of `b`; evaluates. NumPy: `np.allclose(0.5, b)`.
public func allclose<S: NDArrayScalar>(_ a: S, _ b: NDArray, rtol: Double = 1e-5, atol: Double = 1e-8, equalNan: Bool = false) -> Bool {
    isclose(a, b, rtol: rtol, atol: atol, equalNan: equalNan).all().item(Bool.self)
}

/// Whether `a` and `b` have the same shape and equal elements (compared in their promoted
/// dtype; NaNs equal each other only with `equalNan`). Different shapes give `false`, not a
/// broadcast; evaluates. NumPy: `np.array_equal(a, b, equal_nan=False)`.
public func arrayEqual(_ a: NDArray, _ b: NDArray, equalNan: Bool = false) -> Bool {
    guard a.shape == b.shape else { return false }
    let equal = a .== b
    return (equalNan ? equal | (isnan(a) & isnan(b)) : equal).all().item(Bool.self)
}
