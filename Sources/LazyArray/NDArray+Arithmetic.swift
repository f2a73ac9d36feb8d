import Kernels

precedencegroup PowerPrecedence {
    higherThan: MultiplicationPrecedence
    associativity: right
}

/// Elementwise power. NumPy: `a ** b`.
infix operator ** : PowerPrecedence

// Arithmetic with NumPy broadcasting and NumPy 2 type promotion. A Swift scalar on either side is
// a weak scalar: `float32Array * 2.5` stays float32. Integer arithmetic wraps; integer `%` by
// zero gives 0. `/` always gives floats (`int64Array / 2` is float64).
extension NDArray {
    /// Elementwise sum. NumPy: `a + b` (`np.add`); on bool arrays, logical or.
    public static func + (lhs: NDArray, rhs: NDArray) -> NDArray { binary(.add, lhs, rhs) }
    /// Elementwise difference. NumPy: `a - b` (`np.subtract`).
    public static func - (lhs: NDArray, rhs: NDArray) -> NDArray { binary(.subtract, lhs, rhs) }
    /// Elementwise product. NumPy: `a * b` (`np.multiply`); on bool arrays, logical and.
    public static func * (lhs: NDArray, rhs: NDArray) -> NDArray { binary(.multiply, lhs, rhs) }
    /// Elementwise true division. NumPy: `a / b` (`np.true_divide`).
    public static func / (lhs: NDArray, rhs: NDArray) -> NDArray { binary(.divide, lhs, rhs) }
    /// Elementwise remainder with the sign of the divisor. NumPy: `a % b` (`np.remainder`).
    public static func % (lhs: NDArray, rhs: NDArray) -> NDArray { binary(.remainder, lhs, rhs) }
    /// Elementwise power. NumPy: `a ** b` (`np.power`).
    public static func ** (lhs: NDArray, rhs: NDArray) -> NDArray { binary(.power, lhs, rhs) }
    /// Elementwise negation. NumPy: `-a` (`np.negative`).
    public static prefix func - (operand: NDArray) -> NDArray { unary(.negate, operand) }

    /// `a + scalar`. NumPy: `a + 2`.
    public static func + <S: NDArrayScalar>(lhs: NDArray, rhs: S) -> NDArray { binary(.add, lhs, scalar: rhs.scalarValue, scalarOnLeft: false) }
    /// `scalar + a`. NumPy: `2 + a`.
    public static func + <S: NDArrayScalar>(lhs: S, rhs: NDArray) -> NDArray { binary(.add, rhs, scalar: lhs.scalarValue, scalarOnLeft: true) }
    /// `a - scalar`. NumPy: `a - 2`.
    public static func - <S: NDArrayScalar>(lhs: NDArray, rhs: S) -> NDArray { binary(.subtract, lhs, scalar: rhs.scalarValue, scalarOnLeft: false) }
    /// `scalar - a`. NumPy: `2 - a`.
    public static func - <S: NDArrayScalar>(lhs: S, rhs: NDArray) -> NDArray { binary(.subtract, rhs, scalar: lhs.scalarValue, scalarOnLeft: true) }
    /// `a * scalar`. NumPy: `a * 2`.
    public static func * <S: NDArrayScalar>(lhs: NDArray, rhs: S) -> NDArray { binary(.multiply, lhs, scalar: rhs.scalarValue, scalarOnLeft: false) }
    /// `scalar * a`. NumPy: `2 * a`.
    public static func * <S: NDArrayScalar>(lhs: S, rhs: NDArray) -> NDArray { binary(.multiply, rhs, scalar: lhs.scalarValue, scalarOnLeft: true) }
    /// `a / scalar`. NumPy: `a / 2`.
    public static func / <S: NDArrayScalar>(lhs: NDArray, rhs: S) -> NDArray { binary(.divide, lhs, scalar: rhs.scalarValue, scalarOnLeft: false) }
    /// `scalar / a`. NumPy: `1 / a`.
    public static func / <S: NDArrayScalar>(lhs: S, rhs: NDArray) -> NDArray { binary(.divide, rhs, scalar: lhs.scalarValue, scalarOnLeft: true) }
    /// `a % scalar`. NumPy: `a % 2`.
    public static func % <S: NDArrayScalar>(lhs: NDArray, rhs: S) -> NDArray { binary(.remainder, lhs, scalar: rhs.scalarValue, scalarOnLeft: false) }
    /// `scalar % a`. NumPy: `7 % a`.
    public static func % <S: NDArrayScalar>(lhs: S, rhs: NDArray) -> NDArray { binary(.remainder, rhs, scalar: lhs.scalarValue, scalarOnLeft: true) }
    /// `a ** scalar`. NumPy: `a ** 2`.
    /// `a ** 2` runs as `square(a)` (as NumPy's power does): the same correctly rounded result
    /// without a call to `pow`.
    public static func ** <S: NDArrayScalar>(lhs: NDArray, rhs: S) -> NDArray {
        let exponent = rhs.scalarValue
        if exponent.doubleValue == 2, lhs.dtype != .bool, exponent.weakPromotion(with: lhs.dtype) == lhs.dtype {
            return unary(.square, lhs)
        }
        return binary(.power, lhs, scalar: exponent, scalarOnLeft: false)
    }
    /// `scalar ** a`. NumPy: `2 ** a`.
    public static func ** <S: NDArrayScalar>(lhs: S, rhs: NDArray) -> NDArray { binary(.power, rhs, scalar: lhs.scalarValue, scalarOnLeft: true) }

    /// In-place style sum: `a += b` rebinds `a` to the lazy `a + b`. NumPy: `a += b`.
    public static func += (lhs: inout NDArray, rhs: NDArray) { lhs = lhs + rhs }
    /// `a -= b`. NumPy: `a -= b`.
    public static func -= (lhs: inout NDArray, rhs: NDArray) { lhs = lhs - rhs }
    /// `a *= b`. NumPy: `a *= b`.
    public static func *= (lhs: inout NDArray, rhs: NDArray) { lhs = lhs * rhs }
    /// `a /= b`. NumPy: `a /= b`.
    public static func /= (lhs: inout NDArray, rhs: NDArray) { lhs = lhs / rhs }
    /// `a += scalar`.
    public static func += <S: NDArrayScalar>(lhs: inout NDArray, rhs: S) { lhs = lhs + rhs }
    /// `a -= scalar`.
    public static func -= <S: NDArrayScalar>(lhs: inout NDArray, rhs: S) { lhs = lhs - rhs }
    /// `a *= scalar`.
    public static func *= <S: NDArrayScalar>(lhs: inout NDArray, rhs: S) { lhs = lhs * rhs }
    /// `a /= scalar`.
    public static func /= <S: NDArrayScalar>(lhs: inout NDArray, rhs: S) { lhs = lhs / rhs }
}
