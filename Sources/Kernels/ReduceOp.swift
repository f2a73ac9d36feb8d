/// The reductions a kernel can compute along axes.
///
/// The result dtype is decided when the graph is built (NumPy's rules: `sum` of integers is
/// int64, `any` is bool, `argmax` is int64); a kernel reduces a register of one dtype.
public enum ReduceOp: String, Hashable, Sendable, CaseIterable {
    /// NumPy: `np.sum`. Floats accumulate in float64 (blocked), integers wrap in int64.
    case sum
    /// NumPy: `np.prod`.
    case prod
    /// NumPy: `np.max`, NaN propagating.
    case max
    /// NumPy: `np.min`, NaN propagating.
    case min
    /// NumPy: `np.any` (on a bool register).
    case any
    /// NumPy: `np.all` (on a bool register).
    case all
    /// NumPy: `np.argmax`: the first index of the maximum (of the first NaN, if any).
    case argmax
    /// NumPy: `np.argmin`: the first index of the minimum (of the first NaN, if any).
    case argmin
    /// SciPy: `logsumexp`: `log(sum(exp(x)))` computed in one pass with a running maximum,
    /// so it never overflows.
    case logSumExp
    /// `log(sum(exp(x - max(x))))`: log-sum-exp minus the maximum, a small number whose
    /// rounding stays small, for softmax computed as `exp((x - max) - this)`.
    case logSumExpAboveMax

    /// Whether the result is an index (int64) rather than a value of the register's dtype.
    public var givesIndex: Bool { self == .argmax || self == .argmin }
}
