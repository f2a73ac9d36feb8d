import Kernels

// Views: new shapes and strides over the same data, never a copy. A fused kernel reads them in
// place through strides; only a reshape that merges axes whose strides do not line up (e.g. of
// a transposed array) makes the scheduler copy first, as NumPy's reshape copies then.
extension NDArray {
    func view(_ transform: ViewTransform, shape: [Int]) -> NDArray {
        NDArray(.view(transform), dtype: dtype, shape: shape, input: self)
    }

    /// The same elements in row-major order with a new shape; one axis may be -1 (inferred).
    /// NumPy: `a.reshape(2, -1)`.
    public func reshape(_ newShape: [Int]) -> NDArray {
        var resolved = newShape
        let unknown = newShape.indices.filter { newShape[$0] == -1 }
        let known = newShape.filter { $0 != -1 }.reduce(1, *)
        let invalid = unknown.count > 1 || newShape.contains { $0 < -1 }
        if !invalid, let axis = unknown.first, known > 0, size % known == 0 { resolved[axis] = size / known }
        guard !invalid, !resolved.contains(-1), resolved.reduce(1, *) == size else {
            return NDArray.failed(LazyArrayError("reshape", "cannot reshape array of size \(size) with shape \(describe(shape)) into shape \(describe(newShape))"),
                                  shape: shape, dtype: dtype)
        }
        return resolved == shape ? self : view(.reshape(resolved), shape: resolved)
    }

    /// Variadic form: `a.reshape(2, 3)`. NumPy: `a.reshape(2, 3)`.
    public func reshape(_ dimensions: Int...) -> NDArray { reshape(dimensions) }

    /// The axes reversed. NumPy: `a.T`.
    public var T: NDArray { transposed(Array((0..<ndim).reversed())) }

    /// The axes reordered: axis i of the result is axis `axes[i]` of this array (negative allowed).
    /// NumPy: `a.transpose(axes)`.
    public func transposed(_ axes: [Int]) -> NDArray {
        let normalized = axes.compactMap { normalizeAxis($0, rank: ndim) }
        guard normalized.count == ndim, axes.count == ndim, Set(normalized).count == ndim else {
            return NDArray.failed(LazyArrayError("transpose", "axes \(axes) are not a permutation of the \(ndim) axes of an array of shape \(describe(shape))"),
                                  shape: shape, dtype: dtype)
        }
        return normalized == Array(0..<ndim) ? self : view(.permute(normalized), shape: normalized.map { shape[$0] })
    }

    /// A new axis of length 1 at `axis` (negative counts from the end of the result).
    /// NumPy: `np.expand_dims(a, axis)`, or `a[:, None]` for axis 1.
    public func expandDims(axis: Int) -> NDArray {
        guard let position = normalizeAxis(axis, rank: ndim + 1) else {
            return NDArray.failed(LazyArrayError("expand_dims", "axis \(axis) is out of bounds for an array of dimension \(ndim + 1)"),
                                  shape: shape, dtype: dtype)
        }
        var newShape = shape
        newShape.insert(1, at: position)
        return view(.reshape(newShape), shape: newShape)
    }

    /// The array without its length-1 axes (or only `axis`, which must have length 1).
    /// NumPy: `np.squeeze(a, axis)`.
    public func squeeze(axis: Int? = nil) -> NDArray {
        var newShape = shape.filter { $0 != 1 }
        if let axis {
            guard let position = normalizeAxis(axis, rank: ndim), shape[position] == 1 else {
                return NDArray.failed(LazyArrayError("squeeze", "cannot select axis \(axis) of shape \(describe(shape)): it must exist and have length 1"),
                                      shape: shape, dtype: dtype)
            }
            newShape = shape
            newShape.remove(at: position)
        }
        return newShape == shape ? self : view(.reshape(newShape), shape: newShape)
    }

    /// The array broadcast to `shape` (NumPy's broadcasting rules). NumPy: `np.broadcast_to(a, shape)`.
    public func broadcast(to target: [Int]) -> NDArray {
        // One-directional: each axis of this array must equal the target's or be 1 (the
        // target's axes are never stretched, unlike broadcasting two operands).
        guard target.count >= ndim else {
            return NDArray.failed(LazyArrayError("broadcast_to", "cannot broadcast \(describe(shape)) to \(describe(target)): it has more axes than the target"),
                                  shape: target, dtype: dtype)
        }
        for position in 1...Swift.max(ndim, 1) where position <= ndim {
            let size = shape[ndim - position], targetSize = target[target.count - position]
            if size != targetSize && size != 1 {
                return NDArray.failed(LazyArrayError("broadcast_to", "cannot broadcast \(describe(shape)) to \(describe(target)): axis -\(position) has \(size) and \(targetSize); sizes must match or be 1"),
                                      shape: target, dtype: dtype)
            }
        }
        return broadcasted(to: target)
    }

    /// The elements as a 1-D array in row-major order: a view when the layout allows, else a
    /// copy (as NumPy's `a.flatten()` always copies and `a.ravel()` copies only when needed).
    public func flatten() -> NDArray { reshape([size]) }
}
