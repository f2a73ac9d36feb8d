import Kernels
import Scheduler

// Reductions along axes, with NumPy's result dtypes: `sum`/`prod` of bool and integers give
// int64, `mean` of integers float64, `any`/`all` bool, `argmax`/`argmin` int64. A reduction
// absorbs its elementwise producers: `sum((a - b) ** 2)` reads a and b once and allocates only
// its result. Axes may be negative; `nil` means every axis. The dtype rules, names and
// identities are `ReduceOp.specification`'s.
extension NDArray {
    /// Sum of the elements along `axis` (every axis when nil). NumPy: `a.sum(axis, keepdims=)`.
    public func sum(axis: Int? = nil, keepdims: Bool = false) -> NDArray { sum(axes: axis.map { [$0] }, keepdims: keepdims) }
    /// Sum along several axes. NumPy: `a.sum(axis=(0, 2))`.
    public func sum(axes: [Int]?, keepdims: Bool = false) -> NDArray {
        reduce(.sum, axes: axes, keepdims: keepdims)
    }

    /// Product of the elements. NumPy: `a.prod(axis, keepdims=)`.
    public func prod(axis: Int? = nil, keepdims: Bool = false) -> NDArray { prod(axes: axis.map { [$0] }, keepdims: keepdims) }
    /// Product along several axes. NumPy: `a.prod(axis=(0, 1))`.
    public func prod(axes: [Int]?, keepdims: Bool = false) -> NDArray {
        reduce(.prod, axes: axes, keepdims: keepdims)
    }

    /// Largest element, NaN if any is NaN; an error for an empty axis. NumPy: `a.max(axis)`.
    public func max(axis: Int? = nil, keepdims: Bool = false) -> NDArray { max(axes: axis.map { [$0] }, keepdims: keepdims) }
    /// Largest element along several axes. NumPy: `a.max(axis=(0, 1))`.
    public func max(axes: [Int]?, keepdims: Bool = false) -> NDArray {
        reduce(.max, axes: axes, keepdims: keepdims)
    }

    /// Smallest element, NaN if any is NaN; an error for an empty axis. NumPy: `a.min(axis)`.
    public func min(axis: Int? = nil, keepdims: Bool = false) -> NDArray { min(axes: axis.map { [$0] }, keepdims: keepdims) }
    /// Smallest element along several axes. NumPy: `a.min(axis=(0, 1))`.
    public func min(axes: [Int]?, keepdims: Bool = false) -> NDArray {
        reduce(.min, axes: axes, keepdims: keepdims)
    }

    /// Whether any element is true (nonzero). NumPy: `a.any(axis)`.
    public func any(axis: Int? = nil, keepdims: Bool = false) -> NDArray { any(axes: axis.map { [$0] }, keepdims: keepdims) }
    /// Whether any element along several axes is true. NumPy: `a.any(axis=(0, 1))`.
    public func any(axes: [Int]?, keepdims: Bool = false) -> NDArray {
        reduce(.any, axes: axes, keepdims: keepdims)
    }

    /// Whether every element is true (nonzero). NumPy: `a.all(axis)`.
    public func all(axis: Int? = nil, keepdims: Bool = false) -> NDArray { all(axes: axis.map { [$0] }, keepdims: keepdims) }
    /// Whether every element along several axes is true. NumPy: `a.all(axis=(0, 1))`.
    public func all(axes: [Int]?, keepdims: Bool = false) -> NDArray {
        reduce(.all, axes: axes, keepdims: keepdims)
    }

    /// Index of the largest element along `axis` (of the flattened array when nil), the first
    /// one on ties and the first NaN if any. NumPy: `a.argmax(axis)`.
    public func argmax(axis: Int? = nil, keepdims: Bool = false) -> NDArray { argReduce(.argmax, axis: axis, keepdims: keepdims) }

    /// Index of the smallest element along `axis` (of the flattened array when nil).
    /// NumPy: `a.argmin(axis)`.
    public func argmin(axis: Int? = nil, keepdims: Bool = false) -> NDArray { argReduce(.argmin, axis: axis, keepdims: keepdims) }

    /// Arithmetic mean (float64 for integer input). NumPy: `a.mean(axis, keepdims=)`.
    public func mean(axis: Int? = nil, keepdims: Bool = false) -> NDArray { mean(axes: axis.map { [$0] }, keepdims: keepdims) }
    /// Mean along several axes. NumPy: `a.mean(axis=(0, 2))`.
    public func mean(axes: [Int]?, keepdims: Bool = false) -> NDArray {
        let resolved: [Int]
        switch resolveAxes(axes, "mean") {
        case .failure(let error): return NDArray.failed(error, shape: [], dtype: dtype.floatingResult)
        case .success(let axes): resolved = axes
        }
        let floating = astype(momentType)
        return inOwnPrecision(floating.sum(axes: resolved, keepdims: keepdims) / Double(count(of: resolved)))
    }

    /// Variance with `ddof` delta degrees of freedom (divides by n - ddof). NumPy: `a.var(axis, ddof=)`.
    ///
    /// Computed in one pass with data shifted by the first element along the axes:
    /// `var = (Σd² - (Σd)²/n) / (n - ddof)` with `d = x - x₀`. The shift removes the mean's
    /// magnitude from the sums, so the subtraction does not cancel catastrophically, and the
    /// sums share their pass over the data with a `mean` or `sum` of the same axes.
    public func variance(axis: Int? = nil, ddof: Int = 0, keepdims: Bool = false) -> NDArray {
        variance(axes: axis.map { [$0] }, ddof: ddof, keepdims: keepdims)
    }

    /// Variance along several axes. NumPy: `a.var(axis=(0, 1), ddof=)`.
    public func variance(axes: [Int]?, ddof: Int = 0, keepdims: Bool = false) -> NDArray {
        let resolved: [Int]
        switch resolveAxes(axes, "var") {
        case .failure(let error): return NDArray.failed(error, shape: [], dtype: dtype.floatingResult)
        case .success(let axes): resolved = axes
        }
        let x = astype(momentType)
        let n = count(of: resolved)
        guard n > 0 else { return x.sum(axes: resolved, keepdims: keepdims) / 0.0 }
        var firstSlices = shape.map { AxisSlice.all($0) }
        var firstShape = shape
        for axis in resolved {
            firstSlices[axis] = AxisSlice(start: 0, step: 1, count: 1)
            firstShape[axis] = 1
        }
        let first = x.view(.slice(firstSlices), shape: firstShape)
        let shifted = x - first
        let sum = shifted.sum(axes: resolved, keepdims: keepdims)
        let sumOfSquares = (shifted * shifted).sum(axes: resolved, keepdims: keepdims)
        return inOwnPrecision((sumOfSquares - sum * sum / Double(n)) / Double(n - ddof))
    }

    /// The dtype means and variances compute in: NumPy's float64 for bools and integers, the
    /// array's own type for floats, and float32 for float16 and bfloat16 (as `np.mean` of
    /// float16 does), whose result is rounded once at the end (`inOwnPrecision`).
    private var momentType: DType { dtype == .bool ? .float64 : dtype.isHalfPrecision ? .float32 : dtype.floatingResult }

    /// `result` (in `momentType`) rounded to a float16 or bfloat16 array's own type.
    private func inOwnPrecision(_ result: NDArray) -> NDArray { dtype.isHalfPrecision ? result.astype(dtype) : result }

    /// Standard deviation: `sqrt(variance)`. NumPy: `a.std(axis, ddof=)`.
    public func std(axis: Int? = nil, ddof: Int = 0, keepdims: Bool = false) -> NDArray {
        LazyArray.sqrt(variance(axis: axis, ddof: ddof, keepdims: keepdims))
    }

    /// Standard deviation along several axes. NumPy: `a.std(axis=(0, 1), ddof=)`.
    public func std(axes: [Int]?, ddof: Int = 0, keepdims: Bool = false) -> NDArray {
        LazyArray.sqrt(variance(axes: axes, ddof: ddof, keepdims: keepdims))
    }

    // MARK: - Building reduction nodes

    /// Normalized, sorted axes (every axis for nil), or the error naming the bad axis.
    func resolveAxes(_ axes: [Int]?, _ name: String) -> Result<[Int], LazyArrayError> {
        guard let axes else { return .success(Array(0..<ndim)) }
        return normalizedAxes(axes, operation: name, boundsPrefix: "", repeated: "duplicate value in 'axis': \(axes)").map { $0.sorted() }
    }

    private func count(of axes: [Int]) -> Int { axes.reduce(1) { $0 * shape[$1] } }

    /// The shape after reducing `axes`, with 1s in their place when `keepdims`.
    private func reducedShape(_ axes: [Int], keepdims: Bool) -> [Int] {
        keepdims ? shape.indices.map { axes.contains($0) ? 1 : shape[$0] } : shape.indices.filter { !axes.contains($0) }.map { shape[$0] }
    }

    /// The reduction node of `op` over `axes`, everything but the axes taken from
    /// `op.specification`: the dtype it reduces in (the input cast to it) and returns, and
    /// whether an empty axis is an error. `name` replaces the specification's in errors, for a
    /// reduction that is a step of another function (`logSoftmax`).
    func reduce(_ op: ReduceOp, axes: [Int]?, keepdims: Bool, name: String? = nil) -> NDArray {
        let specification = op.specification
        let name = name ?? specification.name
        let inputType = specification.registerType(for: dtype)
        let resultType = specification.resultType(register: inputType)
        let resolved: [Int]
        switch resolveAxes(axes, name) {
        case .failure(let error): return NDArray.failed(error, shape: [], dtype: resultType)
        case .success(let axes): resolved = axes
        }
        if case .none(let operation) = specification.identity, count(of: resolved) == 0 {
            return NDArray.failed(LazyArrayError(name, "zero-size array to reduction operation \(operation) which has no identity (shape \(describe(shape)))"),
                                  shape: reducedShape(resolved, keepdims: keepdims), dtype: resultType)
        }
        let kept = reducedShape(resolved, keepdims: false)
        var reduced = NDArray(.reduce(op, axes: resolved), dtype: resultType, shape: kept, input: astype(inputType))
        // float16 and bfloat16 reduce in float32 and round the result back, as NumPy's sum.
        if dtype.isHalfPrecision && resultType == .float32 { reduced = reduced.astype(dtype) }
        return keepdims ? reduced.reshape(reducedShape(resolved, keepdims: true)) : reduced
    }

    /// Argmax and argmin: along one axis, or of the flattened array.
    private func argReduce(_ op: ReduceOp, axis: Int?, keepdims: Bool) -> NDArray {
        let source = axis == nil ? flatten() : self
        let result = source.reduce(op, axes: [axis ?? 0], keepdims: keepdims && axis != nil)
        return keepdims && axis == nil ? result.reshape(shape.map { _ in 1 }) : result
    }
}

/// `log(sum(exp(a)))` along `axis`, in one pass with a running maximum so it never overflows.
/// SciPy: `scipy.special.logsumexp(a, axis, keepdims=)`.
public func logsumexp(_ a: NDArray, axis: Int? = nil, keepdims: Bool = false) -> NDArray {
    a.reduce(.logSumExp, axes: axis.map { [$0] }, keepdims: keepdims)
}

/// Softmax along `axis`: `exp(a - max) / sum(exp(a - max))`, numerically stable (the maximum
/// is subtracted first). Along the last axis it is one kernel that reads each row once, takes
/// each exponential once and writes each row once (`RowSoftmax`); along another axis, two
/// passes over `a`: a reduction kernel computing the maximum and the log-sum-exp above it
/// together, then `exp((a - max) - logsumexp)` elementwise.
/// PyTorch: `torch.softmax(a, dim)`; SciPy: `scipy.special.softmax(a, axis)`.
public func softmax(_ a: NDArray, axis: Int = -1) -> NDArray {
    a.rowSoftmax(axis: axis, logarithmic: false) ?? exp(logSoftmax(a, axis: axis))
}

/// Log of the softmax along `axis`: `(a - max) - log(sum(exp(a - max)))`; subtracting the
/// maximum first keeps float32 results accurate even for large inputs. Along the last axis one
/// kernel, one read and one write of each row, as for ``softmax(_:axis:)->NDArray``.
/// PyTorch: `torch.log_softmax(a, dim)`; SciPy: `scipy.special.log_softmax(a, axis)`.
public func logSoftmax(_ a: NDArray, axis: Int = -1) -> NDArray {
    if let rows = a.rowSoftmax(axis: axis, logarithmic: true) { return rows }
    let x = a.astype(a.dtype.floatingResult)
    let maximum = x.max(axis: axis, keepdims: true)
    let aboveMaximum = x.reduce(.logSumExpAboveMax, axes: [axis], keepdims: true, name: "logSoftmax")
    return (x - maximum) - aboveMaximum
}

extension NDArray {
    /// The softmax node over the last axis when `axis` names it (negative or not), else nil
    /// (other axes, and zero-dimensional arrays, whose errors the general path reports).
    fileprivate func rowSoftmax(axis: Int, logarithmic: Bool) -> NDArray? {
        guard ndim > 0, normalizeAxis(axis, rank: ndim) == ndim - 1 else { return nil }
        let x = astype(dtype.floatingResult)
        return NDArray(.softmax(logarithmic: logarithmic), dtype: x.dtype, shape: x.shape, input: x)
    }
}
