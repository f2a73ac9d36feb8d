import Kernels

/// A Swift type an array can be made from and read back into.
///
/// NumPy equivalent: the Python and NumPy scalar types that `np.array` accepts and `tolist`
/// returns. `Int` maps to `int64`, `Bool` to `bool`, `Float` to `float32`, `Double` to `float64`,
/// `Int8`/`Int16`/`Int32` to `int8`/`int16`/`int32`, `UInt8`...`UInt64` to `uint8`...`uint64`.
/// Each type has exactly its storage's memory layout, so arrays convert by copying bytes.
public protocol NDArrayElement: Sendable {
    /// How the dtype stores this type.
    associatedtype Storage: KernelElement
    /// The dtype arrays of this type get.
    static var dtype: DType { get }
    /// The stored form of the value.
    var storage: Storage { get }
    /// The value from its stored form.
    init(storage: Storage)
}

extension Double: NDArrayElement {
    public static var dtype: DType { .float64 }
    public var storage: Double { self }
    public init(storage: Double) { self = storage }
}
extension Float: NDArrayElement {
    public static var dtype: DType { .float32 }
    public var storage: Float { self }
    public init(storage: Float) { self = storage }
}
extension Int: NDArrayElement {
    public static var dtype: DType { .int64 }
    public var storage: Int64 { Int64(self) }
    public init(storage: Int64) { self = Int(storage) }
}
extension Int64: NDArrayElement {
    public static var dtype: DType { .int64 }
    public var storage: Int64 { self }
    public init(storage: Int64) { self = storage }
}
extension Int8: NDArrayElement {
    public static var dtype: DType { .int8 }
    public var storage: Int8 { self }
    public init(storage: Int8) { self = storage }
}
extension Int16: NDArrayElement {
    public static var dtype: DType { .int16 }
    public var storage: Int16 { self }
    public init(storage: Int16) { self = storage }
}
extension Int32: NDArrayElement {
    public static var dtype: DType { .int32 }
    public var storage: Int32 { self }
    public init(storage: Int32) { self = storage }
}
extension UInt8: NDArrayElement {
    public static var dtype: DType { .uint8 }
    public var storage: UInt8 { self }
    public init(storage: UInt8) { self = storage }
}
extension UInt16: NDArrayElement {
    public static var dtype: DType { .uint16 }
    public var storage: UInt16 { self }
    public init(storage: UInt16) { self = storage }
}
extension UInt32: NDArrayElement {
    public static var dtype: DType { .uint32 }
    public var storage: UInt32 { self }
    public init(storage: UInt32) { self = storage }
}
extension UInt64: NDArrayElement {
    public static var dtype: DType { .uint64 }
    public var storage: UInt64 { self }
    public init(storage: UInt64) { self = storage }
}
extension Bool: NDArrayElement {
    public static var dtype: DType { .bool }
    public var storage: BoolByte { BoolByte(rawValue: self ? 1 : 0) }
    public init(storage: BoolByte) { self = storage.rawValue != 0 }
}
