/// A Swift type that stores the elements of one dtype, with the conversions every cast uses.
///
/// `bool` is stored as ``BoolByte`` (one byte holding 0 or 1, as NumPy stores it), so kernels
/// can combine truth values with bit operations that vectorize.
public protocol KernelElement: Sendable, Equatable {
    /// The dtype this type stores.
    static var dtype: DType { get }
    /// Converts a floating-point value as NumPy's `astype` does on x86-64: truncation toward
    /// zero for integers, with NaN and out-of-range values giving the type's minimum.
    init(castingDouble value: Double)
    /// Converts an integer as NumPy's `astype` does: wrapping for narrower integers, rounding to
    /// nearest for floats.
    init(castingInt64 value: Int64)
    /// 1 for true, 0 for false.
    init(castingBool value: Bool)
    /// Converts a uint64 as NumPy's `astype` does: wrapping for integers, rounding to nearest
    /// for floats (the default goes through the Int64 of the same bits, right for integers).
    init(castingUInt64 value: UInt64)
    /// The value widened to Double (exact for all but int64 beyond 2^53).
    var doubleValue: Double { get }
    /// The value as Int64 (floats truncate as `init(castingDouble:)` does).
    var int64Value: Int64 { get }
    /// Whether the value is nonzero (NaN counts as true).
    var boolValue: Bool { get }
}

extension KernelElement {
    /// Converts `value` of any element type with NumPy's casting rules.
    @inline(__always)
    public static func cast<Source: KernelElement>(_ value: Source) -> Self {
        switch Source.dtype {
        case .float16 where Self.self == UInt32.self:
            // NumPy converts float16 to uint32 through int64 (its half loops are scalar), not
            // as its vectorized float loop does: NaN and -inf give 0 here, 2^31 from float32.
            return UInt32(truncatingIfNeeded: Int64(castingDouble: value.doubleValue)) as! Self
        case .float16, .float32, .float64:
            // float32 -> float64 is exact; float64 -> float32 rounds once in Float(Double).
            if Self.self == Float.self, Source.self == Double.self {
                return Float(value.doubleValue) as! Self
            }
            return Self(castingDouble: value.doubleValue)
        case .bfloat16:
            // ml_dtypes: truncation when it lands in an integer target's range, else 0 (not the
            // low bits): bfloat16(-1) to uint8 and bfloat16(2^63) to int64 give 0.
            guard Self.dtype.isInteger else { return Self(castingDouble: value.doubleValue) }
            let truncated = value.doubleValue.rounded(.towardZero), converted = Self(castingDouble: truncated)
            return converted.doubleValue == truncated ? converted : Self(castingInt64: 0)
        case .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32:
            return Self(castingInt64: value.int64Value)
        case .uint64:
            // Its values above Int64.max have no Int64; floats convert the UInt64 itself.
            return Self(castingUInt64: unsafeBitCast(value, to: UInt64.self))
        case .bool:
            return Self(castingBool: value.boolValue)
        }
    }

    @inline(__always)
    public init(castingUInt64 value: UInt64) { self.init(castingInt64: Int64(bitPattern: value)) }
}

/// What every integer dtype converts the same way: from Int64 by keeping the low bits (NumPy's
/// wrapping `astype`), to Int64 by sign- or zero-extension (uint64 gives the Int64 of the same
/// bits, what a cast to any narrower or signed integer wraps from).
extension KernelElement where Self: FixedWidthInteger {
    @inline(__always) public init(castingInt64 value: Int64) { self.init(truncatingIfNeeded: value) }
    @inline(__always) public init(castingBool value: Bool) { self = value ? 1 : 0 }
    @inline(__always) public var doubleValue: Double { Double(self) }
    @inline(__always) public var int64Value: Int64 { Int64(truncatingIfNeeded: self) }
    @inline(__always) public var boolValue: Bool { self != 0 }
}

extension Int64 {
    /// NumPy's float -> int64 cast on x86-64: truncation, with NaN and overflow giving `Int64.min`.
    @inline(__always)
    public init(castingDouble value: Double) {
        // 2^63 is exactly representable; every double below it in magnitude fits.
        if value.isNaN || value >= 9_223_372_036_854_775_808.0 || value < -9_223_372_036_854_775_808.0 {
            self = .min
        } else {
            self = Int64(value)
        }
    }
}

extension Int8: KernelElement {
    public static var dtype: DType { .int8 }
    /// NumPy on x86-64 converts a float to int8 through int32 and keeps the low byte, so
    /// 300.7 gives 44 and NaN or an out-of-range value gives 0 (the low byte of int32's minimum).
    @inline(__always) public init(castingDouble value: Double) {
        self = Int8(truncatingIfNeeded: Int32(castingDouble: value))
    }
}

extension Int16: KernelElement {
    public static var dtype: DType { .int16 }
    /// Through int32 as for int8: 40000.7 gives -25536, NaN gives 0.
    @inline(__always) public init(castingDouble value: Double) {
        self = Int16(truncatingIfNeeded: Int32(castingDouble: value))
    }
}

extension UInt8: KernelElement {
    public static var dtype: DType { .uint8 }
    /// Through int32 as for int8: 300.7 gives 44, -1.0 gives 255, NaN and ±inf give 0.
    @inline(__always) public init(castingDouble value: Double) {
        self = UInt8(truncatingIfNeeded: Int32(castingDouble: value))
    }
}

extension UInt16: KernelElement {
    public static var dtype: DType { .uint16 }
    /// Through int32 as for int8: 70000.5 gives 4464, -1.0 gives 65535, NaN gives 0.
    @inline(__always) public init(castingDouble value: Double) {
        self = UInt16(truncatingIfNeeded: Int32(castingDouble: value))
    }
}

extension UInt32: KernelElement {
    public static var dtype: DType { .uint32 }
    /// NumPy's vectorized float -> uint32 loop on x86-64: values from 2^31 up are converted
    /// as `x - 2^31` to int32 with the top bit set back, the rest as int32, each conversion's
    /// NaN or overflow giving int32's minimum bits. So -1.0 gives 4294967295, NaN, -inf and
    /// -2^31-1 give 2147483648, inf and 2^32+5 give 0. (NumPy's scalar tail of a short array
    /// goes through int64 instead, e.g. 2^32+5 gives 5 there; this follows the bulk loop.)
    @inline(__always) public init(castingDouble value: Double) {
        if value >= 2_147_483_648.0 {
            self = UInt32(bitPattern: Int32(castingDouble: value - 2_147_483_648.0)) ^ 0x8000_0000
        } else {
            self = UInt32(bitPattern: Int32(castingDouble: value))
        }
    }
}

extension UInt64: KernelElement {
    public static var dtype: DType { .uint64 }
    /// NumPy's float -> uint64 on x86-64 (the compiler's conversion): values from 2^63 up are
    /// converted as `x - 2^63` to int64 with the top bit set back, the rest as int64, each
    /// conversion's NaN or overflow giving int64's minimum bits. So -1.0 gives 2^64-1, NaN and
    /// -inf give 2^63, inf and 2^64 give 0.
    @inline(__always) public init(castingDouble value: Double) {
        if value >= 9_223_372_036_854_775_808.0 {
            self = UInt64(bitPattern: Int64(castingDouble: value - 9_223_372_036_854_775_808.0)) ^ 0x8000_0000_0000_0000
        } else {
            self = UInt64(bitPattern: Int64(castingDouble: value))
        }
    }
}

extension Int32: KernelElement {
    public static var dtype: DType { .int32 }
    @inline(__always) public init(castingDouble value: Double) {
        if value.isNaN || value >= 2_147_483_648.0 || value <= -2_147_483_649.0 {
            self = .min
        } else {
            self = Int32(value)
        }
    }
}

extension Int64: KernelElement {
    public static var dtype: DType { .int64 }
}

extension Float: KernelElement {
    public static var dtype: DType { .float32 }
    @inline(__always) public init(castingDouble value: Double) { self = Float(value) }
    @inline(__always) public init(castingInt64 value: Int64) { self = Float(value) }
    @inline(__always) public init(castingUInt64 value: UInt64) { self = Float(value) }
    @inline(__always) public init(castingBool value: Bool) { self = value ? 1 : 0 }
    @inline(__always) public var doubleValue: Double { Double(self) }
    @inline(__always) public var int64Value: Int64 { Int64(castingDouble: Double(self)) }
    @inline(__always) public var boolValue: Bool { self != 0 }
}

extension Double: KernelElement {
    public static var dtype: DType { .float64 }
    @inline(__always) public init(castingDouble value: Double) { self = value }
    @inline(__always) public init(castingInt64 value: Int64) { self = Double(value) }
    @inline(__always) public init(castingUInt64 value: UInt64) { self = Double(value) }
    @inline(__always) public init(castingBool value: Bool) { self = value ? 1 : 0 }
    @inline(__always) public var doubleValue: Double { self }
    @inline(__always) public var int64Value: Int64 { Int64(castingDouble: self) }
    @inline(__always) public var boolValue: Bool { self != 0 }
}
