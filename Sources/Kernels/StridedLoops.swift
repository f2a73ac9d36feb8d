/// Plain elementwise loops over strided operands into a contiguous output: what the eager
/// evaluator runs, one operation at a time. They are deliberately simple (an odometer over the
/// outer axes, a strided loop over the last one) so that they are obviously right: they are the
/// reference every fused kernel is tested against.
package enum StridedLoops {
    /// Calls `row(offsets, count, innerStrides)` for every row (all axes but the last) of
    /// `shape`, with the element offset of the row's first element in each operand.
    @inline(__always)
    static func forEachRow(shape: [Int], views: [View], _ row: ([Int], Int, [Int]) -> Void) {
        let rank = shape.count
        if shape.contains(0) { return }
        if rank == 0 {
            row(views.map(\.offset), 1, views.map { _ in 0 })
            return
        }
        let inner = shape[rank - 1]
        let innerStrides = views.map { $0.strides[rank - 1] }
        var index = [Int](repeating: 0, count: rank)
        var offsets = views.map(\.offset)
        while true {
            row(offsets, inner, innerStrides)
            // Advance the odometer over axes rank-2 ... 0.
            var axis = rank - 2
            while axis >= 0 {
                index[axis] += 1
                for k in 0..<views.count { offsets[k] += views[k].strides[axis] }
                if index[axis] < shape[axis] { break }
                for k in 0..<views.count { offsets[k] -= views[k].strides[axis] * shape[axis] }
                index[axis] = 0
                axis -= 1
            }
            if axis < 0 { return }
        }
    }

    /// `out[i] = f(a[i])` in row-major order of `a`'s view.
    package static func map<A, R>(_ a: UnsafePointer<A>, _ va: View,
                                 into out: UnsafeMutablePointer<R>, _ f: (A) -> R) {
        var o = 0
        forEachRow(shape: va.shape, views: [va]) { offsets, count, strides in
            for j in 0..<count { out[o + j] = f(a[offsets[0] + j * strides[0]]) }
            o += count
        }
    }

    /// `out[i] = f(a[i], b[i])`; both views have the output's shape.
    package static func map<A, B, R>(_ a: UnsafePointer<A>, _ va: View, _ b: UnsafePointer<B>, _ vb: View,
                                    into out: UnsafeMutablePointer<R>, _ f: (A, B) -> R) {
        var o = 0
        forEachRow(shape: va.shape, views: [va, vb]) { offsets, count, strides in
            for j in 0..<count { out[o + j] = f(a[offsets[0] + j * strides[0]], b[offsets[1] + j * strides[1]]) }
            o += count
        }
    }

    /// `out[i] = f(a[i], b[i], c[i])`; all views have the output's shape.
    package static func map<A, B, C, R>(_ a: UnsafePointer<A>, _ va: View, _ b: UnsafePointer<B>, _ vb: View,
                                       _ c: UnsafePointer<C>, _ vc: View,
                                       into out: UnsafeMutablePointer<R>, _ f: (A, B, C) -> R) {
        var o = 0
        forEachRow(shape: va.shape, views: [va, vb, vc]) { offsets, count, strides in
            for j in 0..<count {
                out[o + j] = f(a[offsets[0] + j * strides[0]], b[offsets[1] + j * strides[1]],
                               c[offsets[2] + j * strides[2]])
            }
            o += count
        }
    }
}
