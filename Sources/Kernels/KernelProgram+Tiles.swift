/// Tiled iteration for kernels that read an input across its rows (a transpose): walking the
/// output row-major in blocks of 1024 would read such an input one element per row, a page
/// apart (a TLB miss nearly every element: `X.T + 1` of 2000x2000 float32 ran 12x slower than
/// `X + 1`). Walking the last two axes in `tileSide` x `tileSide` tiles keeps both the reads and
/// the writes of a tile within a few dozen pages.
///
/// A tiled kernel runs as up to three region programs over the same buffers: the whole tiles,
/// whose iteration space `[..., R/t, C/t, t, t]` makes every block of the VM whole rows of one
/// tile, and the right and bottom strips that do not fill a tile, iterated row-major. Elementwise
/// results do not depend on the order elements are visited in, and every region is cut into
/// chunks by its own size, so results stay bitwise the same for any thread count.
extension KernelProgram {
    /// Elements along each side of a tile: four blocks of the VM (16 rows of 64 each). Measured on
    /// `X.T + 1` of 2000x2000 float32 (alternating runs in one session): about 20% faster than
    /// 32, and 128 or 256 were 10-25% slower again: larger tiles amortize the per-run work of
    /// the gather and scatter over more elements, until a tile no longer fits the caches.
    package static let tileSide = 64

    /// The region programs that run this program in tiles, or nil when it is better (or only
    /// correct) to run it row-major: a reduction, random sampling (a sample is a function of the
    /// flat position), outputs already placed by views, fewer than a tile in either of the last
    /// two axes, or no input whose next-to-last axis moves faster in memory than its last one.
    package func tiledRegions() -> [KernelProgram]? {
        let t = Self.tileSide
        let rank = shape.count
        guard reduction == nil, rank >= 2, shape[rank - 2] >= t, shape[rank - 1] >= t,
              outputs.allSatisfy({ $0.view == nil }),
              !instructions.contains(where: \.kind.isRandom),
              inputs.contains(where: { input in
                  let rowStride = abs(input.view.strides[rank - 2]), columnStride = abs(input.view.strides[rank - 1])
                  return rowStride != 0 && rowStride < columnStride
              }) else { return nil }
        let rows = shape[rank - 2], columns = shape[rank - 1]
        let fullRows = rows / t * t, fullColumns = columns / t * t
        let outputView = View(contiguous: shape)
        let lead = Array(shape[..<(rank - 2)])

        /// The program over rows `rowRange` and columns `columnRange` of the last two axes,
        /// with those two axes split into tiles when `tiled`.
        func region(_ rowRange: Range<Int>, _ columnRange: Range<Int>, tiled: Bool) -> KernelProgram {
            func place(_ view: View) -> View {
                let rowStride = view.strides[rank - 2], columnStride = view.strides[rank - 1]
                let leadStrides = Array(view.strides[..<(rank - 2)])
                let offset = view.offset + rowRange.lowerBound * rowStride + columnRange.lowerBound * columnStride
                if tiled {
                    return View(shape: lead + [rowRange.count / t, columnRange.count / t, t, t],
                                strides: leadStrides + [rowStride * t, columnStride * t, rowStride, columnStride], offset: offset)
                }
                return View(shape: lead + [rowRange.count, columnRange.count], strides: view.strides, offset: offset)
            }
            let placedInputs = inputs.map { KernelInput(slot: $0.slot, dtype: $0.dtype, view: place($0.view)) }
            let placedOutputs = outputs.map { KernelOutput(register: $0.register, slot: $0.slot, dtype: $0.dtype, view: place(outputView)) }
            return KernelProgram(shape: place(outputView).shape, inputs: placedInputs, instructions: instructions, outputs: placedOutputs)
        }

        var regions = [region(0..<fullRows, 0..<fullColumns, tiled: true)]
        if fullColumns < columns { regions.append(region(0..<fullRows, fullColumns..<columns, tiled: false)) }
        if fullRows < rows { regions.append(region(fullRows..<rows, 0..<columns, tiled: false)) }
        return regions
    }
}
