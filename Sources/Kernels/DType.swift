/// The element type of an array.
///
/// NumPy equivalent: `numpy.dtype` restricted to `bool`, `int8`, `int16`, `int32`, `int64`, `float32`, `float64`.
/// Booleans are stored as one byte holding 0 or 1, as NumPy stores them.
public enum DType: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case bool, int8, int16, int32, int64, float32, float64

    /// Bytes per element. NumPy: `dtype.itemsize`.
    public var byteSize: Int {
        switch self {
        case .bool, .int8: 1
        case .int16: 2
        case .int32, .float32: 4
        case .int64, .float64: 8
        }
    }

    /// True for `float32` and `float64`. NumPy: `np.issubdtype(dt, np.floating)`.
    public var isFloatingPoint: Bool { self == .float32 || self == .float64 }

    /// True for the integer dtypes. NumPy: `np.issubdtype(dt, np.integer)`.
    public var isInteger: Bool {
        switch self {
        case .int8, .int16, .int32, .int64: true
        case .bool, .float32, .float64: false
        }
    }

    /// The NumPy name, e.g. `float32`. NumPy: `str(dtype)`.
    public var description: String { rawValue }
}
