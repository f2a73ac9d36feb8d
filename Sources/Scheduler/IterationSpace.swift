import Kernels

/// Simplifies a kernel's iteration space without changing which elements it visits or in
/// which (row-major) order: size-1 axes are dropped, and adjacent axes merge when every input
/// steps through them as one run (so a contiguous input becomes one long axis read in place).
enum IterationSpace {
    /// Axes of different `groups` never merge (a reduction keeps its kept and reduced parts
    /// apart); by default all axes are one group.
    static func collapse(shape: [Int], inputs: [KernelInput], groups: [Int]? = nil) -> ([Int], [KernelInput]) {
        let kept = shape.indices.filter { shape[$0] != 1 }
        var newShape = kept.map { shape[$0] }
        var newGroups = kept.map { groups?[$0] ?? 0 }
        var strides = inputs.map { input in kept.map { input.view.strides[$0] } }
        var axis = newShape.count - 2
        while axis >= 0 {
            let mergeable = newGroups[axis] == newGroups[axis + 1]
                && strides.allSatisfy { $0[axis] == $0[axis + 1] * newShape[axis + 1] }
            if mergeable {
                newShape[axis] *= newShape[axis + 1]
                newShape.remove(at: axis + 1)
                newGroups.remove(at: axis + 1)
                for k in strides.indices {
                    strides[k][axis] = strides[k][axis + 1]
                    strides[k].remove(at: axis + 1)
                }
            }
            axis -= 1
        }
        let collapsedInputs = zip(inputs, strides).map { input, newStrides in
            KernelInput(slot: input.slot, dtype: input.dtype, view: View(shape: newShape, strides: newStrides, offset: input.view.offset))
        }
        return (newShape, collapsedInputs)
    }
}
