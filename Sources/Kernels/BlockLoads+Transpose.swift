/// Gathering a tile of a transposed 4-byte input (the tiled kernels of `KernelProgram+Tiles.swift`:
/// `X.T + X`) with 8 x 8 transposes in AVX registers: eight runs of eight elements are loaded
/// down eight columns of the tile, transposed with lane shuffles, and stored as eight runs of the
/// block's rows. The element-by-element loop it replaces cost about 5 instructions per element
/// (callgrind), most of them index arithmetic and one-element stores.
extension BlockLoads {
    /// Copies the `rows` x `columns` piece of a tile whose element (r, c) is at
    /// `base[offset + r + c * columnStride]` into `target` row-major. `rows` and `columns` are
    /// multiples of 8.
    @inline(__always)
    static func transposeTile(_ base: UnsafeRawPointer, offset: Int, rows: Int, columns: Int, columnStride: Int,
                              into target: UnsafeMutableRawPointer) {
        let source = base.assumingMemoryBound(to: UInt32.self), destination = target.assumingMemoryBound(to: UInt32.self)
        for column in stride(from: 0, to: columns, by: 8) {
            for row in stride(from: 0, to: rows, by: 8) {
                transpose8x8(source + offset + row + column * columnStride, stride: columnStride,
                             into: destination + row * columns + column, stride: columns)
            }
        }
    }

    /// Element (i, j) of the 8 x 8 block at `source` (row i starting at `source + i * stride`)
    /// goes to (j, i) of the block at `destination`. The element-wise `SIMD8` initializers below
    /// take lanes at constant positions of two vectors, which LLVM turns into the AVX unpack,
    /// shuffle and blend instructions of the classic `_MM_TRANSPOSE8_PS` sequence.
    @inline(__always)
    private static func transpose8x8(_ source: UnsafePointer<UInt32>, stride: Int,
                                     into destination: UnsafeMutablePointer<UInt32>, stride outStride: Int) {
        @inline(__always) func load(_ row: Int) -> SIMD8<UInt32> {
            UnsafeRawPointer(source + row * stride).loadUnaligned(as: SIMD8<UInt32>.self)
        }
        let v0 = load(0), v1 = load(1), v2 = load(2), v3 = load(3), v4 = load(4), v5 = load(5), v6 = load(6), v7 = load(7)
        // Interleave pairs of rows within each 128-bit lane (unpacklo / unpackhi).
        let t0 = SIMD8(v0[0], v1[0], v0[1], v1[1], v0[4], v1[4], v0[5], v1[5])
        let t1 = SIMD8(v0[2], v1[2], v0[3], v1[3], v0[6], v1[6], v0[7], v1[7])
        let t2 = SIMD8(v2[0], v3[0], v2[1], v3[1], v2[4], v3[4], v2[5], v3[5])
        let t3 = SIMD8(v2[2], v3[2], v2[3], v3[3], v2[6], v3[6], v2[7], v3[7])
        let t4 = SIMD8(v4[0], v5[0], v4[1], v5[1], v4[4], v5[4], v4[5], v5[5])
        let t5 = SIMD8(v4[2], v5[2], v4[3], v5[3], v4[6], v5[6], v4[7], v5[7])
        let t6 = SIMD8(v6[0], v7[0], v6[1], v7[1], v6[4], v7[4], v6[5], v7[5])
        let t7 = SIMD8(v6[2], v7[2], v6[3], v7[3], v6[6], v7[6], v6[7], v7[7])
        // Pairs of pairs: four rows' elements together in each 128-bit lane.
        let u0 = SIMD8(t0[0], t0[1], t2[0], t2[1], t0[4], t0[5], t2[4], t2[5])
        let u1 = SIMD8(t0[2], t0[3], t2[2], t2[3], t0[6], t0[7], t2[6], t2[7])
        let u2 = SIMD8(t1[0], t1[1], t3[0], t3[1], t1[4], t1[5], t3[4], t3[5])
        let u3 = SIMD8(t1[2], t1[3], t3[2], t3[3], t1[6], t1[7], t3[6], t3[7])
        let u4 = SIMD8(t4[0], t4[1], t6[0], t6[1], t4[4], t4[5], t6[4], t6[5])
        let u5 = SIMD8(t4[2], t4[3], t6[2], t6[3], t4[6], t4[7], t6[6], t6[7])
        let u6 = SIMD8(t5[0], t5[1], t7[0], t7[1], t5[4], t5[5], t7[4], t7[5])
        let u7 = SIMD8(t5[2], t5[3], t7[2], t7[3], t5[6], t5[7], t7[6], t7[7])
        // Join the lanes of rows 0-3 and 4-7.
        @inline(__always) func store(_ row: Int, _ low: SIMD4<UInt32>, _ high: SIMD4<UInt32>) {
            UnsafeMutableRawPointer(destination + row * outStride).storeBytes(of: SIMD8(lowHalf: low, highHalf: high), as: SIMD8<UInt32>.self)
        }
        store(0, u0.lowHalf, u4.lowHalf)
        store(1, u1.lowHalf, u5.lowHalf)
        store(2, u2.lowHalf, u6.lowHalf)
        store(3, u3.lowHalf, u7.lowHalf)
        store(4, u0.highHalf, u4.highHalf)
        store(5, u1.highHalf, u5.highHalf)
        store(6, u2.highHalf, u6.highHalf)
        store(7, u3.highHalf, u7.highHalf)
    }
}
