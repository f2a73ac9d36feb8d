/// Small C functions the rendered kernels call where one expression cannot say it: each is the
/// C transcription of the Swift definition named in its comment, written so that no input is
/// undefined behaviour in C. A kernel's source carries only the helpers it uses.
struct CHelper: Hashable, Comparable {
    enum Kind: Int, Hashable, CaseIterable {
        case remainder, floorDivide, power, floatToInt32, floatToInt64, floatToUInt32, floatToUInt64
        /// float16/bfloat16 bits to float, double to float16/bfloat16 bits, bfloat16 to an integer type.
        case halfToFloat, doubleToHalf, bfloat16ToInteger
        /// `exp` and `sigmoid` (`CKernelRenderer+Exponential.swift`); `logistic` calls `exponential`.
        case exponential, logistic
    }

    let kind: Kind
    /// The operand dtype for per-type helpers (nil for the casts, which take a double).
    let dtype: DType?

    static func < (a: CHelper, b: CHelper) -> Bool {
        (a.kind.rawValue, a.dtype?.rawValue ?? "") < (b.kind.rawValue, b.dtype?.rawValue ?? "")
    }

    var name: String {
        switch kind {
        case .remainder: "la_remainder_\(dtype!.rawValue)"
        case .floorDivide: "la_floor_divide_\(dtype!.rawValue)"
        case .power: "la_power_\(dtype!.rawValue)"
        case .floatToInt32: "la_float_to_int32"
        case .floatToInt64: "la_float_to_int64"
        case .halfToFloat: "la_\(dtype!.rawValue)_to_float"
        case .doubleToHalf: "la_double_to_\(dtype!.rawValue)"
        case .bfloat16ToInteger: "la_bfloat16_to_\(dtype!.rawValue)"
        case .floatToUInt32: "la_float_to_uint32"
        case .floatToUInt64: "la_float_to_uint64"
        case .exponential: "la_exp_\(dtype!.rawValue)"
        case .logistic: "la_sigmoid_\(dtype!.rawValue)"
        }
    }

    /// The helper's definition.
    var definition: String {
        switch (kind, dtype) {
        case (.remainder, .some(let dtype)) where dtype.isFloatingPoint:
            // ArithmeticElement.remainder for floats: fmod, then Python's sign rule.
            let t = dtype.cType, f = dtype.cMathSuffix
            return """
            static inline \(t) \(name)(\(t) a, \(t) b) {
                \(t) r = fmod\(f)(a, b);
                if (b == 0) return r;
                if (r != 0) return ((b < 0) != (r < 0)) ? r + b : r;
                return b < 0 ? -(\(t))0 : (\(t))0;
            }
            """
        case (.remainder, .some(let dtype)) where dtype.isUnsignedInteger:
            // ArithmeticElement.remainder for unsigned integers: 0 for a zero divisor.
            let t = dtype.cType
            return "static inline \(t) \(name)(\(t) a, \(t) b) { return b == 0 ? 0 : (\(t))(a % b); }"
        case (.remainder, .some(let dtype)):
            // ArithmeticElement.remainder for integers: 0 for a zero divisor and for the one
            // overflowing case (min % -1, where any b == -1 gives 0 anyway); r + b cannot
            // overflow since r and b have opposite signs.
            let t = dtype.cType
            return """
            static inline \(t) \(name)(\(t) a, \(t) b) {
                if (b == 0 || b == -1) return 0;
                \(t) r = a % b;
                return (r != 0 && ((r < 0) != (b < 0))) ? (\(t))(r + b) : r;
            }
            """
        case (.floorDivide, .some(let dtype)) where dtype.isFloatingPoint:
            // FloatingElement.floorDivide: NumPy's npy_divmod quotient.
            let t = dtype.cType, f = dtype.cMathSuffix
            return """
            static inline \(t) \(name)(\(t) a, \(t) b) {
                if (b == 0) return a / b;
                \(t) r = fmod\(f)(a, b);
                \(t) q = (a - r) / b;
                if (r != 0 && ((b < 0) != (r < 0))) q -= 1;
                if (q == 0) return copysign\(f)((\(t))0, a / b);
                \(t) w = floor\(f)(q);
                if (q - w > (\(t))0.5) w += 1;
                return w;
            }
            """
        case (.floorDivide, .some(let dtype)) where dtype.isUnsignedInteger:
            // ArithmeticElement.floorDivide for unsigned integers: 0 for a zero divisor.
            let t = dtype.cType
            return "static inline \(t) \(name)(\(t) a, \(t) b) { return b == 0 ? 0 : (\(t))(a / b); }"
        case (.floorDivide, .some(let dtype)):
            // ArithmeticElement.floorDivide for integers: 0 for a zero divisor, min // -1 wraps
            // (through the unsigned type: negating min is undefined in C).
            let t = dtype.cType, u = dtype.cUnsignedType
            return """
            static inline \(t) \(name)(\(t) a, \(t) b) {
                if (b == 0) return 0;
                if (b == -1) return (\(t))((\(u))0 - (\(u))a);
                \(t) q = a / b;
                return ((a % b) != 0 && ((a < 0) != (b < 0))) ? (\(t))(q - 1) : q;
            }
            """
        case (.power, .some(let dtype)):
            // ArithmeticElement.power for integers: wrapping exponentiation by squaring; a
            // negative exponent gives the truncated real result (unsigned ones have none).
            let t = dtype.cType, u = dtype.cUnsignedType
            let negative = dtype.isUnsignedInteger ? "" : """
                if (b < 0) {
                    if (a == 1) return 1;
                    if (a == -1) return (b & 1) == 0 ? 1 : -1;
                    return 0;
                }

            """
            return """
            static inline \(t) \(name)(\(t) a, \(t) b) {
            \(negative)
                \(u) result = 1, base = (\(u))a;
                while (b > 0) {
                    if (b & 1) result *= base;
                    base *= base;
                    b >>= 1;
                }
                return (\(t))result;
            }
            """
        case (.floatToInt32, _):
            // Int32(castingDouble:): truncation; NaN and out of range give the minimum.
            return """
            static inline int32_t \(name)(double d) {
                return (d != d || d >= 2147483648.0 || d <= -2147483649.0) ? INT32_MIN : (int32_t)d;
            }
            """
        case (.floatToInt64, _):
            // Int64(castingDouble:): 2^63 is exact, every double below it in magnitude fits.
            return """
            static inline int64_t \(name)(double d) {
                return (d != d || d >= 0x1p63 || d < -0x1p63) ? INT64_MIN : (int64_t)d;
            }
            """
        case (.floatToUInt32, _):
            // UInt32(castingDouble:): from 2^31 up through x - 2^31 with the top bit set back.
            return """
            static inline uint32_t \(name)(double d) {
                return d >= 2147483648.0 ? ((uint32_t)la_float_to_int32(d - 2147483648.0) ^ 0x80000000u) : (uint32_t)la_float_to_int32(d);
            }
            """
        case (.floatToUInt64, _):
            // UInt64(castingDouble:): from 2^63 up through x - 2^63 with the top bit set back.
            return """
            static inline uint64_t \(name)(double d) {
                return d >= 0x1p63 ? ((uint64_t)la_float_to_int64(d - 0x1p63) ^ 0x8000000000000000ull) : (uint64_t)la_float_to_int64(d);
            }
            """
        case (.halfToFloat, .float16):
            // Float16Element.floatValue.
            return """
            static inline float \(name)(uint16_t h) {
                uint32_t s = (uint32_t)(h & 0x8000) << 16, e = (h >> 10) & 0x1F, f = h & 0x3FF;
                if (e == 0) return (s ? -1.0f : 1.0f) * (float)f * 0x1p-24f;
                if (e == 0x1F) return la_f32_bits(s | 0x7F800000u | f << 13);
                return la_f32_bits(s | (e + 112) << 23 | f << 13);
            }
            """
        case (.halfToFloat, _):
            // BFloat16Element.floatValue.
            return "static inline float \(name)(uint16_t h) { return la_f32_bits((uint32_t)h << 16); }"
        case (.doubleToHalf, .some(let dtype)):
            // HalfPrecisionElement.init(castingDouble:), the format read from the Swift type:
            // one rounding from the double (nearbyint rounds ties to even in the default mode).
            return dtype == .float16 ? doubleToHalf(Float16Element.self, nan: "(uint16_t)(0x7C00 | (((b >> 42) & 0x3FF) ? ((b >> 42) & 0x3FF) : 1))")
                                     : doubleToHalf(BFloat16Element.self, nan: "(uint16_t)0x7FC0")
        case (.bfloat16ToInteger, .some(let dtype)):
            // KernelElement.cast from bfloat16 (the argument, as float): truncation in the
            // target's range, else 0.
            let t = dtype.cType
            let (low, high): (String, String) = switch dtype {
            case .int8: ("-129.0", "128.0")
            case .int16: ("-32769.0", "32768.0")
            case .int32: ("-2147483649.0", "2147483648.0")
            case .uint8: ("-1.0", "256.0")
            case .uint16: ("-1.0", "65536.0")
            case .uint32: ("-1.0", "4294967296.0")
            case .uint64: ("-1.0", "0x1p64")
            default: ("-0x1p63", "0x1p63")
            }
            let lowTest = dtype == .int64 ? ">=" : ">"
            return """
            static inline \(t) \(name)(float f) {
                double v = (double)f;
                return (v \(lowTest) \(low) && v < \(high)) ? (\(t))v : (\(t))0;
            }
            """
        case (.exponential, .some(let dtype)):
            return exponentialDefinition(dtype)
        case (.logistic, .some(let dtype)):
            return logisticDefinition(dtype)
        case (.remainder, nil), (.floorDivide, nil), (.power, nil), (.doubleToHalf, nil), (.bfloat16ToInteger, nil),
             (.exponential, nil), (.logistic, nil):
            preconditionFailure("[CKernelRenderer] helper \(kind) needs a dtype")
        }
    }

    /// The double -> `T` conversion; `nan` is the NaN's bits without the sign, from the
    /// double's bits `b`.
    private func doubleToHalf<T: HalfPrecisionElement>(_: T.Type, nan: String) -> String {
        let (bits, minimum, bias) = (T.fractionBits, T.minimumExponent, T.bias)
        return """
        static inline uint16_t \(name)(double d) {
            uint64_t b; __builtin_memcpy(&b, &d, 8);
            uint16_t sign = (uint16_t)((b >> 48) & 0x8000);
            if (d != d) return sign | \(nan);
            double m = fabs(d);
            if (isinf(m)) return sign | \(T.infinityBits);
            if (m < 0x1p\(minimum)) return sign | (uint16_t)nearbyint(ldexp(m, \(bits - minimum)));
            int e = ilogb(m);
            double q = nearbyint(ldexp(m, \(bits) - e));
            if (q == 0x1p\(bits + 1)) { e += 1; q = 0x1p\(bits); }
            if (e > \(T.maximumExponent)) return sign | \(T.infinityBits);
            return sign | (uint16_t)(((uint32_t)(e + \(bias)) << \(bits)) | (uint32_t)(q - 0x1p\(bits)));
        }
        """
    }

    /// NaN constants are written by bit pattern (a literal cannot carry a payload); these are
    /// in every source, as they are two lines.
    static let bitCasts = """
        static inline float la_f32_bits(uint32_t b) { float f; __builtin_memcpy(&f, &b, 4); return f; }
        static inline double la_f64_bits(uint64_t b) { double d; __builtin_memcpy(&d, &b, 8); return d; }
        """
}
