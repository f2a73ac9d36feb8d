/// The storage of `float16` (IEEE 754 binary16) and `bfloat16` (the upper half of a float32):
/// two bytes of bits with NumPy's and ml_dtypes' conversions. Kernels never compute in these
/// types: the graph casts to float32 before an operation and back after it, so the only
/// arithmetic on them is the conversions below (`NDArray+HalfPrecision.swift`).
package protocol HalfPrecisionElement: KernelElement, Comparable {
    /// The two bytes.
    var bits: UInt16 { get }
    init(bits: UInt16)
    /// The value, exactly (every float16 and bfloat16 is a float32).
    var floatValue: Float { get }
}

extension HalfPrecisionElement {
    @inline(__always) package init(castingInt64 value: Int64) { self.init(castingDouble: Double(value)) }
    @inline(__always) package init(castingBool value: Bool) { self.init(castingDouble: value ? 1 : 0) }
    @inline(__always) package var doubleValue: Double { Double(floatValue) }
    @inline(__always) package var boolValue: Bool { floatValue != 0 }
    package static func == (a: Self, b: Self) -> Bool { a.floatValue == b.floatValue }
    /// The values' order (NaN unordered), as Float's.
    package static func < (a: Self, b: Self) -> Bool { a.floatValue < b.floatValue }
}

/// Rounds `magnitude` (finite, not negative) to the nearest value with `significandBits`
/// fraction bits and exponents down to `minimumExponent` (below it: subnormals, as IEEE 754),
/// ties to even, and returns the encoding's bits without the sign: the biased exponent above
/// the fraction. A result beyond `maximumExponent` is the infinity encoding.
/// Both steps are exact in Double (a scaling by a power of two and one `rounded`), so the
/// value is rounded once, from the double, as NumPy's `npy_double_to_half` and ml_dtypes do.
@inline(__always)
func roundedEncoding(_ magnitude: Double, significandBits: Int, minimumExponent: Int, maximumExponent: Int) -> UInt32 {
    let fractionScale = Double(1 << significandBits)
    let bias = 1 - minimumExponent
    if magnitude < Double(sign: .plus, exponent: minimumExponent, significand: 1) {
        // Subnormal (or the smallest normal, which the rounding may reach: its encoding follows).
        return UInt32(Double(sign: .plus, exponent: significandBits - minimumExponent, significand: magnitude).rounded(.toNearestOrEven))
    }
    var exponent = Int(magnitude.exponent)
    var significand = Double(sign: .plus, exponent: significandBits - exponent, significand: magnitude).rounded(.toNearestOrEven)
    if significand == 2 * fractionScale {
        exponent += 1
        significand = fractionScale
    }
    if exponent > maximumExponent { return UInt32(2 * bias + 1) << significandBits }
    return UInt32(exponent + bias) << significandBits | UInt32(significand - fractionScale)
}

/// A float16 element. NumPy: `np.float16`.
package struct Float16Element: HalfPrecisionElement {
    package let bits: UInt16
    @inline(__always) package init(bits: UInt16) { self.bits = bits }

    package static var dtype: DType { .float16 }

    /// NumPy's double -> half: rounded once to nearest even, overflow to infinity, NaN keeping
    /// the top 10 bits of its payload (with one bit set so it stays a NaN).
    @inline(__always) package init(castingDouble value: Double) {
        let sign: UInt16 = value.sign == .minus ? 0x8000 : 0
        if value.isNaN {
            let payload = UInt16(truncatingIfNeeded: (value.bitPattern >> 42) & 0x3FF)
            bits = sign | 0x7C00 | (payload == 0 ? 1 : payload)
        } else if value.isInfinite {
            bits = sign | 0x7C00
        } else {
            bits = sign | UInt16(roundedEncoding(value.magnitude, significandBits: 10, minimumExponent: -14, maximumExponent: 15))
        }
    }

    @inline(__always) package var floatValue: Float {
        let sign: UInt32 = UInt32(bits & 0x8000) << 16
        let exponent = UInt32(bits >> 10) & 0x1F, fraction = UInt32(bits & 0x3FF)
        switch exponent {
        case 0: return Float(bitPattern: sign) + (sign == 0 ? 1 : -1) * Float(fraction) * 0x1p-24
        case 0x1F: return Float(bitPattern: sign | 0x7F80_0000 | fraction << 13)
        default: return Float(bitPattern: sign | (exponent + 112) << 23 | fraction << 13)
        }
    }

    /// NumPy converts float16 to an integer through float, as float32 does.
    @inline(__always) package var int64Value: Int64 { Int64(castingDouble: doubleValue) }
}

/// A bfloat16 element: the upper 16 bits of a float32. ml_dtypes/JAX: `bfloat16`.
package struct BFloat16Element: HalfPrecisionElement {
    package let bits: UInt16
    @inline(__always) package init(bits: UInt16) { self.bits = bits }

    package static var dtype: DType { .bfloat16 }

    /// ml_dtypes' conversion: rounded once to nearest even from the double, overflow to
    /// infinity, NaN as the quiet NaN 0x7FC0 with the input's sign.
    @inline(__always) package init(castingDouble value: Double) {
        let sign: UInt16 = value.sign == .minus ? 0x8000 : 0
        if value.isNaN {
            bits = sign | 0x7FC0
        } else if value.isInfinite {
            bits = sign | 0x7F80
        } else {
            bits = sign | UInt16(roundedEncoding(value.magnitude, significandBits: 7, minimumExponent: -126, maximumExponent: 127))
        }
    }

    @inline(__always) package var floatValue: Float { Float(bitPattern: UInt32(bits) << 16) }

    /// ml_dtypes converts bfloat16 to an integer type in range by truncation and gives 0 for
    /// NaN, the infinities and values outside the target type (`int8(bfloat16(300))` is 0);
    /// the narrower targets check their own range (`KernelElement.cast`).
    @inline(__always) package var int64Value: Int64 {
        let value = doubleValue
        return value.isFinite && value >= -0x1p63 && value < 0x1p63 ? Int64(value) : 0
    }
}
