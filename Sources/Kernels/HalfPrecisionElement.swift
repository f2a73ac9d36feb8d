/// The storage of `float16` (IEEE 754 binary16) and `bfloat16` (the upper half of a float32):
/// two bytes of bits with NumPy's and ml_dtypes' conversions. Kernels never compute in these
/// types: the graph casts to float32 before an operation and back after it, so the only
/// arithmetic on them is the conversions below (`ElementwiseRule.resolveFromRow`).
package protocol HalfPrecisionElement: KernelElement, Comparable {
    /// The two bytes.
    var bits: UInt16 { get }
    init(bits: UInt16)
    /// The value, exactly (every float16 and bfloat16 is a float32).
    var floatValue: Float { get }
    /// The format: fraction bits and the smallest and largest normal exponents.
    static var fractionBits: Int { get }
    static var minimumExponent: Int { get }
    static var maximumExponent: Int { get }
    /// The bits of a NaN converted from `value`, without the sign.
    static func nanBits(_ value: Double) -> UInt16
}

extension HalfPrecisionElement {
    @inline(__always) package init(castingInt64 value: Int64) { self.init(castingDouble: Double(value)) }
    @inline(__always) package init(castingUInt64 value: UInt64) { self.init(castingDouble: Double(value)) }
    @inline(__always) package init(castingBool value: Bool) { self.init(castingDouble: value ? 1 : 0) }
    @inline(__always) package var doubleValue: Double { Double(floatValue) }
    @inline(__always) package var boolValue: Bool { floatValue != 0 }
    package static func == (a: Self, b: Self) -> Bool { a.floatValue == b.floatValue }
    /// The values' order (NaN unordered), as Float's.
    package static func < (a: Self, b: Self) -> Bool { a.floatValue < b.floatValue }

    /// The exponent bias, and the encoding of infinity (every exponent bit set).
    static var bias: Int { 1 - minimumExponent }
    static var infinityBits: UInt16 { UInt16((2 * bias + 1) << fractionBits) }

    /// NumPy's double -> half (`npy_double_to_half`) and ml_dtypes' double -> bfloat16: rounded
    /// once, to nearest even, from the double; overflow to infinity; NaN as `nanBits`.
    @inline(__always) package init(castingDouble value: Double) {
        let sign: UInt16 = value.sign == .minus ? 0x8000 : 0
        if value.isNaN {
            self.init(bits: sign | Self.nanBits(value))
        } else if value.isInfinite {
            self.init(bits: sign | Self.infinityBits)
        } else {
            self.init(bits: sign | Self.roundedEncoding(value.magnitude))
        }
    }

    /// The encoding of `magnitude` (finite, not negative) without the sign: the biased exponent
    /// above the fraction, subnormals below the smallest normal exponent, infinity past the
    /// largest. Both steps are exact in Double (a scaling by a power of two and one `rounded`),
    /// so the value is rounded once.
    @inline(__always)
    private static func roundedEncoding(_ magnitude: Double) -> UInt16 {
        let fractionScale = Double(1 << fractionBits)
        if magnitude < Double(sign: .plus, exponent: minimumExponent, significand: 1) {
            // Subnormal (or the smallest normal, which the rounding may reach: its encoding follows).
            return UInt16(Double(sign: .plus, exponent: fractionBits - minimumExponent, significand: magnitude).rounded(.toNearestOrEven))
        }
        var exponent = Int(magnitude.exponent)
        var significand = Double(sign: .plus, exponent: fractionBits - exponent, significand: magnitude).rounded(.toNearestOrEven)
        if significand == 2 * fractionScale {
            exponent += 1
            significand = fractionScale
        }
        if exponent > maximumExponent { return infinityBits }
        return UInt16(exponent + bias) << fractionBits | UInt16(significand - fractionScale)
    }
}

/// A float16 element. NumPy: `np.float16`.
package struct Float16Element: HalfPrecisionElement {
    package let bits: UInt16
    @inline(__always) package init(bits: UInt16) { self.bits = bits }

    package static var dtype: DType { .float16 }
    package static var fractionBits: Int { 10 }
    package static var minimumExponent: Int { -14 }
    package static var maximumExponent: Int { 15 }

    /// NumPy keeps the top 10 bits of the payload, with one bit set so that it stays a NaN.
    @inline(__always) package static func nanBits(_ value: Double) -> UInt16 {
        let payload = UInt16(truncatingIfNeeded: (value.bitPattern >> 42) & 0x3FF)
        return 0x7C00 | (payload == 0 ? 1 : payload)
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
    package static var fractionBits: Int { 7 }
    package static var minimumExponent: Int { -126 }
    package static var maximumExponent: Int { 127 }

    /// ml_dtypes gives the quiet NaN, whatever the payload.
    @inline(__always) package static func nanBits(_ value: Double) -> UInt16 { 0x7FC0 }

    @inline(__always) package var floatValue: Float { Float(bitPattern: UInt32(bits) << 16) }

    /// ml_dtypes converts bfloat16 to an integer type in range by truncation and gives 0 for
    /// NaN, the infinities and values outside the target type (`int8(bfloat16(300))` is 0);
    /// the narrower targets check their own range (`KernelElement.cast`).
    @inline(__always) package var int64Value: Int64 {
        let value = doubleValue
        return value.isFinite && value >= -0x1p63 && value < 0x1p63 ? Int64(value) : 0
    }
}

