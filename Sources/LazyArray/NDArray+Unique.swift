import Kernels

// unique sorts the flattened array (a barrier, `sort`/`argsort`) and marks where each run of
// equal elements starts with a lazy comparison of neighbours; its results are evaluated arrays.
// Elements are equal as NumPy 2's `np.unique` (`equal_nan=True`) sees them: -0.0 equals 0.0 and
// every NaN is one value. Each value is the first of its run in the stable order, which is its
// first occurrence in the array (NumPy's `return_index` order; without it NumPy's unstable sort
// may pick either of -0.0 and 0.0).

/// The sorted distinct elements of the flattened array. NumPy: `np.unique(a)`.
///
/// ```swift
/// unique(NDArray([3, 1, 3, 2]))   // [1 2 3]
/// ```
public func unique(_ a: NDArray) -> NDArray {
    let sorted = a.sort(axis: nil)
    return sorted.take(NDArray(runStarts(of: sorted)))
}

/// The sorted distinct elements of the flattened array followed by, in NumPy's order, the
/// position of each one's first occurrence (`returnIndex`), the position in the distinct
/// elements of every element of `a`, in `a`'s shape (`returnInverse`), and how many times each
/// occurs (`returnCounts`); the three are int64.
/// NumPy: `np.unique(a, return_index=..., return_inverse=..., return_counts=...)`.
///
/// ```swift
/// let r = unique(NDArray([3, 1, 3]), returnInverse: true, returnCounts: true)
/// // r[0] = [1 3], r[1] = [1 0 1] (inverse), r[2] = [1 2] (counts)
/// ```
public func unique(_ a: NDArray, returnIndex: Bool = false, returnInverse: Bool = false, returnCounts: Bool = false) -> [NDArray] {
    let order = a.argsort(axis: nil)
    let positions = order.toArray(Int.self)
    let sorted = a.flatten().take(order)
    let starts = runStarts(of: sorted)
    var results = [sorted.take(NDArray(starts))]
    if returnIndex { results.append(NDArray(starts.map { positions[$0] })) }
    if returnInverse {
        var inverse = [Int](repeating: 0, count: positions.count)
        var run = -1
        for (k, position) in positions.enumerated() {
            if run + 1 < starts.count && starts[run + 1] == k { run += 1 }
            inverse[position] = run
        }
        results.append(NDArray(inverse).reshape(a.shape))
    }
    if returnCounts { results.append(NDArray(starts.indices.map { ($0 + 1 < starts.count ? starts[$0 + 1] : positions.count) - starts[$0] })) }
    return results
}

/// Where each run of equal elements of the sorted 1-D `sorted` starts: 0, and every `j` whose
/// element differs from the one before. NaNs sort last, so a NaN is followed only by NaNs: an
/// element that is not equal to itself starts no run after it.
private func runStarts(of sorted: NDArray) -> [Int] {
    let n = sorted.size
    guard n > 1 else { return n == 1 ? [0] : [] }
    let before = sorted[..<(n - 1)], after = sorted[1...]
    let changes = ((after .!= before) & (before .== before)).toArray(Bool.self)
    return [0] + changes.indices.filter { changes[$0] }.map { $0 + 1 }
}
