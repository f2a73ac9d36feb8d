/// The storage of one `bool` element: one byte holding 0 or 1, as NumPy stores it.
///
/// A type of its own rather than `UInt8`, which stores `uint8`: the generic kernels dispatch
/// on `T.dtype`, so each dtype needs its own Swift type. Its layout is exactly one byte, so code
/// that treats bool buffers as raw bytes (the 0/1 masks predicates and comparisons write, fills,
/// gathers) still reads and writes them as `UInt8`; only the element's type identity is here.
@frozen
public struct BoolByte: KernelElement, Comparable, Hashable {
    /// 0 or 1.
    public var rawValue: UInt8
    @inline(__always) public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static var dtype: DType { .bool }
    @inline(__always) public init(castingDouble value: Double) { rawValue = value != 0 ? 1 : 0 }
    @inline(__always) public init(castingInt64 value: Int64) { rawValue = value != 0 ? 1 : 0 }
    @inline(__always) public init(castingBool value: Bool) { rawValue = value ? 1 : 0 }
    @inline(__always) public var doubleValue: Double { rawValue != 0 ? 1 : 0 }
    @inline(__always) public var int64Value: Int64 { rawValue != 0 ? 1 : 0 }
    @inline(__always) public var boolValue: Bool { rawValue != 0 }
    /// false < true, as NumPy orders bools.
    @inline(__always) public static func < (a: BoolByte, b: BoolByte) -> Bool { a.rawValue < b.rawValue }
}

// Logical operations on the 0/1 bytes, as bit operations that vectorize.
extension BoolByte {
    /// Logical not.
    @inline(__always) package static func invert(_ a: BoolByte) -> BoolByte { BoolByte(rawValue: a.rawValue ^ 1) }
    @inline(__always) package static func bitAnd(_ a: BoolByte, _ b: BoolByte) -> BoolByte { BoolByte(rawValue: a.rawValue & b.rawValue) }
    @inline(__always) package static func bitOr(_ a: BoolByte, _ b: BoolByte) -> BoolByte { BoolByte(rawValue: a.rawValue | b.rawValue) }
    @inline(__always) package static func bitXor(_ a: BoolByte, _ b: BoolByte) -> BoolByte { BoolByte(rawValue: a.rawValue ^ b.rawValue) }
}
