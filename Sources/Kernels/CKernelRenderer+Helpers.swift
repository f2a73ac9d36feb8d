/// Small C functions the rendered kernels call where one expression cannot say it: each is the
/// C transcription of the Swift definition named in its comment, written so that no input is
/// undefined behaviour in C. A kernel's source carries only the helpers it uses.
struct CHelper: Hashable, Comparable {
    enum Kind: Int, Hashable, CaseIterable {
        case remainder, floorDivide, power, floatToInt32, floatToInt64
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
            // negative exponent gives the truncated real result.
            let t = dtype.cType, u = dtype.cUnsignedType
            return """
            static inline \(t) \(name)(\(t) a, \(t) b) {
                if (b < 0) {
                    if (a == 1) return 1;
                    if (a == -1) return (b & 1) == 0 ? 1 : -1;
                    return 0;
                }
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
        case (.remainder, nil), (.floorDivide, nil), (.power, nil):
            preconditionFailure("[CKernelRenderer] helper \(kind) needs a dtype")
        }
    }

    /// NaN constants are written by bit pattern (a literal cannot carry a payload); these are
    /// in every source, as they are two lines.
    static let bitCasts = """
        static inline float la_f32_bits(uint32_t b) { float f; __builtin_memcpy(&f, &b, 4); return f; }
        static inline double la_f64_bits(uint64_t b) { double d; __builtin_memcpy(&d, &b, 8); return d; }
        """
}
