import Kernels
import Scheduler

// How the data-dependent operations (boolean masks, integer gathers, updates
// that place a value) build their results: the graph has no node for them, so they evaluate
// their inputs and copy elements between strided layouts into a new buffer, which becomes an
// evaluated leaf of the graph. Copies move raw elements (1, 2, 4 or 8 bytes): no dtype logic here.
enum ElementCopy {
    /// Copies the elements of `shape` from `source` (laid out by `sourceStrides` from
    /// `sourceOffset`) to `destination` (by `destinationStrides` from `destinationOffset`);
    /// strides and offsets count elements of `byteSize` bytes.
    static func copy(shape: [Int], byteSize: Int,
                     from source: UnsafeRawPointer, strides sourceStrides: [Int], offset sourceOffset: Int,
                     to destination: UnsafeMutableRawPointer, strides destinationStrides: [Int], offset destinationOffset: Int) {
        guard !shape.contains(0) else { return }
        let layout = Layout(shape: shape, source: sourceStrides, destination: destinationStrides)
        switch byteSize {
        case 1: layout.copy(UInt8.self, source, sourceOffset, destination, destinationOffset, axis: 0)
        case 2: layout.copy(UInt16.self, source, sourceOffset, destination, destinationOffset, axis: 0)
        case 4: layout.copy(UInt32.self, source, sourceOffset, destination, destinationOffset, axis: 0)
        default: layout.copy(UInt64.self, source, sourceOffset, destination, destinationOffset, axis: 0)
        }
    }

    /// Copies all of `value` into the part of `destination` that `view` describes (same shape).
    static func copy(_ value: Materialized, byteSize: Int, to destination: Buffer, view: View) {
        copy(shape: view.shape, byteSize: byteSize,
             from: UnsafeRawPointer(value.buffer.base), strides: value.view.strides, offset: value.view.offset,
             to: destination.base, strides: view.strides, offset: view.offset)
    }

    /// Calls `body` with the element offset of every position of `shape` under `strides` from
    /// `offset`, in row-major order.
    static func forEachOffset(shape: [Int], strides: [Int], offset: Int, _ body: (Int) -> Void) {
        guard !shape.contains(0) else { return }
        var index = [Int](repeating: 0, count: shape.count)
        var position = offset
        while true {
            body(position)
            var axis = shape.count - 1
            while axis >= 0 {
                index[axis] += 1
                position += strides[axis]
                if index[axis] < shape[axis] { break }
                position -= strides[axis] * shape[axis]
                index[axis] = 0
                axis -= 1
            }
            if axis < 0 { return }
        }
    }

    private struct Layout {
        let shape: [Int]
        let source: [Int]
        let destination: [Int]

        /// One axis at a time; the last axis is the tight loop (recursion depth is the rank).
        func copy<T>(_: T.Type, _ from: UnsafeRawPointer, _ fromOffset: Int,
                     _ to: UnsafeMutableRawPointer, _ toOffset: Int, axis: Int) {
            if axis >= shape.count {
                to.assumingMemoryBound(to: T.self)[toOffset] = from.assumingMemoryBound(to: T.self)[fromOffset]
                return
            }
            if axis == shape.count - 1 {
                let input = from.assumingMemoryBound(to: T.self), output = to.assumingMemoryBound(to: T.self)
                let inStride = source[axis], outStride = destination[axis]
                for i in 0..<shape[axis] { output[toOffset + i * outStride] = input[fromOffset + i * inStride] }
                return
            }
            for i in 0..<shape[axis] {
                copy(T.self, from, fromOffset + i * source[axis], to, toOffset + i * destination[axis], axis: axis + 1)
            }
        }
    }
}

extension NDArray {
    /// An evaluated array over `buffer`, laid out row-major with `shape`: the result of an
    /// operation computed at call time, a source for the graphs that use it.
    init(evaluated buffer: Buffer, shape: [Int], dtype: DType) {
        self.init(node: Node(value: Materialized(buffer: buffer, view: View(contiguous: shape)), dtype: dtype))
    }

    /// A new buffer for `count` elements of `dtype`, zero-filled so that the parts an operation
    /// does not write read as zeros rather than stale memory.
    static func zeroedBuffer(count: Int, dtype: DType) -> Buffer {
        let buffer = Buffer(byteCount: count * dtype.byteSize)
        buffer.base.initializeMemory(as: UInt8.self, repeating: 0, count: count * dtype.byteSize)
        return buffer
    }
}
