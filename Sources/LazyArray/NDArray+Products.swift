import Kernels

// The other products of NumPy's linear algebra, written in terms of `matmul` and views, so they
// run on the same GEMM kernel (and fuse an elementwise epilogue the same way).

/// The dot product with NumPy's rules. NumPy: `np.dot(a, b)`.
///
/// - A 0-d operand: elementwise `a * b`.
/// - 1-D · 1-D: the inner product (a 0-d array); 2-D · 2-D: the matrix product.
/// - N-D · 1-D: sum over the last axis of `a` and `b`.
/// - N-D · M-D (M >= 2): sum over the last axis of `a` and the second-to-last of `b`:
///   `dot(a, b)[i, j, k, m] = sum(a[i, j, :] * b[k, :, m])` (unlike `matmul`, the batch axes
///   do not broadcast: the result has all of `a`'s and all of `b`'s other axes).
///
/// Mismatched sums are errors as NumPy words them: `[dot] shapes (2, 3) and (4, 5) not aligned:
/// 3 (dim 1) != 4 (dim 0)`.
public func dot(_ a: NDArray, _ b: NDArray) -> NDArray {
    if a.ndim == 0 || b.ndim == 0 { return a * b }
    let summed = b.ndim == 1 ? 0 : b.ndim - 2
    guard a.shape[a.ndim - 1] == b.shape[summed] else {
        return NDArray.failed(LazyArrayError("dot", "shapes \(describe(a.shape)) and \(describe(b.shape)) not aligned: \(a.shape[a.ndim - 1]) (dim \(a.ndim - 1)) != \(b.shape[summed]) (dim \(summed))"),
                              shape: a.shape, dtype: DType.promote(a.dtype, b.dtype))
    }
    if b.ndim <= 2 { return matmul(a, b) }
    // (..., k) . (B..., k, n): move b's summed axis first, flatten the rest into columns:
    // a (P, k) @ b (k, Q * n), then split the axes back out (the product is contiguous).
    let k = a.shape[a.ndim - 1]
    let bAxes = [summed] + Array(0..<summed) + [b.ndim - 1]
    let columns = b.transposed(bAxes).reshape([k, -1])
    let resultShape = Array(a.shape.dropLast()) + Array(b.shape.dropLast(2)) + [b.shape[b.ndim - 1]]
    return matmul(a.reshape([-1, k]), columns).reshape(resultShape)
}

/// The outer product of two vectors (inputs of any shape are flattened first): `result[i, j] =
/// a[i] * b[j]`. NumPy: `np.outer(a, b)`.
///
/// One elementwise kernel over broadcast views; no product kernel is needed.
public func outer(_ a: NDArray, _ b: NDArray) -> NDArray {
    a.flatten().expandDims(axis: 1) * b.flatten().expandDims(axis: 0)
}

/// The inner product over the last axes: `result[i..., j...] = sum(a[i..., :] * b[j..., :])`,
/// a 0-d array for two vectors. A 0-d operand multiplies elementwise. NumPy: `np.inner(a, b)`.
public func inner(_ a: NDArray, _ b: NDArray) -> NDArray {
    if a.ndim == 0 || b.ndim == 0 { return a * b }
    let k = a.shape[a.ndim - 1]
    guard b.shape[b.ndim - 1] == k else {
        return NDArray.failed(LazyArrayError("inner", "shapes \(describe(a.shape)) and \(describe(b.shape)) not aligned: \(k) (dim \(a.ndim - 1)) != \(b.shape[b.ndim - 1]) (dim \(b.ndim - 1))"),
                              shape: a.shape, dtype: DType.promote(a.dtype, b.dtype))
    }
    if a.ndim == 1 && b.ndim == 1 { return matmul(a, b) }
    // a (P, k) @ b (Q, k).T: b is read transposed in place.
    let resultShape = Array(a.shape.dropLast()) + Array(b.shape.dropLast())
    return matmul(a.reshape([-1, k]), b.reshape([-1, k]).T).reshape(resultShape)
}

extension NDArray {
    /// The sum along the diagonal `offset` (0: main, positive: above) of the first two axes;
    /// for more than two axes, one sum per position of the others. Integers and bool sum in
    /// int64, as NumPy's do. NumPy: `np.trace(a, offset)`, `a.trace(offset)`.
    ///
    /// The diagonal is a strided view (a flattened matrix sliced with step `columns + 1`), summed
    /// as a product with a vector of ones.
    public func trace(offset: Int = 0) -> NDArray {
        let resultType: DType = dtype.isFloatingPoint ? dtype : .int64
        guard ndim >= 2 else {
            return NDArray.failed(LazyArrayError("trace", "diag requires an array of at least two dimensions, got shape \(describe(shape))"),
                                  shape: [], dtype: resultType)
        }
        let (rows, columns) = (shape[0], shape[1])
        let rest = Array(shape.dropFirst(2))
        let length = Swift.max(0, Swift.min(rows - Swift.max(0, -offset), columns - Swift.max(0, offset)))
        // The two axes last, flattened: element (i, i + offset) is at i * (columns + 1) + start.
        let matrices = transposed(Array(2..<ndim) + [0, 1]).reshape(rest + [rows * columns]).astype(resultType)
        let start = length == 0 ? 0 : (offset >= 0 ? offset : -offset * columns)
        let diagonal = matrices.view(.slice(rest.map { AxisSlice.all($0) } + [AxisSlice(start: start, step: columns + 1, count: length)]),
                                     shape: rest + [length])
        return LazyArray.matmul(diagonal, NDArray.onesVector(length, dtype: resultType))
    }

    /// A 1-D array of `count` ones held in memory, as the summing operand of a product (a
    /// broadcast constant would cost a kernel to materialize for the GEMM).
    static func onesVector(_ count: Int, dtype: DType) -> NDArray {
        switch dtype {
        case .float32: NDArray([Float](repeating: 1, count: count))
        case .float64: NDArray([Double](repeating: 1, count: count))
        case .int8: NDArray([Int8](repeating: 1, count: count))
        case .int16: NDArray([Int16](repeating: 1, count: count))
        case .int32: NDArray([Int32](repeating: 1, count: count))
        case .int64: NDArray([Int](repeating: 1, count: count))
        case .uint8: NDArray([UInt8](repeating: 1, count: count))
        case .uint16: NDArray([UInt16](repeating: 1, count: count))
        case .uint32: NDArray([UInt32](repeating: 1, count: count))
        case .uint64: NDArray([UInt64](repeating: 1, count: count))
        case .bool: NDArray([Bool](repeating: true, count: count))
        case .float16, .bfloat16: NDArray([Float](repeating: 1, count: count)).astype(dtype)
        }
    }
}

/// The sum along the diagonal of the first two axes. NumPy: `np.trace(a, offset)`.
public func trace(_ a: NDArray, offset: Int = 0) -> NDArray { a.trace(offset: offset) }
