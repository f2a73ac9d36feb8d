import Kernels

/// Absolute value. NumPy: `np.abs(a)`.
public func abs(_ a: NDArray) -> NDArray { NDArray.unary(.absolute, a) }
/// Square root (integers give float64). NumPy: `np.sqrt(a)`.
public func sqrt(_ a: NDArray) -> NDArray { NDArray.unary(.sqrt, a) }
/// e raised to each element. NumPy: `np.exp(a)`.
public func exp(_ a: NDArray) -> NDArray { NDArray.unary(.exp, a) }
/// Natural logarithm. NumPy: `np.log(a)`.
public func log(_ a: NDArray) -> NDArray { NDArray.unary(.log, a) }
/// Sine (radians). NumPy: `np.sin(a)`.
public func sin(_ a: NDArray) -> NDArray { NDArray.unary(.sin, a) }
/// Cosine (radians). NumPy: `np.cos(a)`.
public func cos(_ a: NDArray) -> NDArray { NDArray.unary(.cos, a) }
/// Tangent (radians). NumPy: `np.tan(a)`.
public func tan(_ a: NDArray) -> NDArray { NDArray.unary(.tan, a) }
/// Hyperbolic tangent. NumPy: `np.tanh(a)`.
public func tanh(_ a: NDArray) -> NDArray { NDArray.unary(.tanh, a) }
/// The logistic function `1 / (1 + exp(-a))`. NumPy: `scipy.special.expit(a)`.
public func sigmoid(_ a: NDArray) -> NDArray { NDArray.unary(.sigmoid, a) }
/// `max(a, 0)`, NaN kept. NumPy: `np.maximum(a, 0)`; PyTorch: `torch.relu`.
public func relu(_ a: NDArray) -> NDArray { NDArray.unary(.relu, a) }
/// Largest integer not above each element (integers unchanged). NumPy: `np.floor(a)`.
public func floor(_ a: NDArray) -> NDArray { NDArray.unary(.floor, a) }
/// Smallest integer not below each element (integers unchanged). NumPy: `np.ceil(a)`.
public func ceil(_ a: NDArray) -> NDArray { NDArray.unary(.ceil, a) }
/// Each element squared. NumPy: `np.square(a)`.
public func square(_ a: NDArray) -> NDArray { NDArray.unary(.square, a) }

/// Elementwise maximum, NaN propagating. NumPy: `np.maximum(a, b)`.
public func maximum(_ a: NDArray, _ b: NDArray) -> NDArray { NDArray.binary(.maximum, a, b) }
/// Elementwise maximum with a scalar. NumPy: `np.maximum(a, 0)`.
public func maximum<S: NDArrayScalar>(_ a: NDArray, _ b: S) -> NDArray { NDArray.binary(.maximum, a, scalar: b.scalarValue, scalarOnLeft: false) }
/// Elementwise maximum with a scalar. NumPy: `np.maximum(0, a)`.
public func maximum<S: NDArrayScalar>(_ a: S, _ b: NDArray) -> NDArray { NDArray.binary(.maximum, b, scalar: a.scalarValue, scalarOnLeft: true) }
/// Elementwise minimum, NaN propagating. NumPy: `np.minimum(a, b)`.
public func minimum(_ a: NDArray, _ b: NDArray) -> NDArray { NDArray.binary(.minimum, a, b) }
/// Elementwise minimum with a scalar. NumPy: `np.minimum(a, 1)`.
public func minimum<S: NDArrayScalar>(_ a: NDArray, _ b: S) -> NDArray { NDArray.binary(.minimum, a, scalar: b.scalarValue, scalarOnLeft: false) }
/// Elementwise minimum with a scalar. NumPy: `np.minimum(1, a)`.
public func minimum<S: NDArrayScalar>(_ a: S, _ b: NDArray) -> NDArray { NDArray.binary(.minimum, b, scalar: a.scalarValue, scalarOnLeft: true) }

/// `a // b` elementwise: the quotient rounded toward minus infinity (integers stay integers;
/// `// 0` gives 0 for integers, as NumPy does with a warning). NumPy: `np.floor_divide(a, b)`.
public func floorDivide(_ a: NDArray, _ b: NDArray) -> NDArray { NDArray.binary(.floorDivide, a, b) }
/// `floorDivide` with a scalar divisor. NumPy: `a // 3`.
public func floorDivide<S: NDArrayScalar>(_ a: NDArray, _ b: S) -> NDArray { NDArray.binary(.floorDivide, a, scalar: b.scalarValue, scalarOnLeft: false) }
/// `floorDivide` with a scalar dividend. NumPy: `3 // a`.
public func floorDivide<S: NDArrayScalar>(_ a: S, _ b: NDArray) -> NDArray { NDArray.binary(.floorDivide, b, scalar: a.scalarValue, scalarOnLeft: true) }

/// `sqrt(a² + b²)` elementwise, without overflow or underflow in between (integers give
/// float64). NumPy: `np.hypot(a, b)`.
public func hypot(_ a: NDArray, _ b: NDArray) -> NDArray { NDArray.binary(.hypot, a, b) }
/// `hypot` with a scalar. NumPy: `np.hypot(a, 3)`.
public func hypot<S: NDArrayScalar>(_ a: NDArray, _ b: S) -> NDArray { NDArray.binary(.hypot, a, scalar: b.scalarValue, scalarOnLeft: false) }
/// `hypot` with a scalar. NumPy: `np.hypot(3, a)`.
public func hypot<S: NDArrayScalar>(_ a: S, _ b: NDArray) -> NDArray { NDArray.binary(.hypot, b, scalar: a.scalarValue, scalarOnLeft: true) }

/// Each element limited to `[low, high]`: `minimum(maximum(a, low), high)`. NumPy: `np.clip(a, low, high)`.
public func clip(_ a: NDArray, _ low: NDArray, _ high: NDArray) -> NDArray { minimum(maximum(a, low), high) }
/// Each element limited to `[low, high]`. NumPy: `np.clip(a, 0, 1)`.
public func clip<S: NDArrayScalar>(_ a: NDArray, _ low: S, _ high: S) -> NDArray { minimum(maximum(a, low), high) }

extension NDArray {
    /// Elements of `a` where `condition` is true, of `b` elsewhere, all three broadcast
    /// together; a non-bool condition counts nonzero as true. NumPy: `np.where(cond, a, b)`.
    public static func `where`(_ condition: NDArray, _ a: NDArray, _ b: NDArray) -> NDArray {
        select(condition, a, b, valueType: DType.promote(a.dtype, b.dtype))
    }

    /// `where` with a scalar for the false branch. NumPy: `np.where(a > 0, a, 0)`.
    public static func `where`<S: NDArrayScalar>(_ condition: NDArray, _ a: NDArray, _ b: S) -> NDArray {
        let type = b.scalarValue.weakPromotion(with: a.dtype)
        return select(condition, a, full([], b.scalarValue, dtype: type), valueType: type)
    }

    /// `where` with a scalar for the true branch. NumPy: `np.where(mask, 1, a)`.
    public static func `where`<S: NDArrayScalar>(_ condition: NDArray, _ a: S, _ b: NDArray) -> NDArray {
        let type = a.scalarValue.weakPromotion(with: b.dtype)
        return select(condition, full([], a.scalarValue, dtype: type), b, valueType: type)
    }

    /// `where` with scalars for both branches. NumPy: `np.where(mask, 1.0, 0.0)`.
    public static func `where`<S: NDArrayScalar>(_ condition: NDArray, _ a: S, _ b: S) -> NDArray {
        // Two weak scalars: NumPy takes their own kinds' default types.
        let valueType: DType = switch (a.scalarValue, b.scalarValue) {
        case (.float, _), (_, .float): .float64
        case (.int, _), (_, .int): .int64
        default: .bool
        }
        return select(condition, full([], a.scalarValue, dtype: valueType), full([], b.scalarValue, dtype: valueType), valueType: valueType)
    }

    private static func select(_ condition: NDArray, _ a: NDArray, _ b: NDArray, valueType: DType) -> NDArray {
        var shape = condition.shape
        for other in [a, b] {
            switch broadcastShapes(shape, other.shape, operation: "where") {
            case .failure(let error): return failed(error, shape: shape, dtype: valueType)
            case .success(let result): shape = result
            }
        }
        // float16 and bfloat16 select in float32, which round-trips every value exactly.
        let selectType: DType = valueType.isHalfPrecision ? .float32 : valueType
        let inputs = [condition.astype(.bool).broadcasted(to: shape),
                      a.astype(selectType).broadcasted(to: shape),
                      b.astype(selectType).broadcasted(to: shape)]
        return NDArray(.elementwise(.select), dtype: selectType, shape: shape, inputs: inputs).astype(valueType)
    }
}
