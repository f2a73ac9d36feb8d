import LazyArray

/// The process group a program was started in, whether or not this build has MPI.
///
/// Programs written against ``LazyArray/Communicator`` call ``communicator()`` once: built with
/// `swift build --traits MPI` and started by `mpirun` it is `MPI_COMM_WORLD`, otherwise a
/// one-rank ``LazyArray/LocalCommunicator``, so the same program runs everywhere.
/// mpi4py equivalent: `MPI.COMM_WORLD`.
public enum MPIWorld {
    /// True when this build has the Open MPI communicator (the `MPI` package trait).
    public static var isAvailable: Bool {
        #if MPI
        true
        #else
        false
        #endif
    }

    /// The world communicator: initializes MPI when this build has it.
    public static func communicator() throws -> any Communicator {
        #if MPI
        try MPICommunicator()
        #else
        LocalCommunicator()
        #endif
    }

    /// Ends MPI for this process when `communicator` is MPI's; nothing otherwise.
    public static func finalize(_ communicator: any Communicator) throws {
        #if MPI
        try (communicator as? MPICommunicator)?.finalize()
        #endif
    }
}
