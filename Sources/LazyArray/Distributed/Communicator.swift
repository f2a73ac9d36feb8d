/// The collectives a ``DistributedArray`` needs from the processes it is spread over.
///
/// The core library never talks to MPI itself: `LazyArrayMPI.MPICommunicator` (built with
/// `swift build --traits MPI`) implements this over Open MPI, ``LocalCommunicator`` is the
/// one-process group, and tests simulate several ranks with threads. Every rank of the group
/// must call the same collectives in the same order with matching sizes; ``DistributedArray``
/// checks that collectively first (`agree(_:on:)`) so that a mismatch throws on
/// every rank instead of leaving one rank waiting. Implementations throw a ``LazyArrayError``
/// naming the collective when the transport fails. Only one thread may use a communicator.
///
/// mpi4py equivalent: `MPI.Comm` (`comm.Get_rank()`, `comm.Allreduce`, `comm.Allgatherv`, ...).
public protocol Communicator: AnyObject {
    /// This process's index in the group, `0..<size`. mpi4py: `comm.Get_rank()`.
    var rank: Int { get }
    /// The number of processes in the group. mpi4py: `comm.Get_size()`.
    var size: Int { get }

    /// Combines `count` elements of `dtype` at `buffer` element by element over all ranks with
    /// `op`, leaving the result in `buffer` on every rank.
    /// mpi4py: `comm.Allreduce(MPI.IN_PLACE, buffer, op)`.
    func allreduce(_ buffer: UnsafeMutableRawPointer, count: Int, dtype: DType, op: CollectiveOp) throws

    /// Concatenates every rank's `send` bytes in rank order into `receive` on every rank; rank
    /// `r` sends `byteCounts[r]` bytes and `receive` holds their sum. mpi4py: `comm.Allgatherv`.
    func allgatherv(_ send: UnsafeRawBufferPointer, into receive: UnsafeMutableRawBufferPointer, byteCounts: [Int]) throws

    /// Like ``allgatherv(_:into:byteCounts:)`` but only `root` receives (`receive` is ignored
    /// elsewhere). mpi4py: `comm.Gatherv(send, receive, root)`.
    func gatherv(_ send: UnsafeRawBufferPointer, into receive: UnsafeMutableRawBufferPointer, byteCounts: [Int], root: Int) throws

    /// Copies `root`'s bytes into `buffer` on every rank. mpi4py: `comm.Bcast(buffer, root)`.
    func broadcast(_ buffer: UnsafeMutableRawBufferPointer, root: Int) throws

    /// Returns when every rank has called it. mpi4py: `comm.Barrier()`.
    func barrier() throws
}

/// How ``Communicator/allreduce(_:count:dtype:op:)`` combines the ranks' elements.
///
/// `max` and `min` propagate NaN as the engine's own `max()`/`min()` do (NumPy semantics), so a
/// combined maximum equals the single-process one bit for bit. On bool (one byte, 0 or 1) `max`
/// is logical or and `min` logical and. MPI equivalent: `MPI_SUM`, `MPI_PROD`, `MPI_MAX`, `MPI_MIN`.
public enum CollectiveOp: String, Sendable, CaseIterable {
    case sum, prod, max, min
}
