import Kernels
import Scheduler

/// The arrays joined end to end along an existing `axis` (negative counts from the end); all
/// other axes must match, and the dtype is the arrays' common promoted dtype.
/// NumPy: `np.concatenate(arrays, axis)` (a free function here as there).
///
/// Lazy like any operation: when evaluated, each part's fused kernel writes straight into its
/// slice of the result (no buffer per part, no copy), and a part already in memory is copied
/// there; a single array is returned as it is.
///
/// ```swift
/// concatenate([NDArray([1, 2]), NDArray([3])])   // [1 2 3]
/// ```
public func concatenate(_ arrays: [NDArray], axis: Int = 0) -> NDArray {
    guard let first = arrays.first else {
        return NDArray.failed(LazyArrayError("concatenate", "need at least one array to concatenate"), shape: [0], dtype: .float64)
    }
    let dtype = arrays.dropFirst().reduce(first.dtype) { DType.promote($0, $1.dtype) }
    guard first.ndim > 0 else {
        return NDArray.failed(LazyArrayError("concatenate", "zero-dimensional arrays cannot be concatenated"), shape: [0], dtype: dtype)
    }
    guard let axis = normalizeAxis(axis, rank: first.ndim) else {
        return NDArray.failed(LazyArrayError("concatenate", "axis \(axis) is out of bounds for array of dimension \(first.ndim)"),
                              shape: first.shape, dtype: dtype)
    }
    for (position, array) in arrays.enumerated() {
        guard array.ndim == first.ndim else {
            return NDArray.failed(LazyArrayError("concatenate", "all the input arrays must have same number of dimensions, but the array at index 0 has \(first.ndim) dimension(s) and the array at index \(position) has \(array.ndim) dimension(s)"),
                                  shape: first.shape, dtype: dtype)
        }
        for dimension in 0..<first.ndim where dimension != axis && array.shape[dimension] != first.shape[dimension] {
            return NDArray.failed(LazyArrayError("concatenate", "all the input array dimensions except for the concatenation axis must match exactly, but along dimension \(dimension), the array at index 0 has size \(first.shape[dimension]) and the array at index \(position) has size \(array.shape[dimension])"),
                                  shape: first.shape, dtype: dtype)
        }
    }
    guard arrays.count > 1 else { return first }

    var shape = first.shape
    shape[axis] = arrays.map { $0.shape[axis] }.reduce(0, +)
    return NDArray(.concatenate(axis: axis), dtype: dtype, shape: shape, inputs: arrays.map { $0.astype(dtype) })
}

/// The arrays, which must all have the same shape, joined along a new axis at `axis` of the
/// result (negative counts from the end). NumPy: `np.stack(arrays, axis)` (a free function).
/// Evaluates like ``concatenate(_:axis:)``.
///
/// ```swift
/// stack([NDArray([1, 2]), NDArray([3, 4])], axis: 1)   // [[1 3]
///                                                      //  [2 4]]
/// ```
public func stack(_ arrays: [NDArray], axis: Int = 0) -> NDArray {
    guard let first = arrays.first else {
        return NDArray.failed(LazyArrayError("stack", "need at least one array to stack"), shape: [0], dtype: .float64)
    }
    guard arrays.allSatisfy({ $0.shape == first.shape }) else {
        return NDArray.failed(LazyArrayError("stack", "all input arrays must have the same shape, got \(arrays.map { describe($0.shape) }.joined(separator: ", "))"),
                              shape: first.shape, dtype: first.dtype)
    }
    guard let position = normalizeAxis(axis, rank: first.ndim + 1) else {
        return NDArray.failed(LazyArrayError("stack", "axis \(axis) is out of bounds for array of dimension \(first.ndim + 1)"),
                              shape: first.shape, dtype: first.dtype)
    }
    return concatenate(arrays.map { $0.expandDims(axis: position) }, axis: position)
}

/// The arrays joined along the first axis, 1-D arrays of length n taken as rows `(1, n)`.
/// NumPy: `np.vstack(arrays)` (a free function). Evaluates like ``concatenate(_:axis:)``.
public func vstack(_ arrays: [NDArray]) -> NDArray {
    concatenate(arrays.map { $0.ndim >= 2 ? $0 : $0.reshape([1, $0.size]) }, axis: 0)
}

/// The arrays joined along the second axis, or end to end when they are 1-D (0-d arrays count
/// as 1-D). NumPy: `np.hstack(arrays)` (a free function). Evaluates like ``concatenate(_:axis:)``.
public func hstack(_ arrays: [NDArray]) -> NDArray {
    let atLeast1D = arrays.map { $0.ndim == 0 ? $0.reshape([1]) : $0 }
    return concatenate(atLeast1D, axis: atLeast1D.first?.ndim == 1 ? 0 : 1)
}
