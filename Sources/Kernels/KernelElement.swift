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
        case .float16, .float32, .float64:
            // float32 -> float64 is exact; float64 -> float32 rounds once in Float(Double).
            if Self.self == Float.self, Source.self == Double.self {
                return Float(value.doubleValue) as! Self
            }
            return Self(castingDouble: value.doubleValue)
        case .bfloat16:
            // ml_dtypes: a value outside an integer target's range gives 0, not its low bits.
            guard Self.dtype.isInteger else { return Self(castingDouble: value.doubleValue) }
            let integer = value.int64Value, converted = Self(castingInt64: integer)
            return converted.int64Value == integer ? converted : Self(castingInt64: 0)
        case .int8, .int16, .int32, .int64:
            return Self(castingInt64: value.int64Value)
        case .bool:
            return Self(castingBool: value.boolValue)
        }
    }
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
    @inline(__always) public init(castingInt64 value: Int64) { self = Int8(truncatingIfNeeded: value) }
    @inline(__always) public init(castingBool value: Bool) { self = value ? 1 : 0 }
    @inline(__always) public var doubleValue: Double { Double(self) }
    @inline(__always) public var int64Value: Int64 { Int64(self) }
    @inline(__always) public var boolValue: Bool { self != 0 }
}

extension Int16: KernelElement {
    public static var dtype: DType { .int16 }
    /// Through int32 as for int8: 40000.7 gives -25536, NaN gives 0.
    @inline(__always) public init(castingDouble value: Double) {
        self = Int16(truncatingIfNeeded: Int32(castingDouble: value))
    }
    @inline(__always) public init(castingInt64 value: Int64) { self = Int16(truncatingIfNeeded: value) }
    @inline(__always) public init(castingBool value: Bool) { self = value ? 1 : 0 }
    @inline(__always) public var doubleValue: Double { Double(self) }
    @inline(__always) public var int64Value: Int64 { Int64(self) }
    @inline(__always) public var boolValue: Bool { self != 0 }
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
    @inline(__always) public init(castingInt64 value: Int64) { self = Int32(truncatingIfNeeded: value) }
    @inline(__always) public init(castingBool value: Bool) { self = value ? 1 : 0 }
    @inline(__always) public var doubleValue: Double { Double(self) }
    @inline(__always) public var int64Value: Int64 { Int64(self) }
    @inline(__always) public var boolValue: Bool { self != 0 }
}

extension Int64: KernelElement {
    public static var dtype: DType { .int64 }
    @inline(__always) public init(castingInt64 value: Int64) { self = value }
    @inline(__always) public init(castingBool value: Bool) { self = value ? 1 : 0 }
    @inline(__always) public var doubleValue: Double { Double(self) }
    @inline(__always) public var int64Value: Int64 { self }
    @inline(__always) public var boolValue: Bool { self != 0 }
}

extension Float: KernelElement {
    public static var dtype: DType { .float32 }
    @inline(__always) public init(castingDouble value: Double) { self = Float(value) }
    @inline(__always) public init(castingInt64 value: Int64) { self = Float(value) }
    @inline(__always) public init(castingBool value: Bool) { self = value ? 1 : 0 }
    @inline(__always) public var doubleValue: Double { Double(self) }
    @inline(__always) public var int64Value: Int64 { Int64(castingDouble: Double(self)) }
    @inline(__always) public var boolValue: Bool { self != 0 }
}

extension Double: KernelElement {
    public static var dtype: DType { .float64 }
    @inline(__always) public init(castingDouble value: Double) { self = value }
    @inline(__always) public init(castingInt64 value: Int64) { self = Double(value) }
    @inline(__always) public init(castingBool value: Bool) { self = value ? 1 : 0 }
    @inline(__always) public var doubleValue: Double { self }
    @inline(__always) public var int64Value: Int64 { Int64(castingDouble: self) }
    @inline(__always) public var boolValue: Bool { self != 0 }
}
