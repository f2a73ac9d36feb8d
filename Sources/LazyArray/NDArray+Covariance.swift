import Kernels

// Covariance and correlation matrices as NumPy computes them, from lazy ops: the rows are
// centred by their means (one reduction, one elementwise kernel) and multiplied by their own
// transpose on the matmul kernel. Results are float64 whatever the input, as NumPy's
// (`np.result_type(m, np.float64)`: float32 too).

/// The covariance matrix of the variables in the rows of `m` (in the columns when
/// `rowvar` is false), with `y`'s variables appended when given; observations divided by
/// `n - ddof`, where `ddof` is 1 by default and 0 with `bias` (inf or NaN when `n - ddof <= 0`,
/// as NumPy's after its warning). A single variable gives a 0-d array.
/// NumPy: `np.cov(m, y=None, rowvar=True, bias=False, ddof=None)` (no `fweights`, `aweights`).
public func cov(_ m: NDArray, _ y: NDArray? = nil, rowvar: Bool = true, bias: Bool = false, ddof: Int? = nil) -> NDArray {
    for (name, array) in [("m", m), ("y", y)] {
        if let array, array.ndim > 2 {
            return NDArray.failed(LazyArrayError("cov", "\(name) has more than 2 dimensions: shape \(describe(array.shape))"), shape: [], dtype: .float64)
        }
    }
    // NumPy transposes for `rowvar: false` an `m` of two axes, and a `y` of more than one row.
    var x = m.variableRows
    if !rowvar && m.ndim != 1 { x = x.T }
    if x.shape[0] == 0 { return NDArray.zeros([0, 0]) }
    if let y {
        let rows = y.variableRows
        x = concatenate([x, !rowvar && rows.shape[0] != 1 ? rows.T : rows], axis: 0)
    }
    let observations = x.shape[1] - (ddof ?? (bias ? 0 : 1))
    let centred = x - x.mean(axis: 1, keepdims: true)
    // NumPy multiplies by the reciprocal of the count (not a division), 0 counting as 0.
    return (matmul(centred, centred.T) * (1.0 / Double(Swift.max(observations, 0)))).squeeze()
}

/// The correlation coefficients of the variables in the rows of `x` (columns when `rowvar`
/// is false), with `y`'s appended: `cov / (σᵢ σⱼ)` clipped to [-1, 1]; a single variable gives
/// NaN or 1 (`c / c`). NumPy: `np.corrcoef(x, y=None, rowvar=True)`.
public func corrcoef(_ x: NDArray, _ y: NDArray? = nil, rowvar: Bool = true) -> NDArray {
    let c = cov(x, y, rowvar: rowvar)
    guard c.ndim == 2 else { return c / c }
    let n = c.shape[0]
    let deviations = sqrt(c.reshape([n * n]).view(.slice([AxisSlice(start: 0, step: n + 1, count: n)]), shape: [n]))
    return clip(c / deviations.reshape([n, 1]) / deviations.reshape([1, n]), -1, 1)
}

extension NDArray {
    /// The data as float64 rows of observations, at least two axes: NumPy's `array(m, ndmin=2)`.
    fileprivate var variableRows: NDArray { astype(.float64).reshape(ndim >= 2 ? shape : [1, size]) }
}
