import Kernels

extension DType {
    /// Position in NumPy's promotion lattice restricted to these five types.
    private var rank: Int {
        switch self {
        case .bool: 0
        case .int32: 1
        case .int64: 2
        case .float32: 3
        case .float64: 4
        }
    }

    /// The dtype two arrays promote to, as NumPy 2 does (`np.result_type(a, b)`): bool <
    /// integers < floats, the wider of two of a kind, and an integer with float32 gives float64
    /// (float32 cannot hold every int32).
    public static func promote(_ a: DType, _ b: DType) -> DType {
        if a == b { return a }
        if (a.isInteger && b == .float32) || (b.isInteger && a == .float32) { return .float64 }
        return a.rank >= b.rank ? a : b
    }

    /// The floating type an operation such as `sqrt` or `/` computes in for this input:
    /// NumPy gives float64 for integers (and float16 for bool, which LazyArray lacks: float32).
    var floatingResult: DType {
        switch self {
        case .float32, .float64: self
        case .int32, .int64: .float64
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
extension Int32: NDArrayScalar { public var scalarValue: Scalar { .int(Int64(self)) } }
extension Int64: NDArrayScalar { public var scalarValue: Scalar { .int(self) } }
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

    /// Whether the value fits `dtype` (NumPy raises OverflowError for `int32Array + 2**40`).
    func fits(_ dtype: DType) -> Bool {
        guard case .int(let value) = self, dtype == .int32 else { return true }
        return value >= Int64(Int32.min) && value <= Int64(Int32.max)
    }
}
