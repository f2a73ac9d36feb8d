import Kernels

// A planner invariant: no kernel reads a buffer it writes, except a matmul's epilogue, which
// reads the product the GEMM has just written from the element it overwrites. A program is
// run block by block, on several threads, and writes its outputs as it goes: any read of a
// buffer it writes sees memory the kernel has or has not written yet (even at the element it
// is about to write, which holds no value of this evaluation before the write), so a plan that
// breaks this gives a wrong result that depends on the block size, the thread count and the
// buffer the pool handed out, with no error. `FusionPlanner.plan` checks every plan it makes.
extension KernelProgram {
    /// Whether an input reads a buffer this program writes; a read of slot `inPlace` at the
    /// element being written (the product under a matmul's epilogue) does not count.
    package func readsItsOwnResults(inPlace: Int? = nil) -> Bool {
        let written = Set(outputs.map(\.slot) + (reduction?.outputs ?? []).map(\.slot))
        let rowMajor = View(contiguous: shape)
        return inputs.contains { input in
            guard written.contains(input.slot) else { return false }
            guard input.slot == inPlace, reduction == nil else { return true }
            return outputs.contains { $0.slot == input.slot && !Self.sameElements(input.view, $0.view ?? rowMajor) }
        }
    }

    /// Whether two views over the iteration space address the same element at every index
    /// (strides of axes of length 1 never move; views of no elements address nothing, whatever
    /// their strides: an empty batch of products has an epilogue that reads and writes nothing).
    private static func sameElements(_ a: View, _ b: View) -> Bool {
        guard a.shape == b.shape else { return false }
        if a.shape.contains(0) { return true }
        return a.offset == b.offset && a.shape.indices.allSatisfy { a.shape[$0] == 1 || a.strides[$0] == b.strides[$0] }
    }
}

extension PlannedKernel {
    /// Whether this kernel reads a buffer it writes (see the invariant above).
    package var readsItsOwnResults: Bool {
        switch kind {
        case .program(let kernel):
            kernel.program.readsItsOwnResults() || kernel.finisher?.program.readsItsOwnResults() == true
        case .matrixProduct(let product):
            product.a.slot == product.outputSlot || product.b.slot == product.outputSlot
                || product.epilogue?.program.readsItsOwnResults(inPlace: product.outputSlot) == true
        case .rowSoftmax(let rows):
            rows.input.slot == rows.outputSlot
        case .indexedAxis(let copy):
            copy.input.slot == copy.outputSlot || copy.indices.slot == copy.outputSlot
        case .axisScan(let scan):
            switch scan.operand {
            case .buffer(let slot, _): slot == scan.outputSlot
            case .program(let producers): producers.program.readsItsOwnResults()
            }
        }
    }
}

extension Plan {
    /// The kernels that read a buffer they write (see the invariant above): none in a plan of
    /// a correct planner.
    package var kernelsReadingTheirOwnResults: [Int] { kernels.indices.filter { kernels[$0].readsItsOwnResults } }
}
