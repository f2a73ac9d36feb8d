/// Packing: copies a block of A or B, read through its strides, into the contiguous panel
/// layout the micro-kernel streams through.
///
/// NumPy equivalent: none visible; OpenBLAS's `sgemm_itcopy`/`sgemm_oncopy` routines.
///
/// Packing is why `Gemm` reads transposed and sliced operands without a separate copy: the
/// strides are applied here, once per block, and the micro-kernel only ever sees unit-stride,
/// aligned panels. Panels are padded with zeros to full `mr` rows / `nr` columns so the
/// micro-kernel never branches on edges; the padded products are `0 * b` or `a * 0` and never
/// reach C (the driver writes only the real part of an edge tile).
extension Gemm {
    /// Packs `rows x depth` of A into panels of `T.gemmMR` rows: element (i, p) of panel `q`
    /// goes to `dst[q * mr * depth + p * mr + i]`.
    ///
    /// - Parameters:
    ///   - rows: Rows to pack; the last panel is zero-padded to `mr` rows.
    ///   - depth: Columns (k steps) to pack.
    ///   - a: Element (0, 0) of the block.
    ///   - rowStride, colStride: Element strides of A (any values, including 1 and negative).
    ///   - dst: Room for `roundUp(rows, mr) * depth` elements.
    static func packA<T: GemmElement>(rows: Int, depth: Int, a: UnsafePointer<T>,
                                      rowStride: Int, colStride: Int,
                                      into dst: UnsafeMutablePointer<T>) {
        let mr = T.gemmMR
        var out = dst
        var i0 = 0
        while i0 < rows {
            let r = min(mr, rows - i0)
            let src = a + i0 * rowStride
            // Index products use wrapping `&*`: they are in range by the caller's contract, and
            // overflow checks in these loops cost more than the copy itself.
            if r == mr && colStride == 1 {
                // Row-major A (the common case): walk the `mr` rows side by side, each read
                // sequentially; the writes are sequential.
                var o = out
                for p in 0..<depth {
                    for i in 0..<mr { o[i] = src[i &* rowStride &+ p] }
                    o += mr
                }
            } else if r == mr && rowStride == 1 {
                // Column-major (transposed) A: each k step is `mr` contiguous elements.
                var o = out
                for p in 0..<depth {
                    let column = src + p &* colStride
                    for i in 0..<mr { o[i] = column[i] }
                    o += mr
                }
            } else {
                for p in 0..<depth {
                    for i in 0..<r { out[p * mr + i] = src[i * rowStride + p * colStride] }
                    for i in r..<mr { out[p * mr + i] = 0 }
                }
            }
            out += mr * depth
            i0 += mr
        }
    }

    /// Packs `depth x cols` of B into panels of `T.gemmNR` columns: element (p, j) of panel `q`
    /// goes to `dst[q * nr * depth + p * nr + j]`.
    ///
    /// - Parameters:
    ///   - depth: Rows (k steps) to pack.
    ///   - cols: Columns to pack; the last panel is zero-padded to `nr` columns.
    ///   - b: Element (0, 0) of the block.
    ///   - rowStride, colStride: Element strides of B (any values, including 1 and negative).
    ///   - dst: Room for `depth * roundUp(cols, nr)` elements.
    static func packB<T: GemmElement>(depth: Int, cols: Int, b: UnsafePointer<T>,
                                      rowStride: Int, colStride: Int,
                                      into dst: UnsafeMutablePointer<T>) {
        let nr = T.gemmNR
        let fullPanels = cols / nr
        if colStride == 1 {
            // Row-major B: read each row of the block once, front to back, and deal it out as
            // one `nr`-element vector copy per panel. (Panel by panel instead would read 64-byte
            // pieces of `depth` rows a page apart: slower, it defeats the prefetcher.)
            for p in 0..<depth {
                let row = b + p &* rowStride
                var o = dst + p &* nr
                for q in 0..<fullPanels {
                    // A fixed-size `memcpy` is two ymm moves; an element loop stays scalar
                    // (the compiler cannot rule out overlap).
                    UnsafeMutableRawPointer(o).copyMemory(from: row + q &* nr, byteCount: nr &* MemoryLayout<T>.stride)
                    o += nr &* depth
                }
            }
        } else if rowStride == 1 {
            // Column-major (transposed) B: read each column sequentially; the strided writes
            // stay inside one `depth x nr` panel, which fits in L1.
            for q in 0..<fullPanels {
                let o = dst + q &* nr &* depth
                for j in 0..<nr {
                    let column = b + (q &* nr &+ j) &* colStride
                    for p in 0..<depth { o[p &* nr &+ j] = column[p] }
                }
            }
        } else {
            for q in 0..<fullPanels {
                let o = dst + q * nr * depth
                for p in 0..<depth {
                    for j in 0..<nr { o[p * nr + j] = b[p * rowStride + (q * nr + j) * colStride] }
                }
            }
        }
        // The last, partial panel: zero-padded to `nr` columns.
        let w = cols - fullPanels * nr
        if w > 0 {
            let o = dst + fullPanels * nr * depth
            let src = b + fullPanels * nr * colStride
            for p in 0..<depth {
                for j in 0..<w { o[p * nr + j] = src[p * rowStride + j * colStride] }
                for j in w..<nr { o[p * nr + j] = 0 }
            }
        }
    }
}
