import Kernels

/// Coordinate arrays from coordinate vectors: for inputs of lengths n0, n1, ..., each result
/// holds input i's values along its own axis, broadcast over the others. With `indexing: "xy"`
/// (Cartesian, the default) the first two axes are exchanged, so `meshgrid(x, y)` has shape
/// `(len(y), len(x))`; with `"ij"` (matrix indexing) the shape is `(n0, n1, ...)`. Inputs of
/// more than one axis are flattened first. `sparse` keeps each result at length 1 along the
/// other axes (they broadcast against each other to the full grid).
/// NumPy: `np.meshgrid(x, y, indexing="xy", sparse=False)`.
///
/// The results are broadcast views of the inputs: no copy (NumPy copies unless `copy=False`;
/// these arrays cannot be written through, so the views hold the same values).
///
/// ```swift
/// let (xs, ys) = (NDArray([1, 2, 3]), NDArray([10, 20]))
/// let grid = meshgrid(xs, ys)   // grid[0]: [[1 2 3] [1 2 3]], grid[1]: [[10 10 10] [20 20 20]]
/// ```
public func meshgrid(_ arrays: NDArray..., indexing: String = "xy", sparse: Bool = false) -> [NDArray] {
    meshgrid(arrays, indexing: indexing, sparse: sparse)
}

/// `meshgrid` over an array of inputs.
/// NumPy: `np.meshgrid(*xs, indexing="ij")`.
public func meshgrid(_ arrays: [NDArray], indexing: String = "xy", sparse: Bool = false) -> [NDArray] {
    guard indexing == "xy" || indexing == "ij" else {
        return arrays.map {
            NDArray.failed(LazyArrayError("meshgrid", "Valid values for `indexing` are 'xy' and 'ij', got '\(indexing)'"), shape: $0.shape, dtype: $0.dtype)
        }
    }
    let rank = arrays.count
    var lengths = arrays.map(\.size)
    // The axis each input's values run along.
    var axes = Array(0..<rank)
    if indexing == "xy" && rank > 1 {
        axes.swapAt(0, 1)
        lengths.swapAt(0, 1)
    }
    return arrays.enumerated().map { i, array in
        var shape = [Int](repeating: 1, count: rank)
        shape[axes[i]] = array.size
        let values = array.reshape(shape)
        return sparse ? values : values.broadcasted(to: lengths)
    }
}
