/// How an array's elements sit in a buffer: shape, strides in elements (0 for a broadcast
/// axis, negative for a reversed one) and the offset of the first element.
///
/// NumPy equivalent: `ndarray.shape`, `ndarray.strides` (NumPy counts bytes, this counts
/// elements) and the data pointer's offset. Views never copy: reshaping, transposing, slicing
/// and broadcasting only make a new `View` of the same buffer.
package struct View: Hashable, Sendable, CustomStringConvertible {
    package var shape: [Int]
    package var strides: [Int]
    package var offset: Int

    package init(shape: [Int], strides: [Int], offset: Int = 0) {
        self.shape = shape
        self.strides = strides
        self.offset = offset
    }

    /// The row-major (C order) layout of `shape` starting at `offset`.
    package init(contiguous shape: [Int], offset: Int = 0) {
        self.init(shape: shape, strides: View.rowMajorStrides(shape), offset: offset)
    }

    /// Row-major strides of `shape`, in elements.
    package static func rowMajorStrides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var step = 1
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[axis] = step
            step *= Swift.max(shape[axis], 1)
        }
        return strides
    }

    /// The number of elements. NumPy: `ndarray.size`.
    package var count: Int { shape.reduce(1, *) }

    /// True when the elements are one row-major run from `offset` (size-1 axes may have any stride).
    package var isContiguous: Bool {
        var expected = 1
        for axis in stride(from: shape.count - 1, through: 0, by: -1) where shape[axis] != 1 {
            if strides[axis] != expected { return false }
            expected *= shape[axis]
        }
        return true
    }

    /// The element offset of the multi-index `index`.
    @inline(__always)
    package func offset(of index: [Int]) -> Int {
        var position = offset
        for axis in 0..<index.count { position += index[axis] * strides[axis] }
        return position
    }

    package var description: String {
        "View(shape: \(shape), strides: \(strides), offset: \(offset))"
    }
}
