extension DistributedArray {
    /// Loads a `.npy` file sharded along axis 0: every rank reads the header and then only its
    /// own rows, so no rank ever holds the whole file. Every rank must see the same file (a
    /// shared file system, or identical copies). A missing or corrupt file on any rank throws
    /// on every rank (the ranks agree on success and on the shape and dtype read).
    /// Heat: `ht.load_npy_from_path(path, split=0)`; NumPy: `np.load(path, mmap_mode="r")[rows]`.
    ///
    /// ```swift
    /// let x = try DistributedArray.load("features.npy", over: communicator)
    /// ```
    public static func load(_ path: String, over communicator: any Communicator) throws -> DistributedArray {
        var globalShape: [Int] = []
        var block: NDArray?
        var failure: (any Error)?
        do {
            let npy = try NPYArray.readRows(context: IOContext(operation: "load", source: path)) { shape in
                globalShape = shape
                return RowSplit(rows: shape[0], ranks: communicator.size).range(of: communicator.rank)
            }
            block = NDArray(npy: npy)
        } catch {
            failure = error
        }
        try communicator.agree("load", on: block.map { [code($0.dtype)] + globalShape } ?? [], failure: failure)
        return DistributedArray(local: block!, globalShape: globalShape, split: RowSplit(rows: globalShape[0], ranks: communicator.size), communicator: communicator)
    }
}
