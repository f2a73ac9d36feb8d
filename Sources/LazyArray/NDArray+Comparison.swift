import Kernels

// Elementwise comparisons giving bool arrays, with broadcasting; operands are compared in
// their promoted dtype. NaN compares unequal to everything.
extension NDArray {
    /// NumPy: `a == b`.
    public static func .== (lhs: NDArray, rhs: NDArray) -> NDArray { binary(.equal, lhs, rhs) }
    /// NumPy: `a != b`.
    public static func .!= (lhs: NDArray, rhs: NDArray) -> NDArray { binary(.notEqual, lhs, rhs) }
    /// NumPy: `a < b`.
    public static func .< (lhs: NDArray, rhs: NDArray) -> NDArray { binary(.less, lhs, rhs) }
    /// NumPy: `a <= b`.
    public static func .<= (lhs: NDArray, rhs: NDArray) -> NDArray { binary(.lessEqual, lhs, rhs) }
    /// NumPy: `a > b`.
    public static func .> (lhs: NDArray, rhs: NDArray) -> NDArray { binary(.greater, lhs, rhs) }
    /// NumPy: `a >= b`.
    public static func .>= (lhs: NDArray, rhs: NDArray) -> NDArray { binary(.greaterEqual, lhs, rhs) }

    /// NumPy: `a == 2`.
    public static func .== <S: NDArrayScalar>(lhs: NDArray, rhs: S) -> NDArray { compare(.equal, lhs, rhs.scalarValue, scalarOnLeft: false) }
    /// NumPy: `a != 2`.
    public static func .!= <S: NDArrayScalar>(lhs: NDArray, rhs: S) -> NDArray { compare(.notEqual, lhs, rhs.scalarValue, scalarOnLeft: false) }
    /// NumPy: `a < 2`.
    public static func .< <S: NDArrayScalar>(lhs: NDArray, rhs: S) -> NDArray { compare(.less, lhs, rhs.scalarValue, scalarOnLeft: false) }
    /// NumPy: `a <= 2`.
    public static func .<= <S: NDArrayScalar>(lhs: NDArray, rhs: S) -> NDArray { compare(.lessEqual, lhs, rhs.scalarValue, scalarOnLeft: false) }
    /// NumPy: `a > 2`.
    public static func .> <S: NDArrayScalar>(lhs: NDArray, rhs: S) -> NDArray { compare(.greater, lhs, rhs.scalarValue, scalarOnLeft: false) }
    /// NumPy: `a >= 2`.
    public static func .>= <S: NDArrayScalar>(lhs: NDArray, rhs: S) -> NDArray { compare(.greaterEqual, lhs, rhs.scalarValue, scalarOnLeft: false) }
    /// NumPy: `2 == a`.
    public static func .== <S: NDArrayScalar>(lhs: S, rhs: NDArray) -> NDArray { compare(.equal, rhs, lhs.scalarValue, scalarOnLeft: true) }
    /// NumPy: `2 != a`.
    public static func .!= <S: NDArrayScalar>(lhs: S, rhs: NDArray) -> NDArray { compare(.notEqual, rhs, lhs.scalarValue, scalarOnLeft: true) }
    /// NumPy: `2 < a`.
    public static func .< <S: NDArrayScalar>(lhs: S, rhs: NDArray) -> NDArray { compare(.less, rhs, lhs.scalarValue, scalarOnLeft: true) }
    /// NumPy: `2 <= a`.
    public static func .<= <S: NDArrayScalar>(lhs: S, rhs: NDArray) -> NDArray { compare(.lessEqual, rhs, lhs.scalarValue, scalarOnLeft: true) }
    /// NumPy: `2 > a`.
    public static func .> <S: NDArrayScalar>(lhs: S, rhs: NDArray) -> NDArray { compare(.greater, rhs, lhs.scalarValue, scalarOnLeft: true) }
    /// NumPy: `2 >= a`.
    public static func .>= <S: NDArrayScalar>(lhs: S, rhs: NDArray) -> NDArray { compare(.greaterEqual, rhs, lhs.scalarValue, scalarOnLeft: true) }

    /// Compares with a scalar; an integer too large for an int32 array compares in int64
    /// (NumPy 2 compares such Python integers exactly too).
    private static func compare(_ op: ElementwiseOp, _ a: NDArray, _ scalar: Scalar, scalarOnLeft: Bool) -> NDArray {
        let operand = scalar.fits(a.dtype) ? a : a.astype(.int64)
        return binary(op, operand, scalar: scalar, scalarOnLeft: scalarOnLeft)
    }
}

// Logical operators on bool arrays, bitwise on integers; refused on floats.
extension NDArray {
    /// NumPy: `a & b` (`np.bitwise_and`; logical and on bool).
    public static func & (lhs: NDArray, rhs: NDArray) -> NDArray { binary(.bitAnd, lhs, rhs) }
    /// NumPy: `a | b` (`np.bitwise_or`; logical or on bool).
    public static func | (lhs: NDArray, rhs: NDArray) -> NDArray { binary(.bitOr, lhs, rhs) }
    /// NumPy: `a ^ b` (`np.bitwise_xor`; logical xor on bool).
    public static func ^ (lhs: NDArray, rhs: NDArray) -> NDArray { binary(.bitXor, lhs, rhs) }
    /// NumPy: `~a` (`np.invert`; logical not on bool).
    public static prefix func ~ (operand: NDArray) -> NDArray { unary(.invert, operand) }
    /// NumPy: `a & 1`.
    public static func & <S: NDArrayScalar>(lhs: NDArray, rhs: S) -> NDArray { binary(.bitAnd, lhs, scalar: rhs.scalarValue, scalarOnLeft: false) }
    /// NumPy: `a | 1`.
    public static func | <S: NDArrayScalar>(lhs: NDArray, rhs: S) -> NDArray { binary(.bitOr, lhs, scalar: rhs.scalarValue, scalarOnLeft: false) }
    /// NumPy: `a ^ 1`.
    public static func ^ <S: NDArrayScalar>(lhs: NDArray, rhs: S) -> NDArray { binary(.bitXor, lhs, scalar: rhs.scalarValue, scalarOnLeft: false) }
    /// NumPy: `1 & a`.
    public static func & <S: NDArrayScalar>(lhs: S, rhs: NDArray) -> NDArray { binary(.bitAnd, rhs, scalar: lhs.scalarValue, scalarOnLeft: true) }
    /// NumPy: `1 | a`.
    public static func | <S: NDArrayScalar>(lhs: S, rhs: NDArray) -> NDArray { binary(.bitOr, rhs, scalar: lhs.scalarValue, scalarOnLeft: true) }
    /// NumPy: `1 ^ a`.
    public static func ^ <S: NDArrayScalar>(lhs: S, rhs: NDArray) -> NDArray { binary(.bitXor, rhs, scalar: lhs.scalarValue, scalarOnLeft: true) }
}
