import Kernels
import Scheduler

extension NDArray {
    /// The sub-arrays at `indices` along `axis`, in the order and shape of `indices`: the result's
    /// shape is this shape with `axis` replaced by `indices.shape`. Indices may be negative
    /// (counting from the end) and repeat; one out of range is an error.
    /// NumPy: `np.take(a, indices, axis)`, and `a[indices]` for axis 0.
    ///
    /// Which elements are read depends on the indices' values, so this is a barrier: the indices
    /// and this array are evaluated now and the selected sub-arrays copied into a new buffer.
    /// Its gradient is lazy: the cotangent scatter-added into zeros of this shape at the
    /// positions read (PyTorch's `index_select` backward, `index_add`).
    ///
    /// ```swift
    /// NDArray([10, 20, 30]).take(NDArray([2, -1, 0]))   // [30 30 10]
    /// ```
    public func take(_ indices: NDArray, axis: Int = 0) -> NDArray {
        gather(indices, axis: axis, operation: "take")
    }

    /// `take` reporting errors as `operation`.
    func gather(_ indices: NDArray, axis: Int, operation: String) -> NDArray {
        guard let axis = normalizeAxis(axis, rank: ndim) else {
            return NDArray.failed(LazyArrayError(operation, "axis \(axis) is out of bounds for array of dimension \(ndim)"),
                                  shape: indices.shape, dtype: dtype)
        }
        let resultShape = Array(shape[..<axis]) + indices.shape + Array(shape[(axis + 1)...])
        guard indices.dtype.isInteger else {
            return NDArray.failed(LazyArrayError(operation, "arrays used as indices must be of integer (or boolean) type, got \(indices.dtype)"),
                                  shape: resultShape, dtype: dtype)
        }
        NDArray.evaluate([indices, self])
        switch resolvedIndices(indices.toArray(Int.self), axis: axis, operation: operation) {
        case .failure(let error): return NDArray.failed(error, shape: resultShape, dtype: dtype)
        case .success(let positions): return gathered(positions, indexShape: indices.shape, axis: axis)
        }
    }

    /// `positions` with negative ones counted from the end of `axis`, or the error for the first
    /// one out of range (NumPy's `IndexError` wording).
    func resolvedIndices(_ positions: [Int], axis: Int, operation: String) -> Result<[Int], LazyArrayError> {
        let length = shape[axis]
        var resolved = positions
        for (i, position) in positions.enumerated() {
            resolved[i] = position < 0 ? position + length : position
            guard resolved[i] >= 0 && resolved[i] < length else {
                return .failure(LazyArrayError(operation, "index \(position) is out of bounds for axis \(axis) with size \(length)"))
            }
        }
        return .success(resolved)
    }

    /// The gather itself, over valid non-negative `positions` along `axis`.
    func gathered(_ positions: [Int], indexShape: [Int], axis: Int) -> NDArray {
        let source = materialized
        let outer = Array(shape[..<axis]), inner = Array(shape[(axis + 1)...])
        let innerStrides = Array(source.view.strides[(axis + 1)...])
        let innerCount = inner.reduce(1, *)
        let axisStride = source.view.strides[axis]
        let resultShape = outer + indexShape + inner
        let out = Buffer(byteCount: resultShape.reduce(1, *) * dtype.byteSize)
        let outStrides = View.rowMajorStrides(inner)
        var written = 0
        ElementCopy.forEachOffset(shape: outer, strides: Array(source.view.strides[..<axis]), offset: source.view.offset) { offset in
            for position in positions {
                ElementCopy.copy(shape: inner, byteSize: dtype.byteSize,
                                 from: UnsafeRawPointer(source.buffer.base), strides: innerStrides, offset: offset + position * axisStride,
                                 to: out.base, strides: outStrides, offset: written)
                written += innerCount
            }
        }
        let length = shape[axis]
        return NDArray.barrier(NDArray(evaluated: out, shape: resultShape, dtype: dtype), operation: "take (integer-array gather)",
                               inputs: [self]) { cotangent in
            // Each selected sub-array's cotangent added back where it was read: repeated
            // indices accumulate (PyTorch's and JAX's scatter-add).
            [cotangent.reshape(outer + [positions.count] + inner).scatterAdding(NDArray(positions), axis: axis, length: length)]
        }
    }
}

/// The one-hot encoding of integer `labels`: a float64 array of shape `labels.shape + [classes]`
/// with a 1 in column `label` of each row and 0 elsewhere. Negative labels count from the end
/// (-1 is the last class) and a label outside `-classes..<classes` is an error, because this is
/// exactly `NDArray.eye(classes)[labels]`, the NumPy idiom `np.eye(classes)[labels]`, whose
/// dtype (float64) it keeps. Like any gather it evaluates `labels` at once.
///
/// ```swift
/// print(oneHot(NDArray([0, 2, 1, 3]), classes: 4))
/// // [[1. 0. 0. 0.]
/// //  [0. 0. 1. 0.]
/// //  [0. 1. 0. 0.]
/// //  [0. 0. 0. 1.]]
/// ```
public func oneHot(_ labels: NDArray, classes: Int) -> NDArray {
    NDArray.eye(classes).gather(labels, axis: 0, operation: "one_hot")
}
