import Kernels

// Products of whole tensors, written as one `matmul` (tensordot) or one broadcast product
// (kron) over views, so they run on the same kernels as the other products.

/// The sum of products over the last `axes` axes of `a` and the first `axes` of `b`: the
/// result has `a`'s other axes, then `b`'s. `axes: 0` is the outer product, `axes: 1` on
/// matrices the matrix product. NumPy: `np.tensordot(a, b, axes=2)`.
public func tensordot(_ a: NDArray, _ b: NDArray, axes: Int = 2) -> NDArray {
    guard axes >= 0, axes <= a.ndim, axes <= b.ndim else {
        return NDArray.failed(LazyArrayError("tensordot", "axes \(axes) must be between 0 and the rank of both operands, shapes \(describe(a.shape)) and \(describe(b.shape))"),
                              shape: [], dtype: DType.promote(a.dtype, b.dtype))
    }
    return tensordot(a, b, axes: (Array((a.ndim - axes)..<a.ndim), Array(0..<axes)))
}

/// The sum of products over axes `axes.0` of `a` paired with `axes.1` of `b` (negative
/// counts from the end); the result has `a`'s other axes, then `b`'s, in order.
/// NumPy: `np.tensordot(a, b, axes=([1, 0], [0, 1]))`.
///
/// One `matmul` of `a` with its summed axes moved last and flattened, by `b` with its summed
/// axes moved first: transposes are views, and the flattening copies only when the moved
/// axes cannot be merged in place.
public func tensordot(_ a: NDArray, _ b: NDArray, axes: ([Int], [Int])) -> NDArray {
    let type = DType.promote(a.dtype, b.dtype)
    func failure(_ reason: String) -> NDArray {
        NDArray.failed(LazyArrayError("tensordot", "\(reason); shapes \(describe(a.shape)) and \(describe(b.shape)), axes \(axes.0) and \(axes.1)"), shape: [], dtype: type)
    }
    guard axes.0.count == axes.1.count else { return failure("shape-mismatch for sum: \(axes.0.count) axes of a and \(axes.1.count) of b") }
    let summedA: [Int], summedB: [Int]
    switch (a.orderedAxes(axes.0, operation: "tensordot", argument: "axes"), b.orderedAxes(axes.1, operation: "tensordot", argument: "axes")) {
    case (.failure(let error), _), (_, .failure(let error)): return failure(error.reason)
    case (.success(let x), .success(let y)): (summedA, summedB) = (x, y)
    }
    for (x, y) in zip(summedA, summedB) where a.shape[x] != b.shape[y] {
        return failure("shape-mismatch for sum: axis \(x) of a has length \(a.shape[x]), axis \(y) of b \(b.shape[y])")
    }
    let freeA = (0..<a.ndim).filter { !summedA.contains($0) }, freeB = (0..<b.ndim).filter { !summedB.contains($0) }
    let k = summedA.reduce(1) { $0 * a.shape[$1] }
    let rows = freeA.map { a.shape[$0] }, columns = freeB.map { b.shape[$0] }
    let left = a.transposed(freeA + summedA).reshape([rows.reduce(1, *), k])
    let right = b.transposed(summedB + freeB).reshape([k, columns.reduce(1, *)])
    return matmul(left, right).reshape(rows + columns)
}

/// The Kronecker product: blocks `a[i, j] * b` laid out in `a`'s shape, of shape
/// `a.shape * b.shape` axis by axis (the operand with fewer axes gets leading axes of length 1).
/// NumPy: `np.kron(a, b)`.
///
/// One elementwise kernel: `a` and `b` as broadcast views interleaved axis by axis, their
/// product computed contiguously, and the pairs of axes merged by a reshape of that result.
public func kron(_ a: NDArray, _ b: NDArray) -> NDArray {
    let rank = Swift.max(a.ndim, b.ndim)
    let x = [Int](repeating: 1, count: rank - a.ndim) + a.shape
    let y = [Int](repeating: 1, count: rank - b.ndim) + b.shape
    let product = a.reshape(x.flatMap { [$0, 1] }) * b.reshape(y.flatMap { [1, $0] })
    return product.reshape(zip(x, y).map { $0 * $1 })
}
