import Kernels

// Axes reordered, reversed or rotated. Reordering and reversing are views (a permutation, a
// slice of step -1), so a fused kernel reads them in place; a roll is a concatenation of two
// slices, whose kernels write the parts straight into the result.

extension NDArray {
    /// The array with axes `axis1` and `axis2` exchanged (negative counts from the end), as a
    /// view. NumPy: `a.swapaxes(0, 1)`, `np.swapaxes(a, 0, 1)`.
    public func swapaxes(_ axis1: Int, _ axis2: Int) -> NDArray {
        for (name, axis) in [("axis1", axis1), ("axis2", axis2)] where normalizeAxis(axis, rank: ndim) == nil {
            return NDArray.failed(LazyArrayError("swapaxes", "\(name): axis \(axis) is out of bounds for array of dimension \(ndim)"),
                                  shape: shape, dtype: dtype)
        }
        var axes = Array(0..<ndim)
        axes.swapAt(normalizeAxis(axis1, rank: ndim)!, normalizeAxis(axis2, rank: ndim)!)
        return transposed(axes)
    }
}

/// `array` with axis `source` moved to position `destination`, the other axes keeping their
/// order, as a view. NumPy: `np.moveaxis(a, source, destination)`.
///
/// ```swift
/// moveaxis(NDArray.zeros([3, 4, 5]), 0, -1).shape   // [4, 5, 3]
/// ```
public func moveaxis(_ array: NDArray, _ source: Int, _ destination: Int) -> NDArray {
    moveaxis(array, [source], [destination])
}

/// Several axes moved at once: axis `source[i]` goes to position `destination[i]`.
/// NumPy: `np.moveaxis(a, [0, 1], [-1, -2])`.
public func moveaxis(_ array: NDArray, _ source: [Int], _ destination: [Int]) -> NDArray {
    guard source.count == destination.count else {
        return NDArray.failed(LazyArrayError("moveaxis", "`source` and `destination` arguments must have the same number of elements, got \(source) and \(destination)"),
                              shape: array.shape, dtype: array.dtype)
    }
    let from: [Int], to: [Int]
    switch (array.orderedAxes(source, operation: "moveaxis", argument: "source"),
            array.orderedAxes(destination, operation: "moveaxis", argument: "destination")) {
    case (.failure(let error), _), (_, .failure(let error)):
        return NDArray.failed(error, shape: array.shape, dtype: array.dtype)
    case (.success(let s), .success(let d)): (from, to) = (s, d)
    }
    // NumPy's construction: the axes not moved in order, then each moved axis inserted at its
    // destination, in increasing order of destination.
    var order = (0..<array.ndim).filter { !from.contains($0) }
    for (destination, source) in zip(to, from).sorted(by: { $0.0 < $1.0 }) { order.insert(source, at: destination) }
    return array.transposed(order)
}

/// `array` with the order of elements reversed along `axis` (negative counts from the end), or
/// along every axis when `axis` is nil, as a view (a slice of step -1: no copy).
/// NumPy: `np.flip(a, axis)`, `a[::-1]` for axis 0.
///
/// ```swift
/// flip(NDArray([1, 2, 3]))   // [3 2 1]
/// ```
public func flip(_ array: NDArray, axis: Int? = nil) -> NDArray {
    flip(array, axes: axis.map { [$0] } ?? Array(0..<array.ndim))
}

/// `array` reversed along each of `axes`. NumPy: `np.flip(a, axis=(0, 2))`.
public func flip(_ array: NDArray, axes: [Int]) -> NDArray {
    switch array.orderedAxes(axes, operation: "flip", argument: "axis") {
    case .failure(let error): return NDArray.failed(error, shape: array.shape, dtype: array.dtype)
    case .success(let axes):
        guard !axes.isEmpty else { return array }
        let slices = array.shape.indices.map { axis in
            axes.contains(axis) ? BasicIndex.clamped(start: nil, stop: nil, step: -1, length: array.shape[axis]) : AxisSlice.all(array.shape[axis])
        }
        return array.view(.slice(slices), shape: array.shape)
    }
}

/// `array` with its elements shifted `shift` places along `axis` (negative shifts go
/// backwards); the ones pushed past the end come back at the start. With `axis` nil the array
/// is rolled flattened and reshaped back. NumPy: `np.roll(a, shift, axis)`.
///
/// Lazy: a concatenation of the two slices, each computed (with its producers fused) straight
/// into its part of the result.
///
/// ```swift
/// roll(NDArray([1, 2, 3, 4]), 1)   // [4 1 2 3]
/// ```
public func roll(_ array: NDArray, _ shift: Int, axis: Int? = nil) -> NDArray {
    guard let axis else { return roll(array.flatten(), [shift], axes: [0]).reshape(array.shape) }
    return roll(array, [shift], axes: [axis])
}

/// `array` rolled by `shifts[i]` along `axes[i]`; one shift or one axis is paired with each of
/// the others, and shifts of a repeated axis add up. NumPy: `np.roll(a, (1, -2), axis=(0, 1))`.
public func roll(_ array: NDArray, _ shifts: [Int], axes: [Int]) -> NDArray {
    guard shifts.count == axes.count || shifts.count == 1 || axes.count == 1 else {
        return NDArray.failed(LazyArrayError("roll", "'shift' and 'axis' should be scalars or 1D sequences of the same length, got \(shifts.count) shifts and \(axes.count) axes"),
                              shape: array.shape, dtype: array.dtype)
    }
    var total = [Int](repeating: 0, count: array.ndim)
    for i in 0..<Swift.max(shifts.count, axes.count) {
        let axis = axes[axes.count == 1 ? 0 : i]
        guard let position = normalizeAxis(axis, rank: array.ndim) else {
            return NDArray.failed(LazyArrayError("roll", "axis \(axis) is out of bounds for array of dimension \(array.ndim)"),
                                  shape: array.shape, dtype: array.dtype)
        }
        // Reduced per shift, so adding shifts of a repeated axis cannot overflow.
        let length = Swift.max(array.shape[position], 1)
        total[position] = (total[position] + shifts[shifts.count == 1 ? 0 : i] % length) % length
    }
    var result = array
    for (axis, shift) in total.enumerated() where shift != 0 {
        let length = array.shape[axis]
        let cut = length - (shift + length) % length
        result = concatenate(split(result, [cut], axis: axis).reversed(), axis: axis)
    }
    return result
}
