import Kernels

extension NDArray {
    /// The Euclidean norm: of all elements (the vector 2-norm, or the Frobenius norm of a
    /// matrix) when `axis` is nil, else of each vector along `axis`. float32 stays float32;
    /// integers and bool give float64. NumPy: `np.linalg.norm(x)`, `np.linalg.norm(x, axis=1,
    /// keepdims=True)`.
    ///
    /// Computed as `sqrt(sum(x * x))`, the sum being a product with a vector of ones (so it runs
    /// on the matmul kernel: LazyArray has no reduction kernel yet), without NumPy's scaling
    /// either: like NumPy, values beyond about `sqrt(greatestFiniteMagnitude)` overflow.
    /// Other orders (`ord=1`, `inf`, nuclear) are not implemented.
    public func norm(axis: Int? = nil, keepdims: Bool = false) -> NDArray {
        let type: DType = dtype.isFloatingPoint ? dtype : .float64
        let values = astype(type)
        guard let axis else {
            let flat = values.flatten()
            let total = sqrt(LazyArray.matmul(flat, flat))
            return keepdims ? total.reshape([Int](repeating: 1, count: ndim)) : total
        }
        guard let position = normalizeAxis(axis, rank: ndim) else {
            return NDArray.failed(LazyArrayError("norm", "axis \(axis) is out of bounds for an array of dimension \(ndim)"),
                                  shape: [], dtype: type)
        }
        // The summed axis last, then a product with ones sums it.
        let moved = square(values).transposed(Array(0..<ndim).filter { $0 != position } + [position])
        let total = sqrt(LazyArray.matmul(moved, NDArray.onesVector(shape[position], dtype: type)))
        return keepdims ? total.expandDims(axis: position) : total
    }
}

/// The Euclidean (2- or Frobenius) norm, of everything or along `axis`; see
/// ``NDArray/norm(axis:keepdims:)``. NumPy: `np.linalg.norm(x, axis=axis, keepdims=keepdims)`.
public func norm(_ x: NDArray, axis: Int? = nil, keepdims: Bool = false) -> NDArray {
    x.norm(axis: axis, keepdims: keepdims)
}
