import Kernels
import Scheduler

extension NDArray {
    /// The elements (or, for a mask over the leading axes, the sub-arrays) where `mask` is
    /// true, in row-major order of the mask. NumPy: `a[mask]`, e.g. `a[a > 0]` or `X[rowMask]`.
    ///
    /// The mask's shape must equal the leading axes of this array's shape; the result has one
    /// axis for the selected positions followed by the remaining axes: `(count, ...)`.
    ///
    /// The result's size depends on the mask's values, so this is a barrier: the mask and this
    /// array are evaluated now (together, sharing their common subexpressions) and the selected
    /// elements are copied into a new buffer. Assigning through a mask (`a[mask] = 0`) stays lazy.
    /// Its gradient is lazy: the cotangent scattered back to the selected positions, zeros
    /// elsewhere (PyTorch's `masked_select` backward).
    func masked(by mask: NDArray) -> NDArray {
        if let error = maskError(mask, operation: "index") {
            return NDArray.failed(error, shape: [0] + shape.dropFirst(mask.ndim), dtype: dtype)
        }
        NDArray.evaluate([mask, self])
        let flags = mask.toArray(Bool.self)
        let source = materialized
        let rest = Array(shape.dropFirst(mask.ndim))
        let restStrides = Array(source.view.strides.dropFirst(mask.ndim))
        let rowCount = rest.reduce(1, *)
        let selected = flags.lazy.filter { $0 }.count
        let out = Buffer(byteCount: selected * rowCount * dtype.byteSize)
        var flat = 0, written = 0
        ElementCopy.forEachOffset(shape: mask.shape, strides: Array(source.view.strides.prefix(mask.ndim)),
                                  offset: source.view.offset) { offset in
            defer { flat += 1 }
            guard flags[flat] else { return }
            ElementCopy.copy(shape: rest, byteSize: dtype.byteSize,
                             from: UnsafeRawPointer(source.buffer.base), strides: restStrides, offset: offset,
                             to: out.base, strides: View.rowMajorStrides(rest), offset: written * rowCount)
            written += 1
        }
        let sourceShape = shape
        return NDArray.barrier(NDArray(evaluated: out, shape: [selected] + rest, dtype: dtype), operation: "index (boolean mask)",
                               inputs: [self]) { cotangent in
            // One cotangent per selected position, placed back among zeros (no position repeats).
            let positions = flags.indices.filter { flags[$0] }
            return [cotangent.scatterAdding(NDArray(positions), axis: 0, length: flags.count).reshape(sourceShape)]
        }
    }

    /// Why `mask` cannot index this array (NumPy's `IndexError` wording), or nil.
    func maskError(_ mask: NDArray, operation: String) -> LazyArrayError? {
        guard mask.dtype == .bool else {
            return LazyArrayError(operation, "a mask must be a bool array, got \(mask.dtype)")
        }
        guard mask.ndim <= ndim else {
            return LazyArrayError(operation, "too many indices for array: array is \(ndim)-dimensional, but \(mask.ndim) were indexed")
        }
        for axis in 0..<mask.ndim where mask.shape[axis] != shape[axis] {
            return LazyArrayError(operation, "boolean index did not match indexed array along axis \(axis); size of axis is \(shape[axis]) but size of corresponding boolean axis is \(mask.shape[axis])")
        }
        return nil
    }
}
