/// Softmax along `axis`, on each rank's rows (an axis other than the sharded axis 0).
/// SciPy: `scipy.special.softmax(a, axis)`; Heat has none.
public func softmax(_ a: DistributedArray, axis: Int = -1) -> DistributedArray { a.rowwise("softmax", axis: axis) { softmax($0, axis: axis) } }

/// Log-softmax along `axis`, on each rank's rows. SciPy: `scipy.special.log_softmax(a, axis)`.
public func logSoftmax(_ a: DistributedArray, axis: Int = -1) -> DistributedArray { a.rowwise("logSoftmax", axis: axis) { logSoftmax($0, axis: axis) } }

extension DistributedArray {
    /// `transform` on each rank's rows when `axis` is not the sharded axis 0, else an error
    /// (normalizing along the sharded axis needs a reduction: use the reductions instead).
    func rowwise(_ name: String, axis: Int, _ transform: (NDArray) -> NDArray) -> DistributedArray {
        if isSharded && normalizeAxis(axis, rank: ndim) == 0 {
            return failed(LazyArrayError(name, "axis \(axis) is the sharded axis 0 of \(describe(globalShape)); \(name) runs on each rank's rows only along other axes"))
        }
        return map(transform)
    }
}
