extension DistributedArray {
    /// Matrix product with a right operand every rank holds whole (a weight matrix): each
    /// rank multiplies its own rows, so nothing crosses the network and an elementwise
    /// epilogue (`relu(x.matmul(w) + b)`) fuses as on one machine. A sharded right operand, or
    /// a sharded left operand of fewer than 2 dimensions (which contracts the split axis), is
    /// an error: gather it first. NumPy: `x @ w`; Heat: `ht.matmul(x, w)` with `w.split=None`.
    public func matmul(_ other: DistributedArray) -> DistributedArray {
        guard isSharded else {
            return other.isSharded ? other.failed(LazyArrayError("matmul", "a sharded right operand \(describe(other.globalShape)) needs its rows gathered first (gathered())")) : replicated(local.matmul(other.local))
        }
        guard !other.isSharded, ndim >= 2, other.ndim <= 2 else {
            return failed(LazyArrayError("matmul", "only a sharded matrix (2 or more dimensions) times a replicated matrix or vector stays local; got \(describe(globalShape)) (sharded) and \(describe(other.globalShape))\(other.isSharded ? " (sharded)" : "")"))
        }
        return map { $0.matmul(other.local) }
    }

    /// Matrix product with a replicated `NDArray` (see ``matmul(_:)-(DistributedArray)``).
    /// NumPy: `x @ w`.
    public func matmul(_ other: NDArray) -> DistributedArray { matmul(replicated(other)) }
}

/// Matrix product of a sharded matrix and a replicated one, on each rank's rows.
/// NumPy: `np.matmul(x, w)`; Heat: `ht.matmul(x, w)`.
public func matmul(_ a: DistributedArray, _ b: NDArray) -> DistributedArray { a.matmul(b) }
