import Kernels

extension DistributedArray {
    /// The whole array on every rank: each rank's rows are gathered in rank order (one
    /// allgatherv into a pooled buffer, after a check that the ranks agree on dtype and shape).
    /// A replicated array is returned as it is. Heat: `x.resplit_(None)`; mpi4py: `comm.Allgatherv`.
    public func gathered() throws -> NDArray {
        guard let split else { return local }
        let (send, counts, rowBytes) = try prepareGather("gathered", split)
        let receive = Buffer(byteCount: Swift.max(split.rows * rowBytes, 1))
        // Both buffers live until the collective has read and written them (a raw pointer
        // alone does not keep a buffer alive).
        try withExtendedLifetime((send, receive)) {
            try communicator.allgatherv(UnsafeRawBufferPointer(start: send.base, count: counts[rank]),
                                        into: UnsafeMutableRawBufferPointer(start: receive.base, count: split.rows * rowBytes), byteCounts: counts)
        }
        return NDArray(packed: receive, shape: globalShape, dtype: dtype)
    }

    /// The whole array on rank 0 and nil on the others (one gatherv): for writing results out
    /// from one process. A replicated array is returned on rank 0 as it is.
    /// mpi4py: `comm.Gatherv(local, (buffer, counts), root=0)`.
    public func toRoot() throws -> NDArray? {
        guard let split else { return rank == 0 ? local : nil }
        let (send, counts, rowBytes) = try prepareGather("toRoot", split)
        let receive = Buffer(byteCount: Swift.max(rank == 0 ? split.rows * rowBytes : 1, 1))
        try withExtendedLifetime((send, receive)) {
            try communicator.gatherv(UnsafeRawBufferPointer(start: send.base, count: counts[rank]),
                                     into: UnsafeMutableRawBufferPointer(start: receive.base, count: rank == 0 ? split.rows * rowBytes : 0),
                                     byteCounts: counts, root: 0)
        }
        return rank == 0 ? NDArray(packed: receive, shape: globalShape, dtype: dtype) : nil
    }

    /// This rank's rows packed for sending, every rank's byte count, and the bytes per row.
    private func prepareGather(_ operation: String, _ split: RowSplit) throws -> (Buffer, [Int], Int) {
        let rowBytes = globalShape.dropFirst().reduce(dtype.byteSize, *)
        let block = try localParts(operation, partsDifferByRank: true) { [local] }[0]
        return (block.packed(), split.counts.map { $0 * rowBytes }, rowBytes)
    }
}
