import Kernels

extension NDArray {
    /// The run of a kernel that asks for its compile on the Dispatch backend (`HotKernel`).
    package static var hotKernelPromotionRun: Int { HotKernel.promotionRun }

    /// Waits until the Dispatch backend's background compiles asked for so far are done
    /// (`HotKernel`: a kernel run `HotKernel.promotionRun` times is compiled to C, with the same
    /// bits, and runs compiled from then on). For the bench's warm-up and for tests, which
    /// measure or check the steady state; a program never needs it, since a kernel whose compile
    /// is not done simply runs on the block VM. No NumPy equivalent (JAX's first `jit` call).
    package static func waitForHotKernelCompiles() {
        HotKernel.waitForCompiles()
    }
}
