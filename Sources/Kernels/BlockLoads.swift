/// Moving elements into block registers, by element size only (a load never needs the type).
enum BlockLoads {
    /// Copies `count` elements of a strided view, starting at flat position `start` of its
    /// shape (row-major), into the contiguous `destination`: one run per stretch of the last axis,
    /// filled for a broadcast axis, copied for a contiguous one, stepped otherwise.
    static func gather(_ base: UnsafeMutableRawPointer, view: View, byteSize: Int, start: Int, count: Int,
                       into destination: UnsafeMutableRawPointer) {
        switch byteSize {
        case 1: gather(base.assumingMemoryBound(to: UInt8.self), view, start, count, destination.assumingMemoryBound(to: UInt8.self))
        case 4: gather(base.assumingMemoryBound(to: UInt32.self), view, start, count, destination.assumingMemoryBound(to: UInt32.self))
        default: gather(base.assumingMemoryBound(to: UInt64.self), view, start, count, destination.assumingMemoryBound(to: UInt64.self))
        }
    }

    @inline(__always)
    private static func gather<T>(_ base: UnsafeMutablePointer<T>, _ view: View, _ start: Int, _ count: Int,
                                  _ destination: UnsafeMutablePointer<T>) {
        let rank = view.shape.count
        guard rank > 0 else {
            for i in 0..<count { destination[i] = base[view.offset] }
            return
        }
        // The multi-index lives on the stack: this runs for every block.
        withUnsafeTemporaryAllocation(of: Int.self, capacity: rank) { index in
            gatherRuns(base, view, start, count, destination, index: index.baseAddress!)
        }
    }

    /// `gather` with scratch space for the multi-index of the current position.
    @inline(__always)
    private static func gatherRuns<T>(_ base: UnsafeMutablePointer<T>, _ view: View, _ start: Int, _ count: Int,
                                      _ destination: UnsafeMutablePointer<T>, index: UnsafeMutablePointer<Int>) {
        let rank = view.shape.count
        // The multi-index of `start`, and the element offset it maps to.
        var remainder = start
        var offset = view.offset
        for axis in stride(from: rank - 1, through: 0, by: -1) {
            index[axis] = remainder % view.shape[axis]
            remainder /= view.shape[axis]
            offset += index[axis] * view.strides[axis]
        }
        let last = rank - 1
        let innerLength = view.shape[last], innerStride = view.strides[last]
        var written = 0
        while written < count {
            let run = min(count - written, innerLength - index[last])
            let target = destination + written
            if innerStride == 0 {
                let value = base[offset]
                for i in 0..<run { target[i] = value }
            } else if innerStride == 1 {
                target.update(from: base + offset, count: run)
            } else {
                for i in 0..<run { target[i] = base[offset + i * innerStride] }
            }
            written += run
            // Step to the start of the next run: carry into the outer axes.
            offset += run * innerStride
            index[last] += run
            var axis = last
            while axis > 0 && index[axis] == view.shape[axis] {
                offset -= view.shape[axis] * view.strides[axis]
                index[axis] = 0
                axis -= 1
                index[axis] += 1
                offset += view.strides[axis]
            }
        }
    }

    /// Fills `count` elements with `value` converted to `dtype`.
    static func splat(_ value: Scalar, dtype: DType, into destination: UnsafeMutableRawPointer, count: Int) {
        switch dtype {
        case .bool: fill(destination.assumingMemoryBound(to: UInt8.self), value.boolValue ? 1 : 0, count)
        case .int32: fill(destination.assumingMemoryBound(to: Int32.self), Int32(castingInt64: value.int64Value), count)
        case .int64: fill(destination.assumingMemoryBound(to: Int64.self), value.int64Value, count)
        case .float32: fill(destination.assumingMemoryBound(to: Float.self), Float(value.doubleValue), count)
        case .float64: fill(destination.assumingMemoryBound(to: Double.self), value.doubleValue, count)
        }
    }

    /// Fills `count` elements with copies of the element at `element`.
    static func splat(element: UnsafeMutableRawPointer, byteSize: Int, into destination: UnsafeMutableRawPointer, count: Int) {
        switch byteSize {
        case 1: fill(destination.assumingMemoryBound(to: UInt8.self), element.load(as: UInt8.self), count)
        case 4: fill(destination.assumingMemoryBound(to: UInt32.self), element.load(as: UInt32.self), count)
        default: fill(destination.assumingMemoryBound(to: UInt64.self), element.load(as: UInt64.self), count)
        }
    }

    @inline(__always)
    private static func fill<T>(_ destination: UnsafeMutablePointer<T>, _ value: T, _ count: Int) {
        for i in 0..<count { destination[i] = value }
    }
}
