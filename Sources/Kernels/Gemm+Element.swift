/// The element types `Gemm` multiplies, with the blocking sizes and micro-kernel for each.
///
/// NumPy equivalent: the dtype dispatch in `np.matmul`, which picks BLAS `sgemm` or `dgemm`.
/// The driver is generic over this protocol and specialized for `Float` and `Double`
/// (`@_specialize`), so every call below resolves statically to the concrete kernel.
///
/// Blocking (BLIS/GotoBLAS, for this machine: 48 KiB L1d, 2 MiB L2 per core, large shared L3):
/// - `kc`: one packed `kc x nr` micro-panel of B (reused for every micro-tile row) plus one
///   `mr x kc` micro-panel of A stay in L1.
/// - `mc`: the packed `mc x kc` block of A stays in L2 while every column panel of B streams
///   past it.
/// - `nc`: the packed `kc x nc` block of B lives in L3.
protocol GemmElement: BinaryFloatingPoint, Sendable {
    /// Rows of C in one micro-tile (broadcast elements of A per k step).
    static var gemmMR: Int { get }
    /// Columns of C in one micro-tile (two SIMD vectors of B per k step).
    static var gemmNR: Int { get }
    /// Depth of one packed block (the K step of the block loops).
    static var gemmKC: Int { get }
    /// Rows of A packed per block; a multiple of `gemmMR`.
    static var gemmMC: Int { get }
    /// Columns of B packed per block; a multiple of `gemmNR`.
    static var gemmNC: Int { get }

    /// Computes one full `gemmMR x gemmNR` tile `T = Apanel * Bpanel` over `kc` steps and
    /// stores `T` (or `C + T` when `accumulate`) to `c` with row stride `cRowStride`.
    static func gemmMicroKernel(kc: Int, a: UnsafePointer<Self>, b: UnsafePointer<Self>,
                                c: UnsafeMutablePointer<Self>, cRowStride: Int, accumulate: Bool)
}

extension Float: GemmElement {
    /// 6 rows: 6 x 2 = 12 ymm accumulators, 2 for B and 1 broadcast of A (15 of 16 registers).
    static var gemmMR: Int { 6 }
    /// 16 columns: two `SIMD8<Float>` (ymm) vectors.
    static var gemmNR: Int { 16 }
    /// 384 x 16 x 4 B = 24 KiB B micro-panel + 9 KiB A micro-panel in the 48 KiB L1d.
    static var gemmKC: Int { 384 }
    /// 96 x 384 x 4 B = 144 KiB of packed A in L2. Measured (1024^3, 1 thread): kc 256...512
    /// and mc 72...144 all within 2%; larger A blocks lose a few percent (TLB reach).
    static var gemmMC: Int { 96 }
    /// 384 x 2048 x 4 B = 3 MiB of packed B, in L3.
    static var gemmNC: Int { 2048 }

    /// The AVX2 6x16 micro-kernel; see `Gemm.microKernel6x16`.
    static func gemmMicroKernel(kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                                c: UnsafeMutablePointer<Float>, cRowStride: Int, accumulate: Bool) {
        Gemm.microKernel6x16(kc: kc, a: a, b: b, c: c, cRowStride: cRowStride, accumulate: accumulate)
    }
}

extension Double: GemmElement {
    /// 6 rows: 6 x 2 = 12 ymm accumulators, as for `Float`.
    static var gemmMR: Int { 6 }
    /// 8 columns: two `SIMD4<Double>` (ymm) vectors.
    static var gemmNR: Int { 8 }
    /// 256 x 8 x 8 B = 16 KiB B micro-panel + 12 KiB A micro-panel in the 48 KiB L1d.
    static var gemmKC: Int { 256 }
    /// 72 x 256 x 8 B = 144 KiB of packed A in L2. Measured (1024^3, 1 thread): mc 48...96
    /// within 2%, mc >= 120 (240 KiB and up) 12% slower, kc 128 or 192 10-15% slower.
    static var gemmMC: Int { 72 }
    /// 256 x 2048 x 8 B = 4 MiB of packed B, in L3.
    static var gemmNC: Int { 2048 }

    /// The AVX2 6x8 micro-kernel; see `Gemm.microKernel6x8`.
    static func gemmMicroKernel(kc: Int, a: UnsafePointer<Double>, b: UnsafePointer<Double>,
                                c: UnsafeMutablePointer<Double>, cRowStride: Int, accumulate: Bool) {
        Gemm.microKernel6x8(kc: kc, a: a, b: b, c: c, cRowStride: cRowStride, accumulate: accumulate)
    }
}

