import Kernels

/// Where fused kernels run.
public enum Backend: Sendable, Hashable, CustomStringConvertible {
    /// The block VM in Swift, in parallel over Dispatch: always available.
    case dispatch
    /// Kernels rendered as C with OpenMP and compiled at run time by clang.
    case openMP

    /// The backend used when none is named: `LAZYARRAY_BACKEND=openmp` selects OpenMP,
    /// anything else (or nothing) the Dispatch block VM.
    public static var `default`: Backend {
        Environment.value("LAZYARRAY_BACKEND")?.lowercased() == "openmp" ? .openMP : .dispatch
    }

    /// Whether kernels can run on this backend on this machine.
    public var isAvailable: Bool { unavailableReason == nil }

    /// Why the backend cannot run here, or nil when it can.
    public var unavailableReason: String? {
        switch self {
        case .dispatch: nil
        case .openMP: "the OpenMP C kernel target is not part of this build yet"
        }
    }

    public var description: String {
        switch self {
        case .dispatch: "dispatch"
        case .openMP: "openMP"
        }
    }
}
