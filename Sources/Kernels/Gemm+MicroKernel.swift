/// The register-tile micro-kernels: the innermost loop of `Gemm`, where all the flops happen.
///
/// NumPy equivalent: the assembly kernels inside OpenBLAS's `sgemm`/`dgemm` (`sgemm_kernel_*`).
///
/// Each kernel keeps a 6 x 2-vector tile of C in 12 ymm registers. One k step loads two vectors
/// of the packed B micro-panel, broadcasts six elements of the packed A micro-panel one at a
/// time, and issues 12 fused multiply-adds (`addingProduct` compiles to `vfmadd231ps/pd` with
/// AVX2 + FMA enabled; checked in the assembly). That is 12 FMAs per 8 loads, so the two FMA
/// ports, not the load ports, set the speed.
///
/// Summation order: each accumulator starts at zero and adds `a[i,p] * b[p,j]` for p = 0, 1, ...,
/// kc - 1 in order, one fused multiply-add (single rounding) per step; the finished tile is then
/// stored or added to C with one rounding per element.
extension Gemm {
    /// The `Float` micro-kernel: a 6 x 16 tile of C from a 6-row panel of packed A and a
    /// 16-column panel of packed B.
    ///
    /// - Parameters:
    ///   - kc: The number of k steps; the panels hold `kc * 6` and `kc * 16` elements.
    ///   - a: The packed A micro-panel, `a[p * 6 + i]` for row `i` at step `p`.
    ///   - b: The packed B micro-panel, `b[p * 16 + j]` for column `j` at step `p`; 32-byte aligned.
    ///   - c: Element (0, 0) of the 6 x 16 destination; columns are contiguous.
    ///   - cRowStride: Elements between rows of `c`.
    ///   - accumulate: Add the tile to `c` (later K blocks) instead of overwriting it (the first).
    @inline(__always)
    static func microKernel6x16(kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                                c: UnsafeMutablePointer<Float>, cRowStride: Int, accumulate: Bool) {
        typealias V = SIMD8<Float>
        var c00 = V(), c01 = V(), c10 = V(), c11 = V(), c20 = V(), c21 = V()
        var c30 = V(), c31 = V(), c40 = V(), c41 = V(), c50 = V(), c51 = V()
        var pa = a
        var pb = UnsafeRawPointer(b)
        for _ in 0..<kc {
            let b0 = pb.load(as: V.self)
            let b1 = pb.load(fromByteOffset: 32, as: V.self)
            var x = V(repeating: pa[0])
            c00 = c00.addingProduct(x, b0); c01 = c01.addingProduct(x, b1)
            x = V(repeating: pa[1])
            c10 = c10.addingProduct(x, b0); c11 = c11.addingProduct(x, b1)
            x = V(repeating: pa[2])
            c20 = c20.addingProduct(x, b0); c21 = c21.addingProduct(x, b1)
            x = V(repeating: pa[3])
            c30 = c30.addingProduct(x, b0); c31 = c31.addingProduct(x, b1)
            x = V(repeating: pa[4])
            c40 = c40.addingProduct(x, b0); c41 = c41.addingProduct(x, b1)
            x = V(repeating: pa[5])
            c50 = c50.addingProduct(x, b0); c51 = c51.addingProduct(x, b1)
            pa += 6
            pb += 64
        }
        storeRow(c00, c01, to: c, accumulate: accumulate)
        storeRow(c10, c11, to: c + cRowStride, accumulate: accumulate)
        storeRow(c20, c21, to: c + 2 * cRowStride, accumulate: accumulate)
        storeRow(c30, c31, to: c + 3 * cRowStride, accumulate: accumulate)
        storeRow(c40, c41, to: c + 4 * cRowStride, accumulate: accumulate)
        storeRow(c50, c51, to: c + 5 * cRowStride, accumulate: accumulate)
    }

    /// The `Double` micro-kernel: a 6 x 8 tile of C, the same shape of loop as
    /// `microKernel6x16` with `SIMD4<Double>` vectors (half the flops per instruction).
    ///
    /// - Parameters: as for `microKernel6x16`, with 8-column B panels `b[p * 8 + j]`.
    @inline(__always)
    static func microKernel6x8(kc: Int, a: UnsafePointer<Double>, b: UnsafePointer<Double>,
                               c: UnsafeMutablePointer<Double>, cRowStride: Int, accumulate: Bool) {
        typealias V = SIMD4<Double>
        var c00 = V(), c01 = V(), c10 = V(), c11 = V(), c20 = V(), c21 = V()
        var c30 = V(), c31 = V(), c40 = V(), c41 = V(), c50 = V(), c51 = V()
        var pa = a
        var pb = UnsafeRawPointer(b)
        for _ in 0..<kc {
            let b0 = pb.load(as: V.self)
            let b1 = pb.load(fromByteOffset: 32, as: V.self)
            var x = V(repeating: pa[0])
            c00 = c00.addingProduct(x, b0); c01 = c01.addingProduct(x, b1)
            x = V(repeating: pa[1])
            c10 = c10.addingProduct(x, b0); c11 = c11.addingProduct(x, b1)
            x = V(repeating: pa[2])
            c20 = c20.addingProduct(x, b0); c21 = c21.addingProduct(x, b1)
            x = V(repeating: pa[3])
            c30 = c30.addingProduct(x, b0); c31 = c31.addingProduct(x, b1)
            x = V(repeating: pa[4])
            c40 = c40.addingProduct(x, b0); c41 = c41.addingProduct(x, b1)
            x = V(repeating: pa[5])
            c50 = c50.addingProduct(x, b0); c51 = c51.addingProduct(x, b1)
            pa += 6
            pb += 64
        }
        storeRow(c00, c01, to: c, accumulate: accumulate)
        storeRow(c10, c11, to: c + cRowStride, accumulate: accumulate)
        storeRow(c20, c21, to: c + 2 * cRowStride, accumulate: accumulate)
        storeRow(c30, c31, to: c + 3 * cRowStride, accumulate: accumulate)
        storeRow(c40, c41, to: c + 4 * cRowStride, accumulate: accumulate)
        storeRow(c50, c51, to: c + 5 * cRowStride, accumulate: accumulate)
    }

    /// Stores (or adds) two vectors as one contiguous row segment of a `Float` micro-tile.
    @inline(__always)
    private static func storeRow(_ v0: SIMD8<Float>, _ v1: SIMD8<Float>,
                                 to row: UnsafeMutablePointer<Float>, accumulate: Bool) {
        let p = UnsafeMutableRawPointer(row)
        if accumulate {
            p.storeBytes(of: p.loadUnaligned(as: SIMD8<Float>.self) + v0, as: SIMD8<Float>.self)
            p.storeBytes(of: p.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self) + v1,
                         toByteOffset: 32, as: SIMD8<Float>.self)
        } else {
            p.storeBytes(of: v0, as: SIMD8<Float>.self)
            p.storeBytes(of: v1, toByteOffset: 32, as: SIMD8<Float>.self)
        }
    }

    /// Stores (or adds) two vectors as one contiguous row segment of a `Double` micro-tile.
    @inline(__always)
    private static func storeRow(_ v0: SIMD4<Double>, _ v1: SIMD4<Double>,
                                 to row: UnsafeMutablePointer<Double>, accumulate: Bool) {
        let p = UnsafeMutableRawPointer(row)
        if accumulate {
            p.storeBytes(of: p.loadUnaligned(as: SIMD4<Double>.self) + v0, as: SIMD4<Double>.self)
            p.storeBytes(of: p.loadUnaligned(fromByteOffset: 32, as: SIMD4<Double>.self) + v1,
                         toByteOffset: 32, as: SIMD4<Double>.self)
        } else {
            p.storeBytes(of: v0, as: SIMD4<Double>.self)
            p.storeBytes(of: v1, toByteOffset: 32, as: SIMD4<Double>.self)
        }
    }
}
