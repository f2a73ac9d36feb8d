/// One step that maps a view of a buffer to another view of the same buffer, without copying.
///
/// The graph records view operations as these steps; the scheduler composes them down to the
/// buffers a kernel reads, so a fused kernel reads a transposed, sliced or broadcast input in
/// place through strides.
package enum ViewTransform: Hashable, Sendable {
    /// Same elements in row-major order, new shape. NumPy: `reshape` (when it makes a view).
    case reshape([Int])
    /// Axes reordered: result axis i is input axis `axes[i]`. NumPy: `transpose(axes)`.
    case permute([Int])
    /// Right-aligned broadcast to a larger shape. NumPy: `broadcast_to`.
    case broadcast([Int])
    /// A strided range on every axis. NumPy: basic slicing `a[start:stop:step]`.
    case slice([AxisSlice])

    /// True when the step may be impossible as a view of some strided layout (only a reshape
    /// that merges or splits axes can be; inserting or removing size-1 axes always works).
    package func mayNeedCopy(from shape: [Int]) -> Bool {
        guard case .reshape(let newShape) = self else { return false }
        return newShape.filter { $0 != 1 } != shape.filter { $0 != 1 }
    }

}

/// The part of one axis a slice keeps: `count` elements from `start`, `step` apart.
package struct AxisSlice: Hashable, Sendable {
    package var start: Int
    package var step: Int
    package var count: Int
    package init(start: Int, step: Int, count: Int) {
        self.start = start
        self.step = step
        self.count = count
    }
    /// The whole axis of length `length`.
    package static func all(_ length: Int) -> AxisSlice { AxisSlice(start: 0, step: 1, count: length) }
}

extension View {
    /// The view after `transform`, or nil when the result has no strided layout over the same
    /// buffer (a reshape that merges axes whose strides do not line up): then the data must be
    /// copied to a contiguous buffer first.
    package func applying(_ transform: ViewTransform) -> View? {
        switch transform {
        case .reshape(let newShape): return reshaped(newShape)
        case .permute(let axes):
            return View(shape: axes.map { shape[$0] }, strides: axes.map { strides[$0] }, offset: offset)
        case .broadcast(let target):
            let lead = target.count - shape.count
            var newStrides = [Int](repeating: 0, count: target.count)
            for axis in 0..<shape.count where shape[axis] == target[lead + axis] {
                newStrides[lead + axis] = strides[axis]
            }
            return View(shape: target, strides: newStrides, offset: offset)
        case .slice(let slices):
            var result = self
            for (axis, slice) in slices.enumerated() {
                if slice.count > 0 { result.offset += slice.start * strides[axis] }
                result.strides[axis] = strides[axis] * slice.step
                result.shape[axis] = slice.count
            }
            return result
        }
    }

    /// NumPy's no-copy reshape: groups of old axes map onto groups of new axes with the same
    /// number of elements; each old group must be one strided run.
    func reshaped(_ newShape: [Int]) -> View? {
        let total = count
        if total == 0 || isContiguous {
            return View(contiguous: newShape, offset: offset)
        }
        let oldShape = shape.enumerated().filter { $0.element != 1 }.map(\.element)
        let oldStrides = shape.enumerated().filter { $0.element != 1 }.map { strides[$0.offset] }
        var newStrides = [Int](repeating: 0, count: newShape.count)
        var oldIndex = 0, newIndex = 0
        while oldIndex < oldShape.count && newIndex < newShape.count {
            var oldEnd = oldIndex + 1, newEnd = newIndex + 1
            var oldSize = oldShape[oldIndex], newSize = newShape[newIndex]
            while oldSize != newSize {
                if newSize < oldSize {
                    newSize *= newShape[newEnd]; newEnd += 1
                } else {
                    oldSize *= oldShape[oldEnd]; oldEnd += 1
                }
            }
            for axis in oldIndex..<(oldEnd - 1) where oldStrides[axis] != oldShape[axis + 1] * oldStrides[axis + 1] {
                return nil
            }
            newStrides[newEnd - 1] = oldStrides[oldEnd - 1]
            for axis in stride(from: newEnd - 1, to: newIndex, by: -1) {
                newStrides[axis - 1] = newStrides[axis] * newShape[axis]
            }
            oldIndex = oldEnd
            newIndex = newEnd
        }
        // Trailing size-1 axes of the new shape: any stride works.
        for axis in newIndex..<newShape.count { newStrides[axis] = 1 }
        return View(shape: newShape, strides: newStrides, offset: offset)
    }
}
