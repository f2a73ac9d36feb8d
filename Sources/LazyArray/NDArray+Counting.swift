import Kernels

// bincount and histogram: the result's length depends on the values, so they evaluate their
// arguments at the call and return evaluated arrays.

/// How many times each value `0...max(x)` occurs in the non-negative integers `x` (1-D), or
/// with `weights` (`x`'s shape) the sum of the weights at each value, in `x`'s order, as float64.
/// The result has at least `minlength` entries. NumPy: `np.bincount(x, weights=None, minlength=0)`.
///
/// ```swift
/// bincount(NDArray([0, 2, 2]))   // [1 0 2]
/// ```
public func bincount(_ x: NDArray, weights: NDArray? = nil, minlength: Int = 0) -> NDArray {
    let placeholder = NDArray.full([Swift.max(minlength, 0)], Scalar.int(0), dtype: weights == nil ? .int64 : .float64)
    guard x.ndim == 1 else { return fail(LazyArrayError("bincount", "x must be 1-D, got shape \(describe(x.shape))"), placeholder) }
    guard x.dtype.isInteger || x.dtype == .bool else {
        return fail(LazyArrayError("bincount", "Cannot cast array data from dtype('\(x.dtype)') to dtype('int64') according to the rule 'safe'"), placeholder)
    }
    guard minlength >= 0 else { return fail(LazyArrayError("bincount", "'minlength' must not be negative"), placeholder) }
    if let weights, weights.shape != x.shape {
        return fail(LazyArrayError("bincount", "The weights and list don't have the same length: \(describe(weights.shape)) and \(describe(x.shape))"), placeholder)
    }
    NDArray.evaluate([x] + (weights.map { [$0] } ?? []))
    let values = x.toArray(Int.self)
    guard values.allSatisfy({ $0 >= 0 }) else { return fail(LazyArrayError("bincount", "'list' argument must have no negative elements"), placeholder) }
    let length = Swift.max(minlength, (values.max() ?? -1) + 1)
    // NumPy returns int64 zeros for an empty x, weights or not.
    guard let weights, !values.isEmpty else {
        var counts = [Int](repeating: 0, count: length)
        for value in values { counts[value] += 1 }
        return NDArray(counts)
    }
    var sums = [Double](repeating: 0, count: length)
    for (value, weight) in zip(values, weights.toArray(Double.self)) { sums[value] += weight }
    return NDArray(sums)
}

/// Reports `error` and returns `placeholder` (what a failed call yields inside `checking`).
private func fail<Result>(_ error: LazyArrayError, _ placeholder: Result) -> Result {
    ErrorScope.report(error)
    return placeholder
}

/// The counts of the flattened `a` in `bins` equal bins over `range` (default: `a`'s minimum
/// to maximum; a range of one value is widened by 0.5 each way), and the `bins + 1` edges
/// (float32, float16 and bfloat16 data keep their type, else float64). Each bin holds
/// `edges[i] <= x < edges[i + 1]`, the last one its right edge too; elements outside the
/// range, and NaNs, are not counted.
/// NumPy: `np.histogram(a, bins=10, range=None)`, edges as `np.linspace` computes them.
///
/// ```swift
/// let (counts, edges) = histogram(NDArray([1.0, 2, 2, 4]), bins: 3)
/// // counts [1 2 1], edges [1 2 3 4]
/// ```
public func histogram(_ a: NDArray, bins: Int = 10, range: (Double, Double)? = nil) -> (counts: NDArray, edges: NDArray) {
    let edgeType: DType = a.dtype == .float32 || a.dtype.isHalfPrecision ? a.dtype : .float64
    let placeholder = (counts: NDArray.full([Swift.max(bins, 0)], Scalar.int(0), dtype: .int64),
                       edges: NDArray.full([Swift.max(bins + 1, 0)], Scalar.int(0), dtype: edgeType))
    guard bins >= 1 else { return fail(LazyArrayError("histogram", "`bins` must be positive, when an integer"), placeholder) }
    let values = a.toArray(Double.self)
    var first: Double, last: Double
    if let range {
        guard range.0 <= range.1 else { return fail(LazyArrayError("histogram", "max must be larger than min in range parameter."), placeholder) }
        guard range.0.isFinite && range.1.isFinite else {
            return fail(LazyArrayError("histogram", "supplied range of [\(range.0), \(range.1)] is not finite"), placeholder)
        }
        (first, last) = range
    } else if values.isEmpty {
        (first, last) = (0, 1)
    } else {
        // NumPy's min and max propagate NaN, which makes the range not finite.
        first = values.contains { $0.isNaN } ? .nan : values.min()!
        last = values.contains { $0.isNaN } ? .nan : values.max()!
        guard first.isFinite && last.isFinite else {
            return fail(LazyArrayError("histogram", "autodetected range of [\(first), \(last)] is not finite"), placeholder)
        }
    }
    // float32 data without a range: the edges are computed in float32, as NumPy's linspace does
    // from float32 bounds; otherwise in float64 (and rounded to float32 for float32 data).
    // float16 and bfloat16 as float32, then rounded once to the type (NumPy's linspace rounds
    // each step to float16 from float16 bounds; from a range it rounds float64 once, as here).
    let inFloat32 = (a.dtype == .float32 || a.dtype.isHalfPrecision) && range == nil
    if first == last {
        first = inFloat32 ? Double(Float(first) - 0.5) : first - 0.5
        last = inFloat32 ? Double(Float(last) + 0.5) : last + 0.5
    }
    var edges = inFloat32 ? linspace(Float(first), Float(last), count: bins + 1).map(Double.init)
                          : linspace(first, last, count: bins + 1).map { edgeType == .float32 ? Double(Float($0)) : $0 }
    if edgeType.isHalfPrecision { edges = NDArray(edges).astype(edgeType).toArray(Double.self) }
    for i in 1..<edges.count where edges[i - 1] >= edges[i] {
        return fail(LazyArrayError("histogram", "Too many bins for data range. Cannot create \(bins) finite-sized bins."), placeholder)
    }
    let edgeArray = edgeType == .float32 ? NDArray(edges.map { Float($0) })
        : edgeType.isHalfPrecision ? NDArray(edges).astype(edgeType) : NDArray(edges)
    // The outer edges as the data compare with them (float32 data: the range in float32).
    let low = edges[0], high = edges[bins]
    return (NDArray(binCounts(values.filter { $0 >= low && $0 <= high }, edges: edges)), edgeArray)
}

/// The counts of the flattened `a` between consecutive `edges` (1-D, increasing): each bin
/// holds `edges[i] <= x < edges[i + 1]`, the last one its right edge too; elements outside,
/// and NaNs, are not counted. The edges are returned as given.
/// NumPy: `np.histogram(a, bins=edges)`.
public func histogram(_ a: NDArray, bins edges: NDArray) -> (counts: NDArray, edges: NDArray) {
    let placeholder = (counts: NDArray.full([Swift.max(edges.size - 1, 0)], Scalar.int(0), dtype: .int64), edges: edges)
    guard edges.ndim == 1 else { return fail(LazyArrayError("histogram", "`bins` must be 1d, when an array"), placeholder) }
    NDArray.evaluate([a, edges])
    let bounds = edges.toArray(Double.self)
    for i in bounds.indices.dropFirst() where !(bounds[i - 1] <= bounds[i]) {
        return fail(LazyArrayError("histogram", "`bins` must increase monotonically, when an array"), placeholder)
    }
    guard let low = bounds.first, let high = bounds.last else { return (NDArray([Int]()), edges) }
    return (NDArray(binCounts(a.toArray(Double.self).filter { $0 >= low && $0 <= high }, edges: bounds)), edges)
}

/// How many of `values` (all within the edges) fall in each bin: the last edge at or below
/// the value, the last bin closed.
private func binCounts(_ values: [Double], edges: [Double]) -> [Int] {
    var counts = [Int](repeating: 0, count: Swift.max(edges.count - 1, 0))
    guard !counts.isEmpty else { return counts }
    for value in values {
        var low = 0, high = edges.count
        while low < high {
            let middle = (low + high) / 2
            if edges[middle] <= value { low = middle + 1 } else { high = middle }
        }
        counts[Swift.min(low - 1, counts.count - 1)] += 1
    }
    return counts
}

/// `count` evenly spaced values from `start` to `stop` inclusive, as NumPy's `linspace`
/// computes them in the bounds' type: `i * step + start`, the last one `stop` exactly (and
/// `i / div * delta + start` when the step underflows to zero).
private func linspace<T: BinaryFloatingPoint>(_ start: T, _ stop: T, count: Int) -> [T] {
    let div = T(count - 1), delta = stop - start, step = delta / div
    var values = (0..<count).map { i in step == 0 ? T(i) / div * delta + start : T(i) * step + start }
    values[count - 1] = stop
    return values
}
