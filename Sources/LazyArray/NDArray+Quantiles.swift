import Kernels

// median, quantile and percentile: a sort along the axis (a barrier), then lazy views of the
// elements each result interpolates between and lazy elementwise arithmetic, written as NumPy
// writes it (`_lerp` of numpy/lib/_function_base_impl.py, and `mean` of the middle two for the
// median) so that the results round the same. A row holding a NaN gives NaN (NaNs sort last,
// so its last element tells).

/// The median along `axis` (nil: of every element; negative counts from the end): the middle
/// element, or the mean of the middle two, NaN where the row holds a NaN or is empty.
/// float32 stays float32, float16 and bfloat16 keep theirs (computed in float32, rounded once);
/// integers and bools give float64. NumPy: `np.median(a, axis=None)`.
///
/// ```swift
/// median(NDArray([[1.0, 3, 2], [4, 6, 5]]), axis: 1)   // [2 5]
/// ```
public func median(_ a: NDArray, axis: Int? = nil) -> NDArray {
    // The half types: float32's median of the (exact) widening, rounded once to the type.
    if let half = a.roundedOnceFromFloat32({ median($0, axis: axis) }) { return half }
    let resultType: DType = a.dtype == .float32 ? .float32 : .float64
    guard let (rows, n) = sortedRows(a, axis: axis) else {
        return NDArray.failed(LazyArrayError("median", "axis \(axis ?? 0) is out of bounds for array of dimension \(a.ndim)"), shape: [], dtype: resultType)
    }
    let reduced = Array(rows.shape.dropLast())
    guard n > 0 else { return NDArray.full(reduced, Double.nan, dtype: resultType) }
    let lower = rows[.ellipsis, (n - 1) / 2].astype(resultType), upper = rows[.ellipsis, n / 2].astype(resultType)
    // NumPy's mean of the middle two: their sum in the result's dtype, halved.
    return propagatingNaN(n % 2 == 1 ? lower : (lower + upper) / 2, rows: rows, count: n)
}

/// The `q`-th quantile (`0...1`) along `axis` (nil: of every element), NumPy's default
/// "linear" method: the sorted row read at `q * (n - 1)`, interpolated between its two
/// neighbours; NaN where the row holds a NaN. float32 stays float32, float16 and bfloat16 keep
/// theirs (computed in float32, rounded once); integers give float64; bool is an error, as in
/// NumPy. NumPy: `np.quantile(a, q, axis=None)`.
///
/// ```swift
/// quantile(NDArray([1.0, 2, 3, 4]), 0.25)   // 1.75
/// ```
public func quantile(_ a: NDArray, _ q: Double, axis: Int? = nil) -> NDArray {
    quantiles(a, [q], single: true, axis: axis, operation: "quantile", bound: 1)
}

/// The quantiles at each of `q` along `axis`, stacked on a new first axis (`q.count` first,
/// then the reduced shape). As NumPy, an array of `q` makes float32 data give float64 results.
/// NumPy: `np.quantile(a, [0.1, 0.9], axis=None)`.
public func quantile(_ a: NDArray, _ q: [Double], axis: Int? = nil) -> NDArray {
    quantiles(a, q, single: false, axis: axis, operation: "quantile", bound: 1)
}

/// The `p`-th percentile (`0...100`): `quantile(a, p / 100, axis:)`.
/// NumPy: `np.percentile(a, p, axis=None)`.
public func percentile(_ a: NDArray, _ p: Double, axis: Int? = nil) -> NDArray {
    quantiles(a, [p], single: true, axis: axis, operation: "percentile", bound: 100)
}

/// The percentiles at each of `p`, stacked on a new first axis. NumPy: `np.percentile(a, [5, 95])`.
public func percentile(_ a: NDArray, _ p: [Double], axis: Int? = nil) -> NDArray {
    quantiles(a, p, single: false, axis: axis, operation: "percentile", bound: 100)
}

/// The quantiles at `q / bound`; `single`: one Python-float `q`, which NumPy treats as a weak
/// scalar (the interpolation in the data's float dtype), else an array of them (float64).
/// At one `q` float16 and bfloat16 give their type: float32's quantile of the (exact) widening,
/// rounded once (NumPy rounds each step of its float16 `_lerp`); at several, float64 as NumPy.
private func quantiles(_ a: NDArray, _ q: [Double], single: Bool, axis: Int?, operation: String, bound: Double) -> NDArray {
    if single, let half = a.roundedOnceFromFloat32({ quantiles($0, q, single: true, axis: axis, operation: operation, bound: bound) }) {
        return half
    }
    let resultType: DType = single && a.dtype == .float32 ? .float32 : .float64
    let placeholder = { (error: LazyArrayError) in NDArray.failed(error, shape: [], dtype: resultType) }
    guard a.dtype != .bool else {
        return placeholder(LazyArrayError(operation, "numpy boolean subtract, the `-` operator, is not supported for bool arrays: use astype first"))
    }
    guard q.allSatisfy({ $0 >= 0 && $0 <= bound }) else {
        return placeholder(LazyArrayError(operation, "\(bound == 1 ? "Quantiles" : "Percentiles") must be in the range [0, \(bound == 1 ? "1" : "100")]"))
    }
    guard let (rows, n) = sortedRows(a, axis: axis) else {
        return placeholder(LazyArrayError(operation, "axis \(axis ?? 0) is out of bounds for array of dimension \(a.ndim)"))
    }
    guard n > 0 else { return placeholder(LazyArrayError(operation, "index -1 is out of bounds for axis 0 with size 0")) }
    let results = q.map { value -> NDArray in
        let fraction = bound == 1 ? value : value / bound
        // NumPy's `_get_indexes` and `_get_gamma`: at or past the last element both neighbours
        // are the last (index -1, which the weight is measured from).
        let virtual = Double(n - 1) * fraction
        let above = virtual >= Double(n - 1)
        let previous = above ? n - 1 : Int(virtual.rounded(.down))
        let weight = virtual - (above ? -1 : Double(previous))
        let lower = rows[.ellipsis, previous], upper = rows[.ellipsis, above ? n - 1 : previous + 1]
        // `b - a` in the data's dtype, then the rest in the result's.
        let difference = (upper - lower).astype(resultType)
        let low = lower.astype(resultType), high = upper.astype(resultType)
        let interpolated = weight >= 0.5 ? high - difference * (1 - weight) : low + difference * weight
        return propagatingNaN(interpolated, rows: rows, count: n)
    }
    return single ? results[0] : stack(results, axis: 0)
}

/// `a` sorted along `axis` (nil: flattened) with that axis moved last, and its length; nil
/// for an axis out of range.
private func sortedRows(_ a: NDArray, axis: Int?) -> (NDArray, Int)? {
    guard let axis else { return (a.sort(axis: nil), a.size) }
    guard let axis = normalizeAxis(axis, rank: a.ndim) else { return nil }
    let others = (0..<a.ndim).filter { $0 != axis }
    return (a.sort(axis: axis).transposed(others + [axis]), a.shape[axis])
}

/// `value` with NaN wherever the row (sorted, the axis last, `count` long) ends in a NaN.
private func propagatingNaN(_ value: NDArray, rows: NDArray, count: Int) -> NDArray {
    guard rows.dtype.isFloatingPoint else { return value }
    let last = rows[.ellipsis, count - 1]
    return NDArray.where(isnan(last), last.astype(value.dtype), value)
}
