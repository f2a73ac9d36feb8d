import Kernels

extension NDArray {
    /// Consecutive slices of `size` rows (along axis 0), the last one shorter when the rows do
    /// not divide evenly. Each batch is a view: no copy.
    ///
    /// NumPy equivalent:
    /// ```python
    /// for i in range(0, len(X), 16):
    ///     batch = X[i:i + 16]
    /// ```
    /// ```swift
    /// for batch in X.batches(of: 16) { ... }
    /// ```
    public func batches(of size: Int) -> Batches {
        Batches(array: self, size: checkedBatchSize(size), order: nil)
    }

    /// Batches of `size` rows taken in the order of `order`, a 1-D integer array of row indices
    /// (usually a permutation, e.g. `rng.permutation(n)`, for a shuffled epoch); the last batch
    /// is shorter when `order` does not divide evenly. `order` is evaluated and bounds-checked
    /// now; each batch is a gather (a copy of its rows, made when the batch is taken).
    ///
    /// NumPy equivalent:
    /// ```python
    /// for i in range(0, len(order), 16):
    ///     batch = X[order[i:i + 16]]
    /// ```
    /// ```swift
    /// for batch in X.batches(of: 16, order: rng.permutation(X.shape[0])) { ... }
    /// ```
    public func batches(of size: Int, order: NDArray) -> Batches {
        let size = checkedBatchSize(size)
        guard ndim > 0, order.ndim == 1, order.dtype.isInteger else {
            ErrorScope.report(LazyArrayError("batches", "the order must be a 1-D integer array of row indices, got shape \(describe(order.shape)) of \(order.dtype) for an array of shape \(describe(shape))"))
            return Batches(array: self, size: size, order: [])
        }
        switch resolvedIndices(order.toArray(Int.self), axis: 0, operation: "batches") {
        case .failure(let error):
            ErrorScope.report(error)
            return Batches(array: self, size: size, order: [])
        case .success(let rows): return Batches(array: self, size: size, order: rows)
        }
    }

    /// `size`, or 1 after reporting an error when it is not positive or the array is 0-d.
    private func checkedBatchSize(_ size: Int) -> Int {
        guard size > 0, ndim > 0 else {
            ErrorScope.report(LazyArrayError("batches", "batches need a positive size and an array with at least one axis, got size \(size) for shape \(describe(shape))"))
            return 1
        }
        return size
    }

    /// The batches of an array along its first axis: see ``NDArray/batches(of:)`` and
    /// ``NDArray/batches(of:order:)``. A random-access collection, so `count`, `first` and
    /// `batches[i]` work as well as `for batch in`.
    public struct Batches: RandomAccessCollection, Sendable {
        let array: NDArray
        let size: Int
        /// Row indices to gather, already checked; nil for plain consecutive slices.
        let order: [Int]?

        /// The number of rows the batches cover.
        private var rows: Int { order?.count ?? array.shape.first ?? 0 }

        /// 0.
        public var startIndex: Int { 0 }
        /// The number of batches: the rows divided by the batch size, rounded up.
        public var endIndex: Int { (rows + size - 1) / size }

        /// Batch `position`: rows `position * size` up to `(position + 1) * size` (fewer for the last).
        public subscript(position: Int) -> NDArray {
            let start = position * size, stop = Swift.min(start + size, rows)
            guard let order else { return array[start..<stop] }
            return array.gathered(Array(order[start..<stop]), indexShape: [stop - start], axis: 0)
        }
    }
}
