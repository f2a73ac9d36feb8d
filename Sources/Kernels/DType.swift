/// The element type of an array.
///
/// NumPy equivalent: `numpy.dtype` restricted to `bool`, `int8`, `int16`, `int32`, `int64`,
/// `uint8`, `uint16`, `uint32`, `uint64`, `float16`, `float32`, `float64`, and `bfloat16` as
/// ml_dtypes and JAX define it. Booleans are stored as one byte holding 0 or 1, as NumPy
/// stores them. float16 and bfloat16 are stored in two bytes and computed in float32, rounded
/// to storage after every operation.
public enum DType: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case bool, int8, int16, int32, int64, uint8, uint16, uint32, uint64, float16, bfloat16, float32, float64

    /// Bytes per element. NumPy: `dtype.itemsize`.
    public var byteSize: Int {
        switch self {
        case .bool, .int8, .uint8: 1
        case .int16, .uint16, .float16, .bfloat16: 2
        case .int32, .uint32, .float32: 4
        case .int64, .uint64, .float64: 8
        }
    }

    /// True for `float16`, `bfloat16`, `float32` and `float64`. NumPy: `np.issubdtype(dt, np.floating)`.
    public var isFloatingPoint: Bool {
        switch self {
        case .float16, .bfloat16, .float32, .float64: true
        case .bool, .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64: false
        }
    }

    /// True for `float16` and `bfloat16`: stored in two bytes, computed in float32. Operations
    /// on them are built as float32 operations between casts (`ElementwiseRule.resolveFromRow`,
    /// and the reductions, `matmul`, `cumsum` and `where`), so kernels only load, store, copy
    /// and cast them.
    public var isHalfPrecision: Bool { self == .float16 || self == .bfloat16 }

    /// True for the integer dtypes. NumPy: `np.issubdtype(dt, np.integer)`.
    public var isInteger: Bool {
        switch self {
        case .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64: true
        case .bool, .float16, .bfloat16, .float32, .float64: false
        }
    }

    /// True for `uint8` ... `uint64`. NumPy: `np.issubdtype(dt, np.unsignedinteger)`.
    public var isUnsignedInteger: Bool {
        switch self {
        case .uint8, .uint16, .uint32, .uint64: true
        case .bool, .int8, .int16, .int32, .int64, .float16, .bfloat16, .float32, .float64: false
        }
    }

    /// The NumPy name, e.g. `float32`. NumPy: `str(dtype)`.
    public var description: String { rawValue }
}
