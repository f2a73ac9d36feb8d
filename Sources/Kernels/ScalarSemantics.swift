#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The scalar meaning of each arithmetic operation for one element type: the definition both
/// the eager evaluator (one element at a time, through strides) and the fused kernels (in tight
/// block loops) use, so the two agree bitwise. Integer arithmetic wraps and integer division by
/// zero gives 0, as NumPy's does; nothing here can trap.
package protocol ArithmeticElement: KernelElement, Comparable {
    static func negate(_ a: Self) -> Self
    static func absolute(_ a: Self) -> Self
    static func square(_ a: Self) -> Self
    static func relu(_ a: Self) -> Self
    static func floor(_ a: Self) -> Self
    static func round(_ a: Self) -> Self
    static func trunc(_ a: Self) -> Self
    static func sign(_ a: Self) -> Self
    static func isnan(_ a: Self) -> UInt8
    static func isinf(_ a: Self) -> UInt8
    static func isfinite(_ a: Self) -> UInt8
    /// 1 where the value is zero (NaN counts as nonzero).
    static func logicalNot(_ a: Self) -> UInt8
    static func ceil(_ a: Self) -> Self
    static func add(_ a: Self, _ b: Self) -> Self
    static func subtract(_ a: Self, _ b: Self) -> Self
    static func multiply(_ a: Self, _ b: Self) -> Self
    static func remainder(_ a: Self, _ b: Self) -> Self
    static func floorDivide(_ a: Self, _ b: Self) -> Self
    static func power(_ a: Self, _ b: Self) -> Self
    static func maximum(_ a: Self, _ b: Self) -> Self
    static func minimum(_ a: Self, _ b: Self) -> Self
}

/// Operations defined only on floating-point elements (integers are cast to float64 first,
/// as NumPy does). The scalar transcendental functions are the C library's: the fused kernels
/// use vectorized approximations within the error bound documented in `VectorMath`.
package protocol FloatingElement: ArithmeticElement, BinaryFloatingPoint {
    static func divide(_ a: Self, _ b: Self) -> Self
    static func sqrt(_ a: Self) -> Self
    static func exp(_ a: Self) -> Self
    static func log(_ a: Self) -> Self
    static func sin(_ a: Self) -> Self
    static func cos(_ a: Self) -> Self
    static func tan(_ a: Self) -> Self
    static func tanh(_ a: Self) -> Self
    static func sigmoid(_ a: Self) -> Self
    static func hypot(_ a: Self, _ b: Self) -> Self
    static func log1p(_ a: Self) -> Self
    static func expm1(_ a: Self) -> Self
    static func asin(_ a: Self) -> Self
    static func acos(_ a: Self) -> Self
    static func atan(_ a: Self) -> Self
    static func sinh(_ a: Self) -> Self
    static func cosh(_ a: Self) -> Self
    static func atan2(_ a: Self, _ b: Self) -> Self
}

extension FloatingElement {
    /// `sigmoid`'s backward step from the cotangent `g` and the result `r`: `g * (r * (1 - r))`,
    /// each operation rounded in turn as the composite rounds it.
    @inline(__always) package static func sigmoidBackward(_ g: Self, _ r: Self) -> Self { g * (r * (1 - r)) }
    /// `tanh`'s backward step from the cotangent `g` and the result `r`: `g * (1 - r * r)`.
    @inline(__always) package static func tanhBackward(_ g: Self, _ r: Self) -> Self { g * (1 - r * r) }
}

/// Bitwise operations on integers (bool's logical ones are ``BoolByte``'s).
package protocol BitwiseElement: KernelElement, FixedWidthInteger {}

extension BitwiseElement {
    @inline(__always) package static func bitAnd(_ a: Self, _ b: Self) -> Self { a & b }
    @inline(__always) package static func bitOr(_ a: Self, _ b: Self) -> Self { a | b }
    @inline(__always) package static func bitXor(_ a: Self, _ b: Self) -> Self { a ^ b }
    @inline(__always) package static func invert(_ a: Self) -> Self { ~a }
}

extension Int8: BitwiseElement {}
extension Int16: BitwiseElement {}
extension Int32: BitwiseElement {}
extension Int64: BitwiseElement {}
extension UInt8: BitwiseElement {}
extension UInt16: BitwiseElement {}
extension UInt32: BitwiseElement {}
extension UInt64: BitwiseElement {}

/// Comparisons give 0/1 bytes, NumPy's bool. NaN compares unequal to everything, as in IEEE 754.
package enum Comparison {
    @inline(__always) package static func equal<T: Comparable>(_ a: T, _ b: T) -> UInt8 { a == b ? 1 : 0 }
    @inline(__always) package static func notEqual<T: Comparable>(_ a: T, _ b: T) -> UInt8 { a != b ? 1 : 0 }
    @inline(__always) package static func less<T: Comparable>(_ a: T, _ b: T) -> UInt8 { a < b ? 1 : 0 }
    @inline(__always) package static func lessEqual<T: Comparable>(_ a: T, _ b: T) -> UInt8 { a <= b ? 1 : 0 }
    @inline(__always) package static func greater<T: Comparable>(_ a: T, _ b: T) -> UInt8 { a > b ? 1 : 0 }
    @inline(__always) package static func greaterEqual<T: Comparable>(_ a: T, _ b: T) -> UInt8 { a >= b ? 1 : 0 }
    /// NumPy's `where(cond, a, b)` for one element.
    @inline(__always) package static func select<T>(_ condition: UInt8, _ a: T, _ b: T) -> T { condition != 0 ? a : b }
}

// MARK: - Integers: wrapping arithmetic, no traps

// One definition for signed and unsigned: the sign tests are never true for unsigned types, so
// `abs` is the identity, `sign` 0 or 1, `negative` wraps (NumPy's `-np.uint8(1)` is 255), and
// `//` and `%` need no sign fix-up.
extension ArithmeticElement where Self: FixedWidthInteger {
    @inline(__always) package static func negate(_ a: Self) -> Self { 0 &- a }
    @inline(__always) package static func absolute(_ a: Self) -> Self { a < 0 ? 0 &- a : a }
    @inline(__always) package static func square(_ a: Self) -> Self { a &* a }
    @inline(__always) package static func relu(_ a: Self) -> Self { a < 0 ? 0 : a }
    @inline(__always) package static func floor(_ a: Self) -> Self { a }
    @inline(__always) package static func ceil(_ a: Self) -> Self { a }
    @inline(__always) package static func round(_ a: Self) -> Self { a }
    @inline(__always) package static func trunc(_ a: Self) -> Self { a }
    @inline(__always) package static func sign(_ a: Self) -> Self { a > 0 ? 1 : (a < 0 ? 0 &- 1 : 0) }
    @inline(__always) package static func isnan(_ a: Self) -> UInt8 { 0 }
    @inline(__always) package static func isinf(_ a: Self) -> UInt8 { 0 }
    @inline(__always) package static func isfinite(_ a: Self) -> UInt8 { 1 }
    @inline(__always) package static func logicalNot(_ a: Self) -> UInt8 { a == 0 ? 1 : 0 }
    @inline(__always) package static func add(_ a: Self, _ b: Self) -> Self { a &+ b }
    @inline(__always) package static func subtract(_ a: Self, _ b: Self) -> Self { a &- b }
    @inline(__always) package static func multiply(_ a: Self, _ b: Self) -> Self { a &* b }
    @inline(__always) package static func maximum(_ a: Self, _ b: Self) -> Self { a > b ? a : b }
    @inline(__always) package static func minimum(_ a: Self, _ b: Self) -> Self { a < b ? a : b }

    /// Python's modulo (the sign of the divisor); 0 for a zero divisor, as NumPy gives.
    @inline(__always) package static func remainder(_ a: Self, _ b: Self) -> Self {
        if b == 0 { return 0 }
        let (r, overflow) = a.remainderReportingOverflow(dividingBy: b)
        if overflow { return 0 }
        return r != 0 && (r < 0) != (b < 0) ? r &+ b : r
    }

    /// Python's `//` (rounds toward minus infinity); 0 for a zero divisor and `min // -1`
    /// wraps to `min`, as NumPy gives (with a warning NumPy prints and a kernel cannot).
    @inline(__always) package static func floorDivide(_ a: Self, _ b: Self) -> Self {
        if b == 0 { return 0 }
        if Self.isSigned && b == 0 &- 1 { return 0 &- a }
        let quotient = a / b
        return a % b != 0 && (a < 0) != (b < 0) ? quotient &- 1 : quotient
    }

    /// Integer power by squaring, wrapping. A negative exponent (an error in NumPy, which this
    /// cannot raise from inside a kernel) gives the truncated real result: 1 for base 1, ±1 for
    /// base -1, else 0. Unsigned exponents are never negative.
    @inline(__always) package static func power(_ a: Self, _ b: Self) -> Self {
        if b < 0 {
            if a == 1 { return 1 }
            if a == 0 &- 1 { return b & 1 == 0 ? 1 : 0 &- 1 }
            return 0
        }
        var result: Self = 1, base = a, exponent = b
        while exponent > 0 {
            if exponent & 1 == 1 { result = result &* base }
            base = base &* base
            exponent >>= 1
        }
        return result
    }
}

/// The integer element types (int8 ... int64, uint8 ... uint64): arithmetic, bitwise and the
/// integer forms of the rounding functions.
package protocol IntegerElement: ArithmeticElement, BitwiseElement {}

extension Int8: ArithmeticElement, IntegerElement {}
extension Int16: ArithmeticElement, IntegerElement {}
extension Int32: ArithmeticElement, IntegerElement {}
extension Int64: ArithmeticElement, IntegerElement {}
extension UInt8: ArithmeticElement, IntegerElement {}
extension UInt16: ArithmeticElement, IntegerElement {}
extension UInt32: ArithmeticElement, IntegerElement {}
extension UInt64: ArithmeticElement, IntegerElement {}

// MARK: - Floating point: IEEE arithmetic, NaN propagating maximum/minimum

extension ArithmeticElement where Self: BinaryFloatingPoint {
    @inline(__always) package static func negate(_ a: Self) -> Self { -a }
    @inline(__always) package static func absolute(_ a: Self) -> Self { Swift.abs(a) }
    @inline(__always) package static func square(_ a: Self) -> Self { a * a }
    @inline(__always) package static func relu(_ a: Self) -> Self { a < 0 ? 0 : a }
    @inline(__always) package static func floor(_ a: Self) -> Self { a.rounded(.down) }
    @inline(__always) package static func ceil(_ a: Self) -> Self { a.rounded(.up) }
    /// Half to even, as `np.round(a)` (and C's `rint`).
    @inline(__always) package static func round(_ a: Self) -> Self { a.rounded(.toNearestOrEven) }
    @inline(__always) package static func trunc(_ a: Self) -> Self { a.rounded(.towardZero) }
    /// -1, 1, +0 for either zero (as `np.sign`), NaN kept.
    @inline(__always) package static func sign(_ a: Self) -> Self { a > 0 ? 1 : (a < 0 ? -1 : (a.isNaN ? a : 0)) }
    @inline(__always) package static func isnan(_ a: Self) -> UInt8 { a.isNaN ? 1 : 0 }
    @inline(__always) package static func isinf(_ a: Self) -> UInt8 { a.isInfinite ? 1 : 0 }
    @inline(__always) package static func isfinite(_ a: Self) -> UInt8 { a.isFinite ? 1 : 0 }
    @inline(__always) package static func logicalNot(_ a: Self) -> UInt8 { a == 0 ? 1 : 0 }
    @inline(__always) package static func add(_ a: Self, _ b: Self) -> Self { a + b }
    @inline(__always) package static func subtract(_ a: Self, _ b: Self) -> Self { a - b }
    @inline(__always) package static func multiply(_ a: Self, _ b: Self) -> Self { a * b }
    /// NaN if either is NaN, as `np.maximum`.
    @inline(__always) package static func maximum(_ a: Self, _ b: Self) -> Self { a > b || a.isNaN ? a : b }
    /// NaN if either is NaN, as `np.minimum`.
    @inline(__always) package static func minimum(_ a: Self, _ b: Self) -> Self { a < b || a.isNaN ? a : b }

    /// Python's modulo, as `np.remainder`: the sign of the divisor, NaN for a zero divisor.
    @inline(__always) package static func remainder(_ a: Self, _ b: Self) -> Self {
        let r = a.truncatingRemainder(dividingBy: b)
        if b == 0 { return r }
        if r != 0 { return (b < 0) != (r < 0) ? r + b : r }
        return b < 0 ? -0.0 : 0.0
    }

    /// NumPy's `floor_divide` for floats (`npy_divmod`): the quotient of `a - fmod(a, b)` by
    /// `b`, moved down by one where the remainder's sign differs from the divisor's, then
    /// rounded to the nearest whole number (so `0.3 // 0.1` is 2, as `np.floor_divide` gives);
    /// a zero quotient takes the sign of `a / b`, and a zero divisor gives `a / b`.
    @inline(__always) package static func floorDivide(_ a: Self, _ b: Self) -> Self {
        if b == 0 { return a / b }
        let remainder = a.truncatingRemainder(dividingBy: b)
        var quotient = (a - remainder) / b
        if remainder != 0 && (b < 0) != (remainder < 0) { quotient -= 1 }
        if quotient == 0 { return Self(signOf: a / b, magnitudeOf: 0) }
        var whole = quotient.rounded(.down)
        if quotient - whole > 0.5 { whole += 1 }
        return whole
    }
}

extension Float: FloatingElement {
    @inline(__always) package static func divide(_ a: Float, _ b: Float) -> Float { a / b }
    @inline(__always) package static func power(_ a: Float, _ b: Float) -> Float { powf(a, b) }
    @inline(__always) package static func sqrt(_ a: Float) -> Float { a.squareRoot() }
    @inline(__always) package static func exp(_ a: Float) -> Float { expf(a) }
    @inline(__always) package static func log(_ a: Float) -> Float { logf(a) }
    @inline(__always) package static func sin(_ a: Float) -> Float { sinf(a) }
    @inline(__always) package static func cos(_ a: Float) -> Float { cosf(a) }
    @inline(__always) package static func tan(_ a: Float) -> Float { tanf(a) }
    @inline(__always) package static func tanh(_ a: Float) -> Float { tanhf(a) }
    @inline(__always) package static func sigmoid(_ a: Float) -> Float { 1 / (1 + expf(-a)) }
    @inline(__always) package static func hypot(_ a: Float, _ b: Float) -> Float { hypotf(a, b) }
    @inline(__always) package static func log1p(_ a: Float) -> Float { log1pf(a) }
    @inline(__always) package static func expm1(_ a: Float) -> Float { expm1f(a) }
    @inline(__always) package static func asin(_ a: Float) -> Float { asinf(a) }
    @inline(__always) package static func acos(_ a: Float) -> Float { acosf(a) }
    @inline(__always) package static func atan(_ a: Float) -> Float { atanf(a) }
    @inline(__always) package static func sinh(_ a: Float) -> Float { sinhf(a) }
    @inline(__always) package static func cosh(_ a: Float) -> Float { coshf(a) }
    @inline(__always) package static func atan2(_ a: Float, _ b: Float) -> Float { atan2f(a, b) }
}

extension Double: FloatingElement {
    @inline(__always) package static func divide(_ a: Double, _ b: Double) -> Double { a / b }
    @inline(__always) package static func power(_ a: Double, _ b: Double) -> Double { pow(a, b) }
    @inline(__always) package static func sqrt(_ a: Double) -> Double { a.squareRoot() }
    @inline(__always) package static func exp(_ a: Double) -> Double { libm_exp(a) }
    @inline(__always) package static func log(_ a: Double) -> Double { libm_log(a) }
    @inline(__always) package static func sin(_ a: Double) -> Double { libm_sin(a) }
    @inline(__always) package static func cos(_ a: Double) -> Double { libm_cos(a) }
    @inline(__always) package static func tan(_ a: Double) -> Double { libm_tan(a) }
    @inline(__always) package static func tanh(_ a: Double) -> Double { libm_tanh(a) }
    @inline(__always) package static func sigmoid(_ a: Double) -> Double { 1 / (1 + libm_exp(-a)) }
    @inline(__always) package static func hypot(_ a: Double, _ b: Double) -> Double { libm_hypot(a, b) }
    @inline(__always) package static func log1p(_ a: Double) -> Double { libm_log1p(a) }
    @inline(__always) package static func expm1(_ a: Double) -> Double { libm_expm1(a) }
    @inline(__always) package static func asin(_ a: Double) -> Double { libm_asin(a) }
    @inline(__always) package static func acos(_ a: Double) -> Double { libm_acos(a) }
    @inline(__always) package static func atan(_ a: Double) -> Double { libm_atan(a) }
    @inline(__always) package static func sinh(_ a: Double) -> Double { libm_sinh(a) }
    @inline(__always) package static func cosh(_ a: Double) -> Double { libm_cosh(a) }
    @inline(__always) package static func atan2(_ a: Double, _ b: Double) -> Double { libm_atan2(a, b) }
}

// File-scope wrappers so the static members above can call the C library's double functions
// of the same name on Glibc and Darwin alike.
@inline(__always) private func libm_exp(_ x: Double) -> Double { exp(x) }
@inline(__always) private func libm_log(_ x: Double) -> Double { log(x) }
@inline(__always) private func libm_sin(_ x: Double) -> Double { sin(x) }
@inline(__always) private func libm_cos(_ x: Double) -> Double { cos(x) }
@inline(__always) private func libm_tan(_ x: Double) -> Double { tan(x) }
@inline(__always) private func libm_tanh(_ x: Double) -> Double { tanh(x) }
@inline(__always) private func libm_hypot(_ x: Double, _ y: Double) -> Double { hypot(x, y) }
@inline(__always) private func libm_log1p(_ x: Double) -> Double { log1p(x) }
@inline(__always) private func libm_expm1(_ x: Double) -> Double { expm1(x) }
@inline(__always) private func libm_asin(_ x: Double) -> Double { asin(x) }
@inline(__always) private func libm_acos(_ x: Double) -> Double { acos(x) }
@inline(__always) private func libm_atan(_ x: Double) -> Double { atan(x) }
@inline(__always) private func libm_sinh(_ x: Double) -> Double { sinh(x) }
@inline(__always) private func libm_cosh(_ x: Double) -> Double { cosh(x) }
@inline(__always) private func libm_atan2(_ x: Double, _ y: Double) -> Double { atan2(x, y) }
