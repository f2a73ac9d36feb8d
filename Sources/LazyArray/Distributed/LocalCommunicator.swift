/// The group of one process: every collective is a copy (or nothing).
///
/// What a ``DistributedArray`` runs on without MPI; a program written against ``Communicator``
/// runs unchanged as one process. mpi4py equivalent: `MPI.COMM_SELF`.
public final class LocalCommunicator: Communicator {
    /// A one-process group.
    public init() {}

    /// Always 0.
    public var rank: Int { 0 }
    /// Always 1.
    public var size: Int { 1 }

    /// Nothing to combine with: `buffer` already holds the result.
    public func allreduce(_ buffer: UnsafeMutableRawPointer, count: Int, dtype: DType, op: CollectiveOp) throws {}

    /// Copies `send` into `receive`.
    public func allgatherv(_ send: UnsafeRawBufferPointer, into receive: UnsafeMutableRawBufferPointer, byteCounts: [Int]) throws {
        try checkCounts("allgatherv", send: send, receive: receive, byteCounts: byteCounts)
        if let base = send.baseAddress, send.count > 0 { receive.baseAddress!.copyMemory(from: base, byteCount: send.count) }
    }

    /// Copies `send` into `receive` (this rank is the root).
    public func gatherv(_ send: UnsafeRawBufferPointer, into receive: UnsafeMutableRawBufferPointer, byteCounts: [Int], root: Int) throws {
        guard root == 0 else { throw LazyArrayError("gatherv", "root \(root) is not a rank of a group of 1") }
        try allgatherv(send, into: receive, byteCounts: byteCounts)
    }

    /// Nothing to send: the root's bytes are already here.
    public func broadcast(_ buffer: UnsafeMutableRawBufferPointer, root: Int) throws {
        guard root == 0 else { throw LazyArrayError("broadcast", "root \(root) is not a rank of a group of 1") }
    }

    /// Returns at once.
    public func barrier() throws {}

    private func checkCounts(_ operation: String, send: UnsafeRawBufferPointer, receive: UnsafeMutableRawBufferPointer, byteCounts: [Int]) throws {
        guard byteCounts == [send.count], receive.count >= send.count else {
            throw LazyArrayError(operation, "byte counts \(byteCounts) do not match \(send.count) bytes sent into \(receive.count)")
        }
    }
}
