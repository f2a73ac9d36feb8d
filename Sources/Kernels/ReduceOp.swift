/// The reductions a kernel can compute along axes.
///
/// What each one is (names, identity, dtype rules, NaN behaviour, merge order, and which fold
/// runs for which register dtype) is data: `specification`, written in one exhaustive switch
/// (`ReduceOp+Specification.swift`). The graph builder, the block VM's folders, the eager
/// evaluator and the C renderer all read it, so a new reduction is a case there, its folder
/// (`ReductionFolder.swift` and `CKernelRenderer+Reduction.swift`) and its rows of expected
/// values (`Tests/LazyArrayTests/ReductionExpectations.generated.swift`).
package enum ReduceOp: String, Hashable, Sendable, CaseIterable {
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
    package var givesIndex: Bool { specification.result == .index }
}
