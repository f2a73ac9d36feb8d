import Kernels

/// Where fused kernels run.
public enum Backend: Sendable, Hashable, CustomStringConvertible {
    /// The block VM in Swift, in parallel over Dispatch: always available.
    case dispatch
    /// Kernels rendered as C with OpenMP `simd` loops, compiled at run time by clang and cached
    /// on disk (`OpenMPCompiler`), run on Dispatch's threads. Available where clang is found (the
    /// Swift toolchain's own will do: no OpenMP runtime is needed) and a test kernel compiles.
    /// Its transcendentals are glibc's (libm, or libmvec in vectorized loops), so they differ
    /// from eager's by glibc's bound and from the block VM's by the VM's; float32 `exp` and
    /// `sigmoid` are the VM's own algorithm, eager's bits.
    case openMP

    /// The backend used when none is named: `LAZYARRAY_BACKEND=openmp` selects OpenMP,
    /// anything else (or nothing) the Dispatch block VM. Read once, when first used (every
    /// evaluate asks, and `getenv` costs more than a small kernel); the engine keeps it.
    public static var `default`: Backend { Engine.shared.defaultBackend }

    /// Whether kernels can run on this backend on this machine.
    public var isAvailable: Bool { unavailableReason == nil }

    /// Why the backend cannot run here, or nil when it can. For `.openMP` the first call finds
    /// the compiler and compiles a test kernel (cached on disk like every kernel).
    public var unavailableReason: String? {
        switch self {
        case .dispatch: nil
        case .openMP: OpenMPCompiler.shared.unavailableReason
        }
    }

    public var description: String {
        switch self {
        case .dispatch: "dispatch"
        case .openMP: "openMP"
        }
    }
}
