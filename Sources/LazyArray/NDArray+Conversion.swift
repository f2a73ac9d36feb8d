import Kernels
import Scheduler

extension NDArray {
    /// The elements in row-major order, converted to `T` as `astype` converts (evaluates first).
    /// NumPy: `a.astype(T).ravel().tolist()`.
    public func toArray<T: NDArrayElement>(_ type: T.Type) -> [T] {
        let value = materialized
        let count = value.view.count
        let converted = Buffer(byteCount: count * T.dtype.byteSize)
        EagerCast.run(from: dtype, to: T.dtype,
                      operand: StridedOperand(base: UnsafeRawPointer(value.buffer.base), view: value.view),
                      out: converted.base)
        // Same layout as the storage (see NDArrayElement): one copy of bytes.
        return [T](unsafeUninitializedCapacity: count) { elements, initialized in
            UnsafeMutableRawPointer(elements.baseAddress!).copyMemory(from: converted.base, byteCount: count * T.dtype.byteSize)
            initialized = count
        }
    }

    /// The single element of a 0-d or size-1 array, converted to `T`. NumPy: `a.item()`.
    public func item<T: NDArrayElement>(_ type: T.Type) -> T {
        guard size == 1 else {
            ErrorScope.report(LazyArrayError("item", "can only convert an array of size 1 to a scalar, got shape \(describe(shape))"))
            return T(storage: T.Storage(castingInt64: 0))
        }
        return toArray(T.self)[0]
    }

    /// The array converted to `dtype` (lazy; a no-op when the dtype is already `dtype`).
    /// Floats convert to integers by truncation, out-of-range values and NaN give the type's
    /// minimum (as NumPy does on x86-64); nonzero converts to `true`. NumPy: `a.astype(dtype)`.
    public func astype(_ dtype: DType) -> NDArray {
        dtype == self.dtype ? self : NDArray(.cast, dtype: dtype, shape: shape, input: self)
    }
}
