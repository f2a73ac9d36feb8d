import Kernels

// Copies of an array side by side (`tile`) or of each element in a row (`repeat`), built as a
// broadcast along a new length-`r` axis next to each axis, merged into it by a reshape. Where
// an axis has length 1 or is repeated once the reshape is a view; otherwise the planner copies
// the broadcast once, as NumPy's `tile` and `repeat` allocate their result.

/// `array` repeated `reps[i]` times along axis `i`: `tile(a, [2, 1])` stacks two copies of a
/// matrix. With fewer reps than axes the reps are padded with 1s in front; with more, the
/// array gets new leading axes of length 1. NumPy: `np.tile(a, reps)`.
///
/// ```swift
/// tile(NDArray([1, 2]), [2, 2])   // [[1 2 1 2]
///                                 //  [1 2 1 2]]
/// ```
public func tile(_ array: NDArray, _ reps: [Int]) -> NDArray {
    guard reps.allSatisfy({ $0 >= 0 }) else {
        return NDArray.failed(LazyArrayError("tile", "negative dimensions are not allowed: reps \(reps)"), shape: array.shape, dtype: array.dtype)
    }
    let rank = Swift.max(reps.count, array.ndim)
    let counts = [Int](repeating: 1, count: rank - reps.count) + reps
    let shape = [Int](repeating: 1, count: rank - array.ndim) + array.shape
    // Axis i becomes (counts[i], shape[i]): the copies outside, the elements inside.
    let spread = array.reshape(shape.flatMap { [1, $0] })
    let copies = spread.broadcasted(to: zip(counts, shape).flatMap { [$0, $1] })
    return copies.reshape(zip(counts, shape).map { $0 * $1 })
}

/// `array` repeated `reps` times along every axis. NumPy: `np.tile(a, 3)`.
public func tile(_ array: NDArray, _ reps: Int) -> NDArray { tile(array, [reps]) }

/// Each element of `array` repeated `repeats` times in a row along `axis` (negative counts
/// from the end), or along the flattened array when `axis` is nil.
/// NumPy: `np.repeat(a, 3, axis=0)`, `a.repeat(3, axis=0)`.
///
/// `repeat` is a Swift keyword, which in expression position starts a parameter-pack
/// expansion: call the free function with backticks, `` `repeat`(a, 3, axis: 0) ``, or use
/// the method, `a.repeat(3, axis: 0)`.
///
/// ```swift
/// NDArray([1, 2]).repeat(2)   // [1 1 2 2]
/// ```
public func `repeat`(_ array: NDArray, _ repeats: Int, axis: Int? = nil) -> NDArray {
    array.repeat(repeats, axis: axis)
}

/// Element `i` along `axis` repeated `repeats[i]` times (one count applies to every element).
/// NumPy: `np.repeat(a, [1, 0, 2], axis=0)`.
public func `repeat`(_ array: NDArray, _ repeats: [Int], axis: Int? = nil) -> NDArray {
    array.repeat(repeats, axis: axis)
}

extension NDArray {
    /// Each element repeated `repeats` times in a row along `axis`, or along the flattened
    /// array when `axis` is nil. NumPy: `a.repeat(3, axis=0)`.
    public func `repeat`(_ repeats: Int, axis: Int? = nil) -> NDArray {
        guard let axis else { return flatten().repeat(repeats, axis: 0) }
        guard let position = normalizeAxis(axis, rank: ndim) else {
            return NDArray.failed(LazyArrayError("repeat", "axis \(axis) is out of bounds for array of dimension \(ndim)"), shape: shape, dtype: dtype)
        }
        guard repeats >= 0 else {
            return NDArray.failed(LazyArrayError("repeat", "negative dimensions are not allowed: repeats \(repeats)"), shape: shape, dtype: dtype)
        }
        // Axis `position` becomes (shape[position], repeats): each element's copies inside.
        var spread = shape, copies = shape, result = shape
        spread.insert(1, at: position + 1)
        copies.insert(repeats, at: position + 1)
        result[position] *= repeats
        return reshape(spread).broadcasted(to: copies).reshape(result)
    }

    /// Element `i` along `axis` repeated `repeats[i]` times; a single count applies to every
    /// element. NumPy: `a.repeat([1, 0, 2], axis=0)`.
    ///
    /// Lazy: a gather at the positions the counts spell out (known now, so nothing is
    /// evaluated), one kernel copying the selected sub-arrays.
    public func `repeat`(_ repeats: [Int], axis: Int? = nil) -> NDArray {
        guard let axis else { return flatten().repeat(repeats, axis: 0) }
        if repeats.count == 1 { return self.repeat(repeats[0], axis: axis) }
        guard let position = normalizeAxis(axis, rank: ndim) else {
            return NDArray.failed(LazyArrayError("repeat", "axis \(axis) is out of bounds for array of dimension \(ndim)"), shape: shape, dtype: dtype)
        }
        guard repeats.count == shape[position] else {
            return NDArray.failed(LazyArrayError("repeat", "operands could not be broadcast together with shape (\(shape[position]),) (\(repeats.count),): \(repeats.count) counts for axis \(position) of length \(shape[position])"),
                                  shape: shape, dtype: dtype)
        }
        guard repeats.allSatisfy({ $0 >= 0 }) else {
            return NDArray.failed(LazyArrayError("repeat", "repeats may not contain negative values: \(repeats)"), shape: shape, dtype: dtype)
        }
        let positions = repeats.enumerated().flatMap { [Int](repeating: $0.offset, count: $0.element) }
        return gathering(NDArray(positions, shape: [positions.count]), axis: position)
    }
}
