#if MPI
import CMPI
import LazyArray

/// ``LazyArray/Communicator`` over Open MPI's `MPI_COMM_WORLD` (built with `--traits MPI`).
///
/// One thread talks to MPI: MPI is initialized with `MPI_THREAD_FUNNELED`, and every call
/// checks that it comes from the thread that initialized MPI (the engine's own worker threads
/// never call MPI). The communicator's error handler is `MPI_ERRORS_RETURN`, so a failing MPI
/// call throws a ``LazyArray/LazyArrayError`` naming the collective and MPI's message instead
/// of aborting. Float `max`/`min` use user-defined ops that propagate NaN like the engine.
/// mpi4py equivalent: `from mpi4py import MPI; comm = MPI.COMM_WORLD`.
public final class MPICommunicator: Communicator {
    private let comm: MPI_Comm
    private let nanMaximum: MPI_Op
    private let nanMinimum: MPI_Op
    /// This process's rank in `MPI_COMM_WORLD`. mpi4py: `comm.Get_rank()`.
    public let rank: Int
    /// The number of processes in `MPI_COMM_WORLD`. mpi4py: `comm.Get_size()`.
    public let size: Int

    /// Initializes MPI (once per process) and wraps `MPI_COMM_WORLD`. Call ``finalize()``
    /// before the process exits. mpi4py: importing `mpi4py.MPI`.
    public init() throws {
        var initialized: Int32 = 0
        try Self.check(MPI_Initialized(&initialized), "init")
        if initialized == 0 {
            var provided: Int32 = 0
            try Self.check(MPI_Init_thread(nil, nil, lazyarray_mpi_thread_funneled(), &provided), "init")
            guard provided >= lazyarray_mpi_thread_funneled() else {
                throw LazyArrayError("init", "the MPI library does not provide MPI_THREAD_FUNNELED (it provides level \(provided))")
            }
        }
        comm = lazyarray_mpi_comm_world()
        try Self.check(MPI_Comm_set_errhandler(comm, lazyarray_mpi_errors_return()), "init")
        var rank: Int32 = 0, size: Int32 = 0
        try Self.check(MPI_Comm_rank(comm, &rank), "init")
        try Self.check(MPI_Comm_size(comm, &size), "init")
        self.rank = Int(rank)
        self.size = Int(size)
        var maximum: MPI_Op?, minimum: MPI_Op?
        try Self.check(MPI_Op_create({ input, accumulator, count, datatype in
            MPICommunicator.combine(.max, input, accumulator, count, datatype)
        }, 1, &maximum), "init")
        try Self.check(MPI_Op_create({ input, accumulator, count, datatype in
            MPICommunicator.combine(.min, input, accumulator, count, datatype)
        }, 1, &minimum), "init")
        nanMaximum = maximum!
        nanMinimum = minimum!
    }

    /// Ends MPI for this process (`MPI_Finalize`); no communicator may be used afterwards.
    /// mpi4py: called at exit.
    public func finalize() throws {
        try Self.check(MPI_Finalize(), "finalize")
    }

    /// `MPI_Allreduce` in place; float max/min propagate NaN. mpi4py: `comm.Allreduce(MPI.IN_PLACE, buffer, op)`.
    public func allreduce(_ buffer: UnsafeMutableRawPointer, count: Int, dtype: DType, op: CollectiveOp) throws {
        let count32 = try checkedCount(count, "allreduce")
        // MPI has no float16 or bfloat16 arithmetic: its built-in ops would add the bits.
        guard !dtype.isHalfPrecision else {
            throw LazyArrayError("allreduce", "\(dtype) has no MPI reduction; reduce a float32 array (a.astype(.float32))")
        }
        let mpiOp: MPI_Op = switch (op, dtype) {
        case (.max, .float32), (.max, .float64): nanMaximum
        case (.min, .float32), (.min, .float64): nanMinimum
        case (.sum, _): lazyarray_mpi_sum()
        case (.prod, _): lazyarray_mpi_prod()
        case (.max, _): lazyarray_mpi_max()
        case (.min, _): lazyarray_mpi_min()
        }
        try Self.check(MPI_Allreduce(lazyarray_mpi_in_place(), buffer, count32, Self.datatype(dtype), mpiOp, comm), "allreduce")
    }

    /// `MPI_Allgatherv` of bytes. mpi4py: `comm.Allgatherv(send, (receive, counts))`.
    public func allgatherv(_ send: UnsafeRawBufferPointer, into receive: UnsafeMutableRawBufferPointer, byteCounts: [Int]) throws {
        let (counts, displacements) = try layout(byteCounts, receive: receive, "allgatherv")
        try Self.check(MPI_Allgatherv(send.baseAddress, try checkedCount(send.count, "allgatherv"), lazyarray_mpi_byte(),
                                      receive.baseAddress, counts, displacements, lazyarray_mpi_byte(), comm), "allgatherv")
    }

    /// `MPI_Gatherv` of bytes to `root`. mpi4py: `comm.Gatherv(send, (receive, counts), root)`.
    public func gatherv(_ send: UnsafeRawBufferPointer, into receive: UnsafeMutableRawBufferPointer, byteCounts: [Int], root: Int) throws {
        let (counts, displacements) = try layout(byteCounts, receive: rank == root ? receive : nil, "gatherv")
        try Self.check(MPI_Gatherv(send.baseAddress, try checkedCount(send.count, "gatherv"), lazyarray_mpi_byte(),
                                   receive.baseAddress, counts, displacements, lazyarray_mpi_byte(), Int32(root), comm), "gatherv")
    }

    /// `MPI_Bcast` of bytes from `root`. mpi4py: `comm.Bcast(buffer, root)`.
    public func broadcast(_ buffer: UnsafeMutableRawBufferPointer, root: Int) throws {
        try Self.check(MPI_Bcast(buffer.baseAddress, try checkedCount(buffer.count, "broadcast"), lazyarray_mpi_byte(), Int32(root), comm), "broadcast")
    }

    /// `MPI_Barrier`. mpi4py: `comm.Barrier()`.
    public func barrier() throws {
        _ = try checkedCount(0, "barrier")
        try Self.check(MPI_Barrier(comm), "barrier")
    }

    /// Receive counts and displacements as MPI's 32-bit integers, checked against `receive`.
    private func layout(_ byteCounts: [Int], receive: UnsafeMutableRawBufferPointer?, _ operation: String) throws -> ([Int32], [Int32]) {
        guard byteCounts.count == size else {
            throw LazyArrayError(operation, "\(byteCounts.count) byte counts for \(size) ranks")
        }
        let total = byteCounts.reduce(0, +)
        guard total <= Int(Int32.max) else {
            throw LazyArrayError(operation, "\(total) bytes exceed MPI's 32-bit counts (2 GiB per collective); gather smaller pieces")
        }
        if let receive, receive.count < total {
            throw LazyArrayError(operation, "a receive buffer of \(receive.count) bytes cannot hold \(total)")
        }
        var displacements: [Int32] = [], offset = 0
        for count in byteCounts {
            displacements.append(Int32(offset))
            offset += count
        }
        return (byteCounts.map { Int32($0) }, displacements)
    }

    /// `count` as MPI's 32-bit count; also checks that the caller is the thread that
    /// initialized MPI (MPI_THREAD_FUNNELED).
    private func checkedCount(_ count: Int, _ operation: String) throws -> Int32 {
        var isMain: Int32 = 0
        try Self.check(MPI_Is_thread_main(&isMain), operation)
        guard isMain != 0 else {
            throw LazyArrayError(operation, "MPI is initialized with MPI_THREAD_FUNNELED: call collectives from the thread that initialized MPI")
        }
        guard count <= Int(Int32.max) else {
            throw LazyArrayError(operation, "\(count) elements exceed MPI's 32-bit counts")
        }
        return Int32(count)
    }

    private static func datatype(_ dtype: DType) -> MPI_Datatype {
        switch dtype {
        case .bool: lazyarray_mpi_uint8()
        case .int8: lazyarray_mpi_int8()
        case .int16: lazyarray_mpi_int16()
        case .int32: lazyarray_mpi_int32()
        case .int64: lazyarray_mpi_int64()
        case .uint8: lazyarray_mpi_uint8()
        case .uint16: lazyarray_mpi_uint16()
        case .uint32: lazyarray_mpi_uint32()
        case .uint64: lazyarray_mpi_uint64()
        case .float32: lazyarray_mpi_float()
        case .float64: lazyarray_mpi_double()
        case .float16, .bfloat16: lazyarray_mpi_uint16()
        }
    }

    /// The body of the NaN-propagating float max/min ops (MPI calls it with float or double).
    private static func combine(_ op: CollectiveOp, _ input: UnsafeMutableRawPointer?, _ accumulator: UnsafeMutableRawPointer?,
                                _ count: UnsafeMutablePointer<Int32>?, _ datatype: UnsafeMutablePointer<MPI_Datatype?>?) {
        guard let input, let accumulator, let count, let datatype else { return }
        let dtype: DType = datatype.pointee == lazyarray_mpi_float() ? .float32 : .float64
        op.combine(into: accumulator, input, count: Int(count.pointee), dtype: dtype)
    }

    /// Throws MPI's own message for an error code.
    private static func check(_ code: Int32, _ operation: String) throws {
        guard code != lazyarray_mpi_success() else { return }
        var text = [CChar](repeating: 0, count: Int(lazyarray_mpi_max_error_string()))
        var length: Int32 = 0
        MPI_Error_string(code, &text, &length)
        let message = String(decoding: text.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        throw LazyArrayError(operation, "MPI error \(code): \(message)")
    }
}
#endif
