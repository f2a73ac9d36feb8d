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

/// The types stored as themselves: their dtype is their `KernelElement` dtype.
extension NDArrayElement where Self: KernelElement, Storage == Self {
    public var storage: Self { self }
    public init(storage: Self) { self = storage }
}

extension Double: NDArrayElement { public typealias Storage = Double }
extension Float: NDArrayElement { public typealias Storage = Float }
extension Int8: NDArrayElement { public typealias Storage = Int8 }
extension Int16: NDArrayElement { public typealias Storage = Int16 }
extension Int32: NDArrayElement { public typealias Storage = Int32 }
extension Int64: NDArrayElement { public typealias Storage = Int64 }
extension UInt8: NDArrayElement { public typealias Storage = UInt8 }
extension UInt16: NDArrayElement { public typealias Storage = UInt16 }
extension UInt32: NDArrayElement { public typealias Storage = UInt32 }
extension UInt64: NDArrayElement { public typealias Storage = UInt64 }

extension Int: NDArrayElement {
    public static var dtype: DType { .int64 }
    public var storage: Int64 { Int64(self) }
    public init(storage: Int64) { self = Int(storage) }
}
extension Bool: NDArrayElement {
    public static var dtype: DType { .bool }
    public var storage: BoolByte { BoolByte(rawValue: self ? 1 : 0) }
    public init(storage: BoolByte) { self = storage.rawValue != 0 }
}
