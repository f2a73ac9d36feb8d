/// Moving elements into block registers, by element size only (a load never needs the type).
enum BlockLoads {
    /// Copies `count` elements of a strided view, starting at flat position `start` of its
    /// shape (row-major), into the contiguous `destination`: one run per stretch of the last axis,
    /// filled for a broadcast axis, copied for a contiguous one, stepped otherwise.
    static func gather(_ base: UnsafeMutableRawPointer, view: View, byteSize: Int, start: Int, count: Int,
                       into destination: UnsafeMutableRawPointer) {
        switch byteSize {
        case 1: gather(base.assumingMemoryBound(to: UInt8.self), view, start, count, destination.assumingMemoryBound(to: UInt8.self))
        case 2: gather(base.assumingMemoryBound(to: UInt16.self), view, start, count, destination.assumingMemoryBound(to: UInt16.self))
        case 4: gather(base.assumingMemoryBound(to: UInt32.self), view, start, count, destination.assumingMemoryBound(to: UInt32.self))
        default: gather(base.assumingMemoryBound(to: UInt64.self), view, start, count, destination.assumingMemoryBound(to: UInt64.self))
        }
    }

    /// The inverse of `gather`: writes the contiguous `source` to `count` elements of the view
    /// (which has no broadcast axis) from flat position `start`, for outputs that are a strided
    /// part of their buffer.
    static func scatter(_ source: UnsafeMutableRawPointer, into base: UnsafeMutableRawPointer, view: View, byteSize: Int,
                        start: Int, count: Int) {
        switch byteSize {
        case 1: scatter(source.assumingMemoryBound(to: UInt8.self), base.assumingMemoryBound(to: UInt8.self), view, start, count)
        case 2: scatter(source.assumingMemoryBound(to: UInt16.self), base.assumingMemoryBound(to: UInt16.self), view, start, count)
        case 4: scatter(source.assumingMemoryBound(to: UInt32.self), base.assumingMemoryBound(to: UInt32.self), view, start, count)
        default: scatter(source.assumingMemoryBound(to: UInt64.self), base.assumingMemoryBound(to: UInt64.self), view, start, count)
        }
    }

    @inline(__always)
    private static func gather<T>(_ base: UnsafeMutablePointer<T>, _ view: View, _ start: Int, _ count: Int,
                                  _ destination: UnsafeMutablePointer<T>) {
        let tiled = forEachTile(view, start, count) { offset, rows, columns, rowStride, columnStride, written in
            let target = destination + written
            if rowStride == 1 && MemoryLayout<T>.size == 4 && rows % 8 == 0 && columns % 8 == 0 {
                transposeTile(UnsafeRawPointer(base), offset: offset, rows: rows, columns: columns, columnStride: columnStride,
                              into: UnsafeMutableRawPointer(target))
            } else if abs(rowStride) < abs(columnStride) {
                // Down each column: the reads walk memory in order, one page per column.
                for column in 0..<columns {
                    let source = base + offset + column * columnStride
                    if rowStride == 1 {
                        for row in 0..<rows { target[row * columns + column] = source[row] }
                    } else {
                        for row in 0..<rows { target[row * columns + column] = source[row * rowStride] }
                    }
                }
            } else if columnStride == 1 {
                // Row by row (a row-major operand of a tiled kernel): a plain loop with unit
                // stride vectorizes; the strided one below cost 5 instructions per element.
                copyRuns(rows: rows, columns: columns, from: base + offset, rowStride: rowStride, to: target, rowStride: columns)
            } else {
                for row in 0..<rows {
                    let source = offset + row * rowStride, line = target + row * columns
                    for column in 0..<columns { line[column] = base[source + column * columnStride] }
                }
            }
        }
        if tiled { return }
        forEachRun(view, start, count) { offset, stride, run, written in
            let target = destination + written
            if stride == 0 {
                let value = base[offset]
                for i in 0..<run { target[i] = value }
            } else if stride == 1 {
                target.update(from: base + offset, count: run)
            } else {
                for i in 0..<run { target[i] = base[offset + i * stride] }
            }
        }
    }

    /// Copies `rows` runs of `columns` consecutive elements, runs `rowStride` apart on each side:
    /// a tile's rows between a tiled kernel's block and a row-major buffer. A plain loop:
    /// `update(from:count:)` calls memmove, measured 2x slower at 32 elements.
    @inline(__always)
    private static func copyRuns<T>(rows: Int, columns: Int, from source: UnsafeMutablePointer<T>, rowStride sourceRowStride: Int,
                                    to target: UnsafeMutablePointer<T>, rowStride targetRowStride: Int) {
        for row in 0..<rows {
            let from = source + row * sourceRowStride, to = target + row * targetRowStride
            for column in 0..<columns { to[column] = from[column] }
        }
    }

    @inline(__always)
    private static func scatter<T>(_ source: UnsafeMutablePointer<T>, _ base: UnsafeMutablePointer<T>, _ view: View,
                                   _ start: Int, _ count: Int) {
        let tiled = forEachTile(view, start, count) { offset, rows, columns, rowStride, columnStride, written in
            let from = source + written
            if abs(rowStride) < abs(columnStride) {
                for column in 0..<columns {
                    let target = offset + column * columnStride
                    for row in 0..<rows { base[target + row * rowStride] = from[row * columns + column] }
                }
            } else if columnStride == 1 {
                // Along each row: one run of `columns` elements per output row.
                copyRuns(rows: rows, columns: columns, from: from, rowStride: columns, to: base + offset, rowStride: rowStride)
            } else {
                for row in 0..<rows {
                    let target = offset + row * rowStride, line = from + row * columns
                    for column in 0..<columns { base[target + column * columnStride] = line[column] }
                }
            }
        }
        if tiled { return }
        forEachRun(view, start, count) { offset, stride, run, written in
            let from = source + written
            if stride == 1 {
                (base + offset).update(from: from, count: run)
            } else {
                for i in 0..<run { base[offset + i * stride] = from[i] }
            }
        }
    }

    /// When the `count` positions from `start` are whole rows of the planes of the view's last
    /// two axes (the tiles of a tiled kernel, `KernelProgram.tiledRegions`), calls `body(offset,
    /// rows, columns, rowStride, columnStride, written)` for each piece of a plane and returns
    /// true: a tile is copied as a 2-D loop in the order that walks memory in runs, instead of
    /// run by run of its rows (short runs cost more in index arithmetic than in copying).
    /// Otherwise returns false.
    @inline(__always)
    private static func forEachTile(_ view: View, _ start: Int, _ count: Int,
                                    _ body: (Int, Int, Int, Int, Int, Int) -> Void) -> Bool {
        let rank = view.shape.count
        guard rank >= 4 else { return false }
        let rows = view.shape[rank - 2], columns = view.shape[rank - 1]
        let plane = rows * columns
        guard plane >= 256, start % columns == 0, count % columns == 0 else { return false }
        let rowStride = view.strides[rank - 2], columnStride = view.strides[rank - 1]
        var position = start
        while position < start + count {
            var remainder = position / plane
            let firstRow = position % plane / columns
            let pieceRows = min(rows - firstRow, (start + count - position) / columns)
            var offset = view.offset + firstRow * rowStride
            for axis in stride(from: rank - 3, through: 0, by: -1) {
                offset += remainder % view.shape[axis] * view.strides[axis]
                remainder /= view.shape[axis]
            }
            body(offset, pieceRows, columns, rowStride, columnStride, position - start)
            position += pieceRows * columns
        }
        return true
    }

    /// Calls `body(offset, stride, run, written)` for each stretch along the last axis of the
    /// `count` positions of `view` from flat position `start` (row-major): the element offset
    /// of its first element, the last axis's stride, its length, and how many positions came
    /// before it. The multi-index lives on the stack: this runs for every block.
    @inline(__always)
    private static func forEachRun(_ view: View, _ start: Int, _ count: Int, _ body: (Int, Int, Int, Int) -> Void) {
        let rank = view.shape.count
        guard rank > 0 else {
            for i in 0..<count { body(view.offset, 0, 1, i) }
            return
        }
        withUnsafeTemporaryAllocation(of: Int.self, capacity: rank) { buffer in
            let index = buffer.baseAddress!
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
                body(offset, innerStride, run, written)
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
    }

    /// Fills `count` elements with `value` converted to `dtype`.
    static func splat(_ value: Scalar, dtype: DType, into destination: UnsafeMutableRawPointer, count: Int) {
        switch dtype {
        case .bool: fill(destination.assumingMemoryBound(to: UInt8.self), value.boolValue ? 1 : 0, count)
        case .int8: fill(destination.assumingMemoryBound(to: Int8.self), Int8(castingInt64: value.int64Value), count)
        case .int16: fill(destination.assumingMemoryBound(to: Int16.self), Int16(castingInt64: value.int64Value), count)
        case .int32: fill(destination.assumingMemoryBound(to: Int32.self), Int32(castingInt64: value.int64Value), count)
        case .int64: fill(destination.assumingMemoryBound(to: Int64.self), value.int64Value, count)
        case .uint8: fill(destination.assumingMemoryBound(to: UInt8.self), UInt8(castingInt64: value.int64Value), count)
        case .uint16: fill(destination.assumingMemoryBound(to: UInt16.self), UInt16(castingInt64: value.int64Value), count)
        case .uint32: fill(destination.assumingMemoryBound(to: UInt32.self), UInt32(castingInt64: value.int64Value), count)
        case .uint64: fill(destination.assumingMemoryBound(to: UInt64.self), UInt64(castingInt64: value.int64Value), count)
        case .float32: fill(destination.assumingMemoryBound(to: Float.self), Float(value.doubleValue), count)
        case .float64: fill(destination.assumingMemoryBound(to: Double.self), value.doubleValue, count)
        case .float16: fill(destination.assumingMemoryBound(to: UInt16.self), Float16Element(castingDouble: value.doubleValue).bits, count)
        case .bfloat16: fill(destination.assumingMemoryBound(to: UInt16.self), BFloat16Element(castingDouble: value.doubleValue).bits, count)
        }
    }

    /// Fills `count` elements with copies of the element at `element`.
    static func splat(element: UnsafeMutableRawPointer, byteSize: Int, into destination: UnsafeMutableRawPointer, count: Int) {
        switch byteSize {
        case 1: fill(destination.assumingMemoryBound(to: UInt8.self), element.load(as: UInt8.self), count)
        case 2: fill(destination.assumingMemoryBound(to: UInt16.self), element.load(as: UInt16.self), count)
        case 4: fill(destination.assumingMemoryBound(to: UInt32.self), element.load(as: UInt32.self), count)
        default: fill(destination.assumingMemoryBound(to: UInt64.self), element.load(as: UInt64.self), count)
        }
    }

    @inline(__always)
    private static func fill<T>(_ destination: UnsafeMutablePointer<T>, _ value: T, _ count: Int) {
        for i in 0..<count { destination[i] = value }
    }
}
