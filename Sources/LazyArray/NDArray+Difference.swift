import Kernels

/// The `n`-th discrete difference along `axis`: `a[1:] - a[:-1]` along it, `n` times (on bool,
/// `!=`, as NumPy's), after joining `prepend` before and `append` after `a` along the axis (a
/// 0-d one is broadcast to a single slice). Each difference is one elementwise kernel over
/// two views of its input, so `diff(a * 2)` reads `a` once and `n` differences fuse too; the
/// axis shrinks by `n` (to 0 when `n` exceeds its length). `n: 0` returns `a` unchanged.
/// NumPy: `np.diff(a, n=1, axis=-1, prepend=, append=)`.
public func diff(_ a: NDArray, n: Int = 1, axis: Int = -1, prepend: NDArray? = nil, append: NDArray? = nil) -> NDArray {
    if n == 0 { return a }
    guard n > 0 else {
        return NDArray.failed(LazyArrayError("diff", "order must be non-negative but got \(n)"), shape: a.shape, dtype: a.dtype)
    }
    guard a.ndim > 0 else {
        return NDArray.failed(LazyArrayError("diff", "diff requires input that is at least one dimensional"), shape: [], dtype: a.dtype)
    }
    guard let position = normalizeAxis(axis, rank: a.ndim) else {
        return NDArray.failed(LazyArrayError("diff", "axis \(axis) is out of bounds for array of dimension \(a.ndim)"), shape: a.shape, dtype: a.dtype)
    }
    var slice = a.shape
    slice[position] = 1
    let ends = [prepend, append].map { end in end.map { $0.ndim == 0 ? $0.broadcast(to: slice) : $0 } }
    var result = ends[0] == nil && ends[1] == nil ? a : concatenate([ends[0], a, ends[1]].compactMap { $0 }, axis: position)
    // A failed concatenation (an end of another rank, inside a `checking` scope) has reported
    // its error and returned a placeholder whose rank need not be `a`'s.
    guard result.ndim == a.ndim else { return result }
    for _ in 0..<n {
        let length = Swift.max(result.shape[position] - 1, 0)
        let later = result.part(along: position, from: length == 0 ? 0 : 1, count: length)
        let earlier = result.part(along: position, from: 0, count: length)
        result = result.dtype == .bool ? later .!= earlier : later - earlier
    }
    return result
}

extension NDArray {
    /// The view of `count` positions from `start` along `axis`, everything of the other axes.
    fileprivate func part(along axis: Int, from start: Int, count: Int) -> NDArray {
        var slices = shape.map(AxisSlice.all)
        slices[axis] = AxisSlice(start: start, step: 1, count: count)
        return view(.slice(slices), shape: slices.map(\.count))
    }
}
