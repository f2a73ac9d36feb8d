/// Running a fused epilogue over finished tiles of a product.
///
/// NumPy equivalent: none (NumPy runs each elementwise op after `matmul` as its own pass).
///
/// The epilogue is an ordinary block-VM program whose iteration space is the product's output,
/// run only over the positions of one tile, row piece by row piece: a tile row is a contiguous
/// run of flat positions, which is exactly what `PreparedProgram.runBlock` executes. So every
/// elementwise op, cast and strided input the fusion planner can emit works in an epilogue
/// without a second interpreter: a row-broadcast bias is gathered per row piece (one `memcpy`
/// from L1), a scalar is splatted once per tile, the product is read and written in place.
extension MatrixProduct {
    /// Runs `program` over rows `rows` and columns `columns` of the matrix whose element (0, 0)
    /// is flat output position `matrixStart` and whose rows are `rowLength` long.
    ///
    /// Called by `Gemm` once per finished tile, possibly from several threads on different
    /// tiles: each call takes its own scratch memory.
    static func applyEpilogue(_ program: PreparedProgram, buffers: [UnsafeMutableRawPointer], matrixStart: Int,
                              rowLength: Int, rows: Range<Int>, columns: Range<Int>) {
        guard !rows.isEmpty, !columns.isEmpty else { return }
        let scratch = ScratchArena.take(bytes: program.scratchBytes)
        defer { ScratchArena.give(scratch) }
        var pointers = program.fixedPointers(scratch: scratch.base)
        program.splat(pointers: pointers, buffers: buffers)
        // A tile of whole rows is one contiguous run of positions: its blocks run across row
        // ends, so a narrow product (10 columns) costs a few blocks, not one per row.
        // (With `PreparedProgram.overwrites`: dh = g @ W2ᵀ with relu's mask, 43 -> 19 µs; docs/performance.md.)
        let wholeRows = columns.count == rowLength
        let (runs, runLength) = wholeRows ? (1, rows.count * rowLength) : (rows.count, columns.count)
        let first = matrixStart + rows.lowerBound * rowLength + columns.lowerBound
        for run in 0..<runs {
            var start = first + run * rowLength
            let end = start + runLength
            while start < end {
                let count = min(BlockVM.blockSize, end - start)
                program.runBlock(start: start, count: count, buffers: buffers, pointers: &pointers)
                start += count
            }
        }
    }
}
