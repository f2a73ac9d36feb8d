/// Running a reduction kernel. The iteration space `[outer, extent, inner]` is cut into work
/// units — an outer index, a stretch of at most 1024 kept columns, a piece of the reduced axis —
/// whose boundaries depend only on the sizes. Each unit folds its blocks into its own states;
/// pieces of one reduced axis are merged in order at the end. So the result is bitwise the same
/// for any thread count.
extension BlockVM {
    /// Elements of the reduced axis one unit covers (about 64K values, whatever the width).
    static let reductionPiece = 1 << 16

    static func runReduction(_ program: PreparedProgram, reduction: KernelReduction,
                             buffers: [UnsafeMutableRawPointer], threads: Int) {
        let layout = ReductionLayout(reduction)
        let (units, columnBlock) = (layout.units, layout.columnBlock)
        guard units > 0 else { return }
        let folders = reduction.outputs.map { reductionFolder($0.op, dtype: $0.dtype) }
        // States of every unit: [output][unit][column], each unit's block `columnBlock` wide.
        let stateBuffers = folders.map { folder -> UnsafeMutableRawPointer in
            let memory = UnsafeMutableRawPointer.allocate(byteCount: max(1, units * columnBlock * folder.stateSize), alignment: 64)
            folder.initialize(memory, units * columnBlock)
            return memory
        }
        defer { for memory in stateBuffers { memory.deallocate() } }
        let context = ReductionContext(program: program, layout: layout, folders: folders,
                                       states: stateBuffers, buffers: buffers)
        let workers = layout.workers(threads: threads, costPerElement: program.program.costPerElement)
        // Each unit folds into its own state, combined in unit order: any cut gives the same bits.
        SharedWork.forEachRange(count: units, workers: workers) { context.run(units: $0) }
        context.finish(outputs: reduction.outputs)
    }
}

/// How a reduction's iteration space is cut into work units (the OpenMP target's C cuts it
/// the same way, so both fold the same values in the same order).
struct ReductionLayout {
    let outer, extent, inner: Int
    let columnBlock, columnBlocks, rowsPerPiece, pieces: Int

    init(_ reduction: KernelReduction) {
        (outer, extent, inner) = (reduction.outer, reduction.extent, reduction.inner)
        columnBlock = min(inner, BlockVM.blockSize)
        // No kept column after the reduced axes (an empty result): no unit at all.
        columnBlocks = columnBlock == 0 ? 0 : (inner + columnBlock - 1) / columnBlock
        rowsPerPiece = max(1, BlockVM.reductionPiece / max(columnBlock, 1))
        pieces = max(1, (extent + rowsPerPiece - 1) / rowsPerPiece)
    }

    /// The number of work units.
    var units: Int { outer * columnBlocks * pieces }

    /// Threads worth using: at most one per unit, and about 1e5 add-equivalents per thread.
    func workers(threads: Int, costPerElement: Int) -> Int {
        min(max(threads, 1), units, max(1, outer * extent * inner * max(costPerElement, 1) / 100_000))
    }

    /// Unit `unit` = (outer index, column block, piece), pieces varying fastest.
    func coordinates(_ unit: Int) -> (outer: Int, column: Int, piece: Int) {
        (unit / (columnBlocks * pieces), (unit / pieces) % columnBlocks, unit % pieces)
    }
}

/// What the workers of one reduction share (raw pointers: see `SendableContext`).
struct ReductionContext: @unchecked Sendable {
    let program: PreparedProgram
    let layout: ReductionLayout
    let folders: [ReductionFolder]
    let states: [UnsafeMutableRawPointer]
    let buffers: [UnsafeMutableRawPointer]

    func run(units: Range<Int>) {
        // Nothing to fold along an empty extent (a sum over all axes of a (0, 3) array): the
        // states keep their identities.
        guard !units.isEmpty, layout.extent > 0 else { return }
        let scratch = ScratchArena.take(bytes: program.scratchBytes)
        defer { ScratchArena.give(scratch) }
        var pointers = program.fixedPointers(scratch: scratch.base)
        program.splat(pointers: pointers, buffers: buffers)
        if layout.inner == 1 && layout.pieces == 1 && layout.extent <= BlockVM.blockSize / 2 {
            runShortRows(units: units, pointers: &pointers)
        } else {
            for unit in units { run(unit: unit, pointers: &pointers) }
        }
    }

    /// Units that are whole short rows (softmax's rows of 256): several rows per block, each
    /// folded as one run, exactly as one row per block would fold it.
    private func runShortRows(units: Range<Int>, pointers: inout [UnsafeMutableRawPointer]) {
        let extent = layout.extent
        var row = units.lowerBound
        while row < units.upperBound {
            let rows = min(BlockVM.blockSize / extent, units.upperBound - row)
            program.runBlock(start: row * extent, count: rows * extent, buffers: buffers, pointers: &pointers)
            for (k, folder) in folders.enumerated() {
                for j in 0..<rows {
                    foldRun(k, folder, state: states[k] + (row + j) * folder.stateSize, pointers, offset: j * extent, count: extent, firstIndex: 0)
                }
            }
            row += rows
        }
    }

    private func run(unit: Int, pointers: inout [UnsafeMutableRawPointer]) {
        let (outerIndex, column, piece) = layout.coordinates(unit)
        let firstColumn = column * layout.columnBlock
        let width = min(layout.columnBlock, layout.inner - firstColumn)
        let firstRow = piece * layout.rowsPerPiece
        let lastRow = min(firstRow + layout.rowsPerPiece, layout.extent)
        let stateOffset = unit * layout.columnBlock
        if layout.inner == 1 {
            // Reducing along consecutive positions: fold runs of up to a block.
            var row = firstRow
            while row < lastRow {
                let count = min(BlockVM.blockSize, lastRow - row)
                program.runBlock(start: outerIndex * layout.extent + row, count: count, buffers: buffers, pointers: &pointers)
                for (k, folder) in folders.enumerated() {
                    foldRun(k, folder, state: states[k] + stateOffset * folder.stateSize, pointers, offset: 0, count: count, firstIndex: row)
                }
                row += count
            }
        } else {
            // Accumulating whole rows: as many rows per block as fit when a row is narrow.
            let rowsPerBlock = width == layout.inner ? max(1, BlockVM.blockSize / width) : 1
            var row = firstRow
            while row < lastRow {
                let rows = min(rowsPerBlock, lastRow - row)
                let start = (outerIndex * layout.extent + row) * layout.inner + firstColumn
                program.runBlock(start: start, count: rows * width, buffers: buffers, pointers: &pointers)
                for (k, folder) in folders.enumerated() {
                    let state = states[k] + stateOffset * folder.stateSize
                    switch program.reduced[k] {
                    case .register(let location): folder.foldRows(state, pointers[location], rows, width, row)
                    case .product(let first, let second, let products): products.foldRows(state, pointers[first], pointers[second], rows, width)
                    }
                }
                row += rows
            }
        }
    }

    /// Folds output `k`'s `count` values from `offset` elements into the block into `state`.
    @inline(__always)
    private func foldRun(_ k: Int, _ folder: ReductionFolder, state: UnsafeMutableRawPointer, _ pointers: [UnsafeMutableRawPointer],
                         offset: Int, count: Int, firstIndex: Int) {
        let byteOffset = offset * program.program.reduction!.outputs[k].dtype.byteSize
        switch program.reduced[k] {
        case .register(let location): folder.foldRun(state, pointers[location] + byteOffset, count, firstIndex)
        case .product(let first, let second, let products): products.foldRun(state, pointers[first] + byteOffset, pointers[second] + byteOffset, count)
        }
    }

    /// Merges each reduced axis's pieces in order and writes the results.
    func finish(outputs: [ReductionOutput]) {
        for (k, folder) in folders.enumerated() {
            let size = folder.stateSize
            for outerIndex in 0..<layout.outer {
                for column in 0..<layout.columnBlocks {
                    let first = ((outerIndex * layout.columnBlocks + column) * layout.pieces) * layout.columnBlock
                    let width = min(layout.columnBlock, layout.inner - column * layout.columnBlock)
                    for piece in 1..<max(layout.pieces, 1) {
                        folder.merge(states[k] + first * size, states[k] + (first + piece * layout.columnBlock) * size, width)
                    }
                    let out = buffers[outputs[k].slot] + (outerIndex * layout.inner + column * layout.columnBlock) * outputs[k].resultType.byteSize
                    folder.finish(states[k] + first * size, width, out)
                }
            }
        }
    }
}
