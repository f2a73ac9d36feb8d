import Kernels

// The triangles of a matrix (of each matrix of a stack): the array where a mask built from two
// broadcast aranges keeps it, zeros elsewhere. The mask is an index comparison inlined into the
// kernel that reads the array, so `tril(a) * 2` is one kernel reading `a` once.

/// The lower triangle of the last two axes: elements on and below diagonal `k` (0: main,
/// positive: above, negative: below) kept, the others zero. A 1-D array of length n is taken
/// as the rows of an n×n matrix, as NumPy does. NumPy: `np.tril(a, k)`.
///
/// ```swift
/// tril(NDArray([[1, 2], [3, 4]]))   // [[1 0] [3 4]]
/// ```
public func tril(_ array: NDArray, k: Int = 0) -> NDArray {
    triangle(array, k: k, operation: "tril") { columnMinusRow in columnMinusRow .<= k }
}

/// The upper triangle of the last two axes: elements on and above diagonal `k` kept, the
/// others zero. NumPy: `np.triu(a, k)`.
public func triu(_ array: NDArray, k: Int = 0) -> NDArray {
    triangle(array, k: k, operation: "triu") { columnMinusRow in columnMinusRow .>= k }
}

/// `array` where `keeps(column - row)` holds, zero elsewhere.
private func triangle(_ array: NDArray, k: Int, operation: String, keeps: (NDArray) -> NDArray) -> NDArray {
    guard array.ndim >= 1 else {
        return NDArray.failed(LazyArrayError(operation, "input must be at least 1-d, got shape \(describe(array.shape))"), shape: array.shape, dtype: array.dtype)
    }
    let columns = array.shape[array.ndim - 1]
    let rows = array.ndim >= 2 ? array.shape[array.ndim - 2] : columns
    let offsets = NDArray.arange(columns) - NDArray.arange(rows).reshape([rows, 1])
    return NDArray.where(keeps(offsets), array, NDArray.full([], .int(0), dtype: array.dtype))
}
