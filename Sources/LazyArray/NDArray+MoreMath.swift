import Kernels

/// `log(1 + a)`, accurate for small `a` (integers give float64). NumPy: `np.log1p(a)`.
public func log1p(_ a: NDArray) -> NDArray { NDArray.unary(.log1p, a) }
/// `exp(a) - 1`, accurate for small `a`. NumPy: `np.expm1(a)`.
public func expm1(_ a: NDArray) -> NDArray { NDArray.unary(.expm1, a) }
/// Inverse sine (radians, NaN outside [-1, 1]). NumPy: `np.arcsin(a)`.
public func asin(_ a: NDArray) -> NDArray { NDArray.unary(.asin, a) }
/// Inverse cosine (radians, NaN outside [-1, 1]). NumPy: `np.arccos(a)`.
public func acos(_ a: NDArray) -> NDArray { NDArray.unary(.acos, a) }
/// Inverse tangent (radians). NumPy: `np.arctan(a)`.
public func atan(_ a: NDArray) -> NDArray { NDArray.unary(.atan, a) }
/// Hyperbolic sine. NumPy: `np.sinh(a)`.
public func sinh(_ a: NDArray) -> NDArray { NDArray.unary(.sinh, a) }
/// Hyperbolic cosine. NumPy: `np.cosh(a)`.
public func cosh(_ a: NDArray) -> NDArray { NDArray.unary(.cosh, a) }
/// Rounds half to even (integers unchanged; bool gives float32). NumPy: `np.round(a)`.
public func round(_ a: NDArray) -> NDArray { NDArray.unary(.round, a) }
/// Rounds toward zero (integers and bool unchanged). NumPy: `np.trunc(a)`.
public func trunc(_ a: NDArray) -> NDArray { NDArray.unary(.trunc, a) }
/// -1, 0 or 1 by sign (0 for -0, NaN kept; refused on bool). NumPy: `np.sign(a)`.
public func sign(_ a: NDArray) -> NDArray { NDArray.unary(.sign, a) }
/// True where the element is NaN (bool array; false for integers). NumPy: `np.isnan(a)`.
public func isnan(_ a: NDArray) -> NDArray { NDArray.unary(.isnan, a) }
/// True where the element is +-infinity. NumPy: `np.isinf(a)`.
public func isinf(_ a: NDArray) -> NDArray { NDArray.unary(.isinf, a) }
/// True where the element is neither infinite nor NaN. NumPy: `np.isfinite(a)`.
public func isfinite(_ a: NDArray) -> NDArray { NDArray.unary(.isfinite, a) }
/// True where the element is zero (any dtype; NaN counts as true). NumPy: `np.logical_not(a)`.
public func logicalNot(_ a: NDArray) -> NDArray { NDArray.unary(.logicalNot, a) }

/// The angle of the point `(b, a)` in radians, in [-pi, pi]. NumPy: `np.arctan2(a, b)`.
public func atan2(_ a: NDArray, _ b: NDArray) -> NDArray { NDArray.binary(.atan2, a, b) }
/// `atan2` with a scalar. NumPy: `np.arctan2(a, 1)`.
public func atan2<S: NDArrayScalar>(_ a: NDArray, _ b: S) -> NDArray { NDArray.binary(.atan2, a, scalar: b.scalarValue, scalarOnLeft: false) }
/// `atan2` with a scalar. NumPy: `np.arctan2(1, a)`.
public func atan2<S: NDArrayScalar>(_ a: S, _ b: NDArray) -> NDArray { NDArray.binary(.atan2, b, scalar: a.scalarValue, scalarOnLeft: true) }
