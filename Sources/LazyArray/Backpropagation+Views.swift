import Kernels
import Scheduler

/// Views' rules: each moves the cotangent back to the input's layout with more views, except
/// a slice, whose cotangent is placed among zeros by concatenations.
extension Backpropagation {
    static func view(_ transform: ViewTransform, input: NDArray, cotangent: NDArray) -> NDArray {
        switch transform {
        case .reshape:
            return cotangent.reshape(input.shape)
        case .permute(let axes):
            var inverse = axes
            for (position, axis) in axes.enumerated() { inverse[axis] = position }
            return cotangent.transposed(inverse)
        case .broadcast(let target):
            // Summed over the axes the broadcast added in front and over those it stretched.
            let lead = target.count - input.ndim
            let stretched = (0..<input.ndim).filter { input.shape[$0] == 1 && target[lead + $0] != 1 }.map { lead + $0 }
            let axes = Array(0..<lead) + stretched
            return (axes.isEmpty ? cotangent : cotangent.sum(axes: axes)).reshape(input.shape)
        case .slice(let slices):
            return unsliced(cotangent, slices: slices, into: input.shape)
        }
    }

    /// The cotangent of `a[slices]` placed where the slice read it, zeros elsewhere. Per sliced
    /// axis: a backward step is read forwards, a step s > 1 interleaves s - 1 zeros after each
    /// element (concatenated along a new axis, then merged), and zeros fill in before and after.
    private static func unsliced(_ cotangent: NDArray, slices: [AxisSlice], into shape: [Int]) -> NDArray {
        var placed = cotangent
        for (axis, slice) in slices.enumerated() {
            let length = shape[axis]
            if slice.count == length && (slice.step == 1 || length <= 1) { continue }
            var current = placed.shape
            if slice.count == 0 {
                current[axis] = length
                placed = NDArray.full(current, .float(0), dtype: placed.dtype)
                continue
            }
            var low = slice.start, step = slice.step
            if step < 0 {
                var reversal = current.map(AxisSlice.all)
                reversal[axis] = AxisSlice(start: slice.count - 1, step: -1, count: slice.count)
                placed = placed.view(.slice(reversal), shape: current)
                low = slice.start + (slice.count - 1) * step
                step = -step
            }
            let span = (slice.count - 1) * step + 1
            if step > 1 && slice.count > 1 {
                var column = current
                column.insert(1, at: axis + 1)
                var gap = current
                gap.insert(step - 1, at: axis + 1)
                var merged = current
                merged[axis] = slice.count * step
                let interleaved = concatenate([placed.reshape(column), NDArray.full(gap, .float(0), dtype: placed.dtype)], axis: axis + 1)
                    .reshape(merged)
                var head = merged.map(AxisSlice.all)
                head[axis] = AxisSlice(start: 0, step: 1, count: span)
                merged[axis] = span
                placed = interleaved.view(.slice(head), shape: merged)
            }
            var parts: [NDArray] = []
            var padding = placed.shape
            if low > 0 {
                padding[axis] = low
                parts.append(NDArray.full(padding, .float(0), dtype: placed.dtype))
            }
            parts.append(placed)
            if length - low - span > 0 {
                padding[axis] = length - low - span
                parts.append(NDArray.full(padding, .float(0), dtype: placed.dtype))
            }
            placed = concatenate(parts, axis: axis)
        }
        return placed
    }
}
