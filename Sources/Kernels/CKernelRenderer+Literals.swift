/// C spellings of dtypes and constants. Constants are written so that the C compiler reads back
/// exactly the bits the block VM splats: hex literals for floats (no decimal rounding), and the
/// raw bit pattern for NaN (whose payload a literal cannot carry).
extension DType {
    /// The C type that stores one element (`bool` is a 0/1 byte, as in the buffers).
    var cType: String {
        switch self {
        case .bool: "uint8_t"
        case .int8: "int8_t"
        case .int16: "int16_t"
        case .int32: "int32_t"
        case .int64: "int64_t"
        case .uint8: "uint8_t"
        case .uint16: "uint16_t"
        case .uint32: "uint32_t"
        case .uint64: "uint64_t"
        case .float32: "float"
        case .float64: "double"
        case .float16, .bfloat16: "uint16_t"
        }
    }

    /// The unsigned C type of the same width, for wrapping integer arithmetic (signed overflow
    /// is undefined behaviour in C; unsigned arithmetic wraps, as Swift's `&+` does). int8 and
    /// int16 use uint32_t: a narrower unsigned type would promote to (signed) int, whose
    /// product can overflow; the result is truncated to the storage type afterwards (so too
    /// uint8 and uint16).
    var cUnsignedType: String {
        switch self {
        case .int64, .uint64: "uint64_t"
        case .bool, .int8, .int16, .int32, .uint8, .uint16, .uint32, .float16, .bfloat16, .float32, .float64: "uint32_t"
        }
    }

    /// The suffix of the C library's functions for this floating-point type (`sinf`, `sin`).
    var cMathSuffix: String { self == .float32 ? "f" : "" }
}

enum CLiteral {
    /// `value` converted to `dtype` exactly as `BlockLoads.splat` converts a constant, as a C
    /// expression of `dtype`'s C type.
    static func constant(_ value: Scalar, dtype: DType) -> String {
        switch dtype {
        case .bool: "((uint8_t)\(value.boolValue ? 1 : 0))"
        case .int8: integer(Int64(Int8(castingInt64: value.int64Value)), dtype: .int8)
        case .int16: integer(Int64(Int16(castingInt64: value.int64Value)), dtype: .int16)
        case .int32: integer(Int64(Int32(castingInt64: value.int64Value)), dtype: .int32)
        case .int64: integer(value.int64Value, dtype: .int64)
        case .uint8: unsigned(UInt64(UInt8(castingInt64: value.int64Value)), dtype: .uint8)
        case .uint16: unsigned(UInt64(UInt16(castingInt64: value.int64Value)), dtype: .uint16)
        case .uint32: unsigned(UInt64(UInt32(castingInt64: value.int64Value)), dtype: .uint32)
        case .uint64: unsigned(UInt64(castingInt64: value.int64Value), dtype: .uint64)
        case .float32: float(Float(value.doubleValue))
        case .float64: double(value.doubleValue)
        case .float16: "((uint16_t)\(Float16Element(castingDouble: value.doubleValue).bits))"
        case .bfloat16: "((uint16_t)\(BFloat16Element(castingDouble: value.doubleValue).bits))"
        }
    }

    /// An integer literal; the minimum is written as an expression (`-2147483648` would be the
    /// negation of a literal too large for its type).
    static func integer(_ value: Int64, dtype: DType) -> String {
        switch dtype {
        case .int32 where value == Int64(Int32.min): "INT32_MIN"
        case .int32: "((int32_t)\(value))"
        case .int8, .int16: "((\(dtype.cType))\(value))"
        default: value == .min ? "INT64_MIN" : "((int64_t)\(value)LL)"
        }
    }

    /// An unsigned integer literal (`ull`: every value fits, none is negated).
    static func unsigned(_ value: UInt64, dtype: DType) -> String { "((\(dtype.cType))\(value)ull)" }

    /// A float constant: a hex literal with the `f` suffix (every float is a double whose hex
    /// form has at most 6 significant hex digits, so the literal is exact).
    static func float(_ value: Float) -> String {
        if value.isNaN { return "la_f32_bits(0x\(String(value.bitPattern, radix: 16))u)" }
        if value.isInfinite { return value < 0 ? "(-__builtin_inff())" : "__builtin_inff()" }
        return "(\(hex(Double(value)))f)"
    }

    /// A double constant as a hex literal.
    static func double(_ value: Double) -> String {
        if value.isNaN { return "la_f64_bits(0x\(String(value.bitPattern, radix: 16))ull)" }
        if value.isInfinite { return value < 0 ? "(-__builtin_inf())" : "__builtin_inf()" }
        return "(\(hex(value)))"
    }

    /// C99's `%a` form of a finite double, e.g. `0x1.8p+1` for 3, `-0x0p+0` for -0.
    static func hex(_ value: Double) -> String {
        let sign = value.sign == .minus ? "-" : ""
        if value == 0 { return sign + "0x0p+0" }
        let bits = value.bitPattern
        let exponentBits = Int((bits >> 52) & 0x7FF)
        let fraction = bits & ((1 << 52) - 1)
        var digits = String(fraction, radix: 16)
        digits = String(repeating: "0", count: 13 - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        let mantissa = digits.isEmpty ? "" : "." + digits
        // Subnormals have no implicit leading 1 and the minimum exponent.
        let (lead, exponent) = exponentBits == 0 ? ("0", -1022) : ("1", exponentBits - 1023)
        return "\(sign)0x\(lead)\(mantissa)p\(exponent < 0 ? "-" : "+")\(abs(exponent))"
    }
}
