import Kernels

// searchsorted, nonzero and argwhere read their arguments' values (how many positions, or
// which) at the call: they evaluate them and return evaluated int64 arrays.

/// Which of the equal elements' ends `searchsorted` returns. NumPy: `side="left"` / `"right"`.
public enum SearchSide: Sendable {
    /// The first position where the value could go: `a[i-1] < v <= a[i]`.
    case left
    /// The last: `a[i-1] <= v < a[i]`.
    case right
}

/// For every element of `v`, the position in the sorted 1-D `a` where it would be inserted to
/// keep `a` sorted (int64, `v`'s shape). NaNs order last, as `sort` puts them, so `a` may end
/// in NaNs. Compared in the promoted dtype of the two, as NumPy compares.
/// NumPy: `np.searchsorted(a, v, side="left")`.
///
/// ```swift
/// searchsorted(NDArray([1, 2, 2, 3]), NDArray([2, 5]), side: .right)   // [3 4]
/// ```
/// `a` is not checked to be sorted (NumPy does not check either): on an unsorted `a` the
/// positions are those of a binary search.
public func searchsorted(_ a: NDArray, _ v: NDArray, side: SearchSide = .left) -> NDArray {
    guard a.ndim == 1 else {
        return NDArray.failed(LazyArrayError("searchsorted", "a must be 1-D, got shape \(describe(a.shape))"), shape: v.shape, dtype: .int64)
    }
    NDArray.evaluate([a, v])
    let positions: [Int]
    if DType.promote(a.dtype, v.dtype).isFloatingPoint {
        // NumPy's order with NaNs last: x < y, or y is NaN and x is not.
        positions = insertionPoints(a.toArray(Double.self), v.toArray(Double.self), side: side) { x, y in x < y || (y.isNaN && !x.isNaN) }
    } else if DType.promote(a.dtype, v.dtype) == .uint64 {
        // Unsigned with unsigned (or bool): uint64 above Int64.max must not compare as negative.
        positions = insertionPoints(a.toArray(UInt64.self), v.toArray(UInt64.self), side: side, by: <)
    } else {
        positions = insertionPoints(a.toArray(Int64.self), v.toArray(Int64.self), side: side, by: <)
    }
    return NDArray(positions).reshape(v.shape)
}

/// Binary searches of each value in `sorted` under `less`.
private func insertionPoints<T>(_ sorted: [T], _ values: [T], side: SearchSide, by less: (T, T) -> Bool) -> [Int] {
    values.map { value in
        var low = 0, high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            // left: the first element not below the value; right: the first above it.
            let goesRight = side == .left ? less(sorted[middle], value) : !less(value, sorted[middle])
            if goesRight { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

/// The positions of the nonzero elements (true, nonzero numbers, NaN), one int64 array per
/// axis, in row-major order. NumPy: `np.nonzero(a)`, `a.nonzero()`.
///
/// ```swift
/// nonzero(NDArray([[0, 1], [2, 0]]))   // [[0 1], [1 0]]: rows, then columns
/// ```
/// A 0-d array is an error, as in NumPy 2 (use `a.reshape([1])`).
public func nonzero(_ a: NDArray) -> [NDArray] {
    guard a.ndim > 0 else {
        ErrorScope.report(LazyArrayError("nonzero", "Calling nonzero on 0d arrays is not allowed. Use a.reshape([1]) (np.atleast_1d) first"))
        return [NDArray([Int]())]
    }
    let found = nonzeroIndices(a)
    return (0..<a.ndim).map { axis in NDArray(found.map { $0[axis] }) }
}

/// The positions of the nonzero elements as the rows of an `(count, ndim)` int64 array, in
/// row-major order. NumPy: `np.argwhere(a)` (a 0-d array gives `(1, 0)` or `(0, 0)`, as there).
public func argwhere(_ a: NDArray) -> NDArray {
    let found = nonzeroIndices(a)
    return NDArray(found.flatMap { $0 }).reshape([found.count, a.ndim])
}

/// The multi-indices of `a`'s nonzero elements in row-major order.
private func nonzeroIndices(_ a: NDArray) -> [[Int]] {
    let flags = a.astype(.bool).toArray(Bool.self)
    let strides = View.rowMajorStrides(a.shape)
    return flags.indices.filter { flags[$0] }.map { flat in
        strides.indices.map { axis in (flat / Swift.max(strides[axis], 1)) % a.shape[axis] }
    }
}
