import Testing
@testable import Kernels

/// `BlockLoads.gather` over the tiles of a tiled kernel: the 8 x 8 register transposes of a
/// transposed 4-byte input, the row copies of a row-major one and the element loops of the
/// other cases all give what reading the view element by element gives.
@Suite(.timeLimit(.minutes(10))) struct BlockLoadsTests {
    /// Gathers `count` positions from `start` of a tile view `[tileRows, tileColumns, side, side]`
    /// over a `rows` x `columns` matrix of distinct values (read transposed when `transposed`),
    /// and the same positions read one by one.
    private func gathered<T: FixedWidthInteger>(_ type: T.Type, side: Int, transposed: Bool,
                                                start: Int, count: Int) -> (got: [T], want: [T]) {
        let rows = 3 * side, columns = 2 * side
        let matrix = UnsafeMutablePointer<T>.allocate(capacity: rows * columns)
        defer { matrix.deallocate() }
        for i in 0..<(rows * columns) { matrix[i] = T(truncatingIfNeeded: i &* 2_654_435_761 &+ 17) }
        // Iterating the transpose (columns x rows) in tiles: element (r, c) of the transpose is
        // matrix[c * columns + r]; of the matrix itself (rows x columns), matrix[r * columns + c].
        let (outerRows, rowStride, columnStride) = transposed ? (columns, 1, columns) : (rows, columns, 1)
        let outerColumns = transposed ? rows : columns
        let view = View(shape: [outerRows / side, outerColumns / side, side, side],
                        strides: [rowStride * side, columnStride * side, rowStride, columnStride], offset: 0)
        let target = UnsafeMutablePointer<T>.allocate(capacity: count)
        defer { target.deallocate() }
        BlockLoads.gather(UnsafeMutableRawPointer(matrix), view: view, byteSize: MemoryLayout<T>.size, start: start, count: count,
                          into: UnsafeMutableRawPointer(target))
        var want: [T] = []
        for position in start..<(start + count) {
            var remainder = position, offset = 0
            for axis in stride(from: 3, through: 0, by: -1) {
                offset += remainder % view.shape[axis] * view.strides[axis]
                remainder /= view.shape[axis]
            }
            want.append(matrix[offset])
        }
        return (Array(UnsafeBufferPointer(start: target, count: count)), want)
    }

    @Test(arguments: [(64, 0, 1024), (64, 4096 + 1024, 1024), (64, 0, 64 * 64 * 2), (16, 0, 256), (24, 48, 24 * 8), (24, 0, 24 * 5), (20, 20, 400)])
    func tileGathersMatchElementReads(side: Int, start: Int, count: Int) {
        for transposed in [true, false] {
            let words = gathered(UInt32.self, side: side, transposed: transposed, start: start, count: count)
            #expect(words.got == words.want, "UInt32 side \(side) transposed \(transposed)")
            let doubles = gathered(UInt64.self, side: side, transposed: transposed, start: start, count: count)
            #expect(doubles.got == doubles.want, "UInt64 side \(side) transposed \(transposed)")
            let bytes = gathered(UInt8.self, side: side, transposed: transposed, start: start, count: count)
            #expect(bytes.got == bytes.want, "UInt8 side \(side) transposed \(transposed)")
        }
    }
}
