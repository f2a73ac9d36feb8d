import Kernels

/// `array` cut along `axis` into `sections` equal parts, as views (no copy); the axis length
/// must divide evenly. NumPy: `np.split(a, sections, axis)` (a free function here as there).
///
/// ```swift
/// split(NDArray.arange(6), 3)   // [0 1], [2 3], [4 5]
/// ```
public func split(_ array: NDArray, _ sections: Int, axis: Int = 0) -> [NDArray] {
    let position: Int
    switch checkedSections(array, sections, axis: axis, operation: "split") {
    case .failure(let error): return [NDArray.failed(error, shape: array.shape, dtype: array.dtype)]
    case .success(let axis): position = axis
    }
    let length = array.shape[position]
    guard length % sections == 0 else {
        let error = LazyArrayError("split", "array split does not result in an equal division: axis \(position) has length \(length), not a multiple of \(sections)")
        return [NDArray](repeating: NDArray.failed(error, shape: array.shape, dtype: array.dtype), count: sections)
    }
    return split(array, (1..<sections).map { $0 * length / sections }, axis: position)
}

/// `array` cut along `axis` before each of `indices`, as views: `[2, 5]` gives `a[..<2]`,
/// `a[2..<5]` and `a[5...]` along the axis. Indices count from the end when negative and clamp
/// like slice bounds, so a part may be empty. NumPy: `np.split(a, [2, 5], axis)`.
public func split(_ array: NDArray, _ indices: [Int], axis: Int = 0) -> [NDArray] {
    guard let position = normalizeAxis(axis, rank: array.ndim) else {
        return [NDArray.failed(LazyArrayError("split", "axis \(axis) is out of bounds for array of dimension \(array.ndim)"),
                               shape: array.shape, dtype: array.dtype)]
    }
    let bounds: [Int?] = [nil] + indices + [nil]
    return zip(bounds, bounds.dropFirst()).map { start, stop in
        var slices = array.shape.map(AxisSlice.all)
        slices[position] = BasicIndex.clamped(start: start, stop: stop, step: 1, length: array.shape[position])
        return array.view(.slice(slices), shape: slices.map(\.count))
    }
}

/// `array` cut along `axis` into `sections` parts as equal as can be, as views: an axis of
/// length l gives `l % sections` parts of `l / sections + 1` elements, then parts of
/// `l / sections` (empty ones when `sections > l`). NumPy: `np.array_split(a, sections, axis)`.
///
/// ```swift
/// arraySplit(NDArray.arange(5), 3)   // [0 1], [2 3], [4]
/// ```
public func arraySplit(_ array: NDArray, _ sections: Int, axis: Int = 0) -> [NDArray] {
    let position: Int
    switch checkedSections(array, sections, axis: axis, operation: "array_split") {
    case .failure(let error): return [NDArray.failed(error, shape: array.shape, dtype: array.dtype)]
    case .success(let axis): position = axis
    }
    let (each, extras) = array.shape[position].quotientAndRemainder(dividingBy: sections)
    return split(array, (1..<sections).map { $0 * each + Swift.min($0, extras) }, axis: position)
}

/// `array` cut before each of `indices`, exactly as `split` with indices cuts it.
/// NumPy: `np.array_split(a, [2, 5], axis)`.
public func arraySplit(_ array: NDArray, _ indices: [Int], axis: Int = 0) -> [NDArray] {
    split(array, indices, axis: axis)
}

/// The normalized axis of a split into `sections` parts, or the error for a bad axis or count.
private func checkedSections(_ array: NDArray, _ sections: Int, axis: Int, operation: String) -> Result<Int, LazyArrayError> {
    guard let position = normalizeAxis(axis, rank: array.ndim) else {
        return .failure(LazyArrayError(operation, "axis \(axis) is out of bounds for array of dimension \(array.ndim)"))
    }
    guard sections > 0 else { return .failure(LazyArrayError(operation, "number sections must be larger than 0, got \(sections)")) }
    return .success(position)
}
