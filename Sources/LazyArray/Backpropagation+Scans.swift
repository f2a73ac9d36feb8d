import Kernels
import Scheduler

// The derivative rules of the scans, out of lazy operations (so they fuse, and second
// derivatives go through them).
extension Backpropagation {
    /// The cotangent of the input `x` of `y = cumsum(x)` or `y = cumprod(x)` along `axis`, from
    /// the cotangent `g` of `y`.
    ///
    /// - cumsum: `∂y_j/∂x_i = 1` for `j ≥ i`, so `x̄ = reverse cumsum of g` (flip, cumsum, flip).
    /// - cumprod: `∂y_j/∂x_i = Π_{k≤j, k≠i} x_k` for `j ≥ i`. PyTorch's `cumprod_backward`
    ///   formula, exact with zeros: before a line's first zero `x̄_i = (Σ_{j≥i} g_j y_j) / x_i`
    ///   (there `x_i ≠ 0`, and `y_j = 0` from the zero on, as the true products are); at the first
    ///   zero `x̄_i = Σ_{j≥i} g_j y'_j`, `y'` the cumprod with that zero replaced by 1; after it
    ///   0 (every product holds the zero and another factor). JAX differentiates the
    ///   associative scan it builds cumprod from instead, O(n log n) work where this is a few
    ///   more scans over the same lines.
    static func scan(_ op: ScanOp, axis: Int, input x: NDArray, result y: NDArray, cotangent g: NDArray) -> NDArray {
        switch op {
        case .sum:
            return reversedCumsum(g, axis: axis)
        case .product:
            let isZero = x .== 0
            let zerosSoFar = isZero.cumsum(axis: axis)
            let beforeZero = zerosSoFar .== 0
            let firstZero = isZero & (zerosSoFar .== 1)
            let beforePart = reversedCumsum(g * y, axis: axis) / NDArray.where(beforeZero, x, 1)
            let withoutZero = NDArray.where(firstZero, 1, x).cumprod(axis: axis)
            let atZero = reversedCumsum(g * withoutZero, axis: axis)
            return NDArray.where(beforeZero, beforePart, NDArray.where(firstZero, atZero, 0))
        }
    }

    /// `Σ_{j≥i} a_j` along `axis`: the cumsum of `a` read backwards, read backwards (views).
    private static func reversedCumsum(_ a: NDArray, axis: Int) -> NDArray {
        reversed(reversed(a, axis: axis).cumsum(axis: axis), axis: axis)
    }

    /// `a` with `axis` read backwards (a view).
    private static func reversed(_ a: NDArray, axis: Int) -> NDArray {
        var slices = a.shape.map(AxisSlice.all)
        slices[axis] = AxisSlice(start: Swift.max(a.shape[axis] - 1, 0), step: -1, count: a.shape[axis])
        return a.view(.slice(slices), shape: a.shape)
    }
}
