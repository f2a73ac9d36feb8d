import Kernels

extension DType {
    /// The dtype two arrays promote to, as NumPy 2 does (`np.result_type(a, b)`; bfloat16 as
    /// ml_dtypes and JAX): bool < integers < floats, the wider of two of a kind (float16 with
    /// bfloat16 gives float32, since neither holds the other), and an integer with a float the
    /// narrowest float at least as wide that holds every value of the integer: int8 and uint8
    /// with float16 or bfloat16 give that type, int16 and uint16 float32, 32- and 64-bit
    /// integers float64. A signed and an unsigned integer give the smallest signed type holding
    /// both (uint8 with int8 is int16, uint32 with int32 int64), and uint64 with any signed
    /// type float64.
    public static func promote(_ a: DType, _ b: DType) -> DType {
        if a == b { return a }
        if a == .bool { return b }
        if b == .bool { return a }
        if a.isInteger && b.isInteger {
            if a.isUnsignedInteger == b.isUnsignedInteger { return a.byteSize >= b.byteSize ? a : b }
            let (unsigned, signed) = a.isUnsignedInteger ? (a, b) : (b, a)
            if signed.byteSize > unsigned.byteSize { return signed }
            switch unsigned {
            case .uint8: return .int16
            case .uint16: return .int32
            case .uint32: return .int64
            default: return .float64
            }
        }
        if a.isFloatingPoint && b.isFloatingPoint {
            if a.isHalfPrecision && b.isHalfPrecision { return .float32 }
            return a.byteSize >= b.byteSize ? a : b
        }
        let (integer, float) = a.isInteger ? (a, b) : (b, a)
        let holdsInteger: DType = switch integer.byteSize {
        case 1: float
        case 2: .float32
        default: .float64
        }
        return holdsInteger.byteSize > float.byteSize ? holdsInteger : float
    }

    /// Whether an operation whose NumPy result for bool is a small float (`sqrt` gives float16,
    /// `/` float64) gives int8 and int16 that same type: NumPy's loops for them are the bool
    /// ones' (`np.sqrt(int8)` is float16, `np.sqrt(int16)` float32, `/` float64); uint8 and
    /// uint16 are as int8 and int16. LazyArray deliberately gives bool, int8 and uint8 the
    /// row's float32 where NumPy gives float16 (as PyTorch gives float32): a float16 `sqrt` of
    /// a mask or of small integers would lose precision nobody asked to lose.
    var takesBoolFloatingResult: Bool {
        switch self {
        case .bool, .int8, .int16, .uint8, .uint16: true
        case .int32, .int64, .uint32, .uint64, .float16, .bfloat16, .float32, .float64: false
        }
    }

    /// The floating type an operation such as `mean` computes in for this input: NumPy gives
    /// float64 for integers (and float16 for bool, which LazyArray lacks: float32).
    var floatingResult: DType {
        switch self {
        case .float16, .bfloat16, .float32, .float64: self
        case .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64: .float64
        case .bool: .float32
        }
    }
}

/// A Swift scalar used as an operand, with NumPy 2's "weak scalar" rule (NEP 50): it takes the
/// array's dtype where its kind allows (`float32Array * 2.5` stays float32), and only lifts the
/// kind (`int64Array * 2.5` is float64, `boolArray + 1` is int64).
public protocol NDArrayScalar: Sendable {
    /// The scalar as a dtype-free constant.
    var scalarValue: Scalar { get }
}

extension Int: NDArrayScalar { public var scalarValue: Scalar { .int(Int64(self)) } }
extension Int8: NDArrayScalar { public var scalarValue: Scalar { .int(Int64(self)) } }
extension Int16: NDArrayScalar { public var scalarValue: Scalar { .int(Int64(self)) } }
extension Int32: NDArrayScalar { public var scalarValue: Scalar { .int(Int64(self)) } }
extension Int64: NDArrayScalar { public var scalarValue: Scalar { .int(self) } }
extension UInt8: NDArrayScalar { public var scalarValue: Scalar { .int(Int64(self)) } }
extension UInt16: NDArrayScalar { public var scalarValue: Scalar { .int(Int64(self)) } }
extension UInt32: NDArrayScalar { public var scalarValue: Scalar { .int(Int64(self)) } }
extension Double: NDArrayScalar { public var scalarValue: Scalar { .float(self) } }
extension Float: NDArrayScalar { public var scalarValue: Scalar { .float(Double(self)) } }
extension Bool: NDArrayScalar { public var scalarValue: Scalar { .bool(self) } }

extension Scalar {
    /// The dtype an array of `arrayType` combined with this weak scalar promotes to.
    func weakPromotion(with arrayType: DType) -> DType {
        switch self {
        case .bool: arrayType
        case .int: arrayType == .bool ? .int64 : arrayType
        case .float: arrayType.isFloatingPoint ? arrayType : .float64
        }
    }

    /// Whether the value fits `dtype` (NumPy raises OverflowError for `int32Array + 2**40`,
    /// `int8Array + 300` and `uint8Array + -1`).
    func fits(_ dtype: DType) -> Bool {
        guard case .int(let value) = self else { return true }
        switch dtype {
        case .int8: return value >= Int64(Int8.min) && value <= Int64(Int8.max)
        case .int16: return value >= Int64(Int16.min) && value <= Int64(Int16.max)
        case .int32: return value >= Int64(Int32.min) && value <= Int64(Int32.max)
        case .uint8: return value >= 0 && value <= Int64(UInt8.max)
        case .uint16: return value >= 0 && value <= Int64(UInt16.max)
        case .uint32: return value >= 0 && value <= Int64(UInt32.max)
        case .uint64: return value >= 0
        case .bool, .int64, .float16, .bfloat16, .float32, .float64: return true
        }
    }
}
