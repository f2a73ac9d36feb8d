/// Dense matrix multiplication, `C = A @ B`, BLIS/GotoBLAS style, in Swift.
///
/// NumPy equivalent: `np.matmul(a, b, out=c)` on 2-D float32/float64 operands (BLAS
/// `sgemm`/`dgemm` with alpha = 1, beta = 0).
///
/// How it runs (one worker's view; see `serialMultiply`):
/// ```
/// for jc in 0..<n by nc                      // B block: kc x nc, packed, lives in L3
///   for pc in 0..<k by kc                    // one K block at a time
///     pack B[pc.., jc..] into nr-column panels
///     for ic in 0..<m by mc                  // A block: mc x kc, packed, lives in L2
///       pack A[ic.., pc..] into mr-row panels
///       for each 16 * nr column chunk          // the epilogue's tile when pc is the last block
///         for jr in chunk by nr              // one B micro-panel, kept in L1
///           for ir in 0..<mc by mr           // one A micro-panel
///             micro-kernel: C[ir.., jr..] (+)= Apanel * Bpanel   (mr x nr in registers)
///         epilogue(chunk) when pc is the last K block
/// ```
/// Threads split C into `threads` column ranges, or row ranges when C is taller than wide, and
/// each worker runs the loops above on its part with its own packing buffers. Every worker
/// packs all of the operand that is not split, so splitting the longer side of C repeats the
/// cheaper packing (for 1024^3 on 2 threads: 1.5M packed elements per worker against 0.5G
/// multiply-adds). No synchronization between workers beyond the final join.
///
/// Summation order, and so determinism: element C[i, j] is
/// `((S_0 + S_1) + S_2) + ...` where `S_q` is the K block `q * kc ..< (q + 1) * kc`
/// summed in increasing k by fused multiply-adds from zero (see `microKernel6x16`). The blocks
/// depend only on `kc`, never on the thread split or on where the element sits in a tile, so
/// results are bitwise identical for every thread count and every position; they differ from a
/// naive loop by rounding only (about `k * eps * sum |a||b|` at worst).
enum Gemm {
    /// Wraps a value holding raw pointers so it can cross into a `@Sendable` closure (Swift 6
    /// rejects capturing raw pointers there), e.g. the operand pointers of a matrix product.
    /// Safe for what `Gemm` shares this way: read-only operands, and C, of which every worker
    /// and every epilogue call writes a disjoint part.
    struct UncheckedSendable<Value>: @unchecked Sendable {
        /// The wrapped value.
        let value: Value
        /// Wraps `value`.
        init(_ value: Value) { self.value = value }
    }

    /// One multiplication (or a worker's part of one): operands with their strides, and where
    /// this part of C sits in the caller's C (for the epilogue's tile coordinates).
    struct Problem<T>: @unchecked Sendable {
        /// Rows of A and C.
        var m: Int
        /// Columns of B and C.
        var n: Int
        /// Columns of A, rows of B (the summed dimension).
        var k: Int
        /// Element (0, 0) of A.
        var a: UnsafePointer<T>
        /// Elements between rows of A.
        var aRowStride: Int
        /// Elements between columns of A.
        var aColStride: Int
        /// Element (0, 0) of B.
        var b: UnsafePointer<T>
        /// Elements between rows of B.
        var bRowStride: Int
        /// Elements between columns of B.
        var bColStride: Int
        /// Element (0, 0) of C; its columns are contiguous.
        var c: UnsafeMutablePointer<T>
        /// Elements between rows of C.
        var cRowStride: Int
        /// Row of the caller's C that this part's row 0 is.
        var rowStart = 0
        /// Column of the caller's C that this part's column 0 is.
        var colStart = 0

        /// The part of the problem that computes rows `range` of C.
        func rows(_ range: Range<Int>) -> Problem {
            var part = self
            part.m = range.count
            part.a += range.lowerBound * aRowStride
            part.c += range.lowerBound * cRowStride
            part.rowStart += range.lowerBound
            return part
        }

        /// The part of the problem that computes columns `range` of C.
        func cols(_ range: Range<Int>) -> Problem {
            var part = self
            part.n = range.count
            part.b += range.lowerBound * bColStride
            part.c += range.lowerBound
            part.colStart += range.lowerBound
            return part
        }
    }

    /// Below this many multiply-adds (`m * n * k`) one thread does the whole product: about
    /// 5 µs of work, well above the ~1 µs of handing a part to a helper (`SharedWork`). (At
    /// 1 << 20, the products of an MLP's 10-wide layer, 128 x 256 @ 256 x 10, ran serially:
    /// 19 -> 14 µs on 2 threads.)
    static let parallelThreshold = 1 << 18
    /// Elements of B (`k * n`) below which a product is split by rows however wide it is:
    /// 256 KiB of float32, packed from L2 by each worker.
    static let smallB = 1 << 16

    /// `C[m, n] = sum_k A[m, k] * B[k, n]` in `Float`, then `epilogue` on each finished block.
    ///
    /// NumPy equivalent: `np.matmul(a, b, out=c)` for float32 (BLAS `sgemm`).
    ///
    /// - Parameters:
    ///   - m, n, k: The shapes: A is `m x k`, B is `k x n`, C is `m x n`. Any may be 0
    ///     (`k == 0` gives a zero C, then the epilogue).
    ///   - a: Element (0, 0) of A. Element (i, p) is `a[i * aRowStride + p * aColStride]`, so a
    ///     transposed operand is read in place (`aRowStride = 1, aColStride = lda`).
    ///   - b: Element (0, 0) of B; element (p, j) is `b[p * bRowStride + j * bColStride]`.
    ///   - c: Element (0, 0) of C; element (i, j) is `c[i * cRowStride + j]`. Overwritten, never
    ///     read before being written (may hold garbage). Must not overlap A or B.
    ///   - threads: Workers to use (1 = serial on the calling thread); problems under
    ///     `parallelThreshold` run serially anyway.
    ///   - epilogue: Runs once on every element of C after its full sum; see `GemmEpilogue`.
    static func multiply(m: Int, n: Int, k: Int,
                         a: UnsafePointer<Float>, aRowStride: Int, aColStride: Int,
                         b: UnsafePointer<Float>, bRowStride: Int, bColStride: Int,
                         c: UnsafeMutablePointer<Float>, cRowStride: Int,
                         threads: Int,
                         epilogue: GemmEpilogue<Float>?) {
        run(Problem(m: m, n: n, k: k, a: a, aRowStride: aRowStride, aColStride: aColStride,
                    b: b, bRowStride: bRowStride, bColStride: bColStride,
                    c: c, cRowStride: cRowStride),
            threads: threads, epilogue: epilogue)
    }

    /// `C[m, n] = sum_k A[m, k] * B[k, n]` in `Double`, then `epilogue` on each finished block.
    ///
    /// NumPy equivalent: `np.matmul(a, b, out=c)` for float64 (BLAS `dgemm`). Parameters as for
    /// the `Float` version.
    static func multiply(m: Int, n: Int, k: Int,
                         a: UnsafePointer<Double>, aRowStride: Int, aColStride: Int,
                         b: UnsafePointer<Double>, bRowStride: Int, bColStride: Int,
                         c: UnsafeMutablePointer<Double>, cRowStride: Int,
                         threads: Int,
                         epilogue: GemmEpilogue<Double>?) {
        run(Problem(m: m, n: n, k: k, a: a, aRowStride: aRowStride, aColStride: aColStride,
                    b: b, bRowStride: bRowStride, bColStride: bColStride,
                    c: c, cRowStride: cRowStride),
            threads: threads, epilogue: epilogue)
    }

    /// Splits the problem among workers and runs each part.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    static func run<T: GemmElement>(_ problem: Problem<T>, threads: Int, epilogue: GemmEpilogue<T>?) {
        precondition(problem.m >= 0 && problem.n >= 0 && problem.k >= 0,
                     "[matmul] negative shape (\(problem.m), \(problem.k)) @ (\(problem.k), \(problem.n))")
        if problem.m == 0 || problem.n == 0 { return }
        // Split the longer side, unless B is small: then each worker packs all of it cheaply,
        // and its tiles stay whole rows, which an epilogue runs as one run of blocks instead of
        // row by row (dh = g @ W2ᵀ of a 784-256-10 MLP, 128 x 10 @ 10 x 256: 38 -> 20 µs).
        let splitColumns = problem.n >= problem.m && problem.k * problem.n > smallB
        // Parts are whole micro-tiles wide, so no worker gets a needless edge tile.
        let unit = splitColumns ? T.gemmNR : T.gemmMR
        let extent = splitColumns ? problem.n : problem.m
        let parts = problem.m * problem.n * problem.k < parallelThreshold
            ? 1 : max(1, min(threads, (extent + unit - 1) / unit))
        if parts == 1 {
            serialMultiply(problem, epilogue: epilogue)
            return
        }
        // One piece per worker: each piece packs all of A (or B) for its share.
        SharedWork.forEachRange(count: (extent + unit - 1) / unit, workers: parts, piecesPerWorker: 1) { tiles in
            let range = (tiles.lowerBound * unit)..<min(extent, tiles.upperBound * unit)
            serialMultiply(splitColumns ? problem.cols(range) : problem.rows(range), epilogue: epilogue)
        }
    }

    /// Runs the blocked loops (see `Gemm`) for one worker's part on the calling thread.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    static func serialMultiply<T: GemmElement>(_ p: Problem<T>, epilogue: GemmEpilogue<T>?) {
        let mr = T.gemmMR, nr = T.gemmNR
        if p.k == 0 {
            for i in 0..<p.m { (p.c + i * p.cRowStride).update(repeating: 0, count: p.n) }
            epilogue?.apply(GemmTile(base: p.c, rowStart: p.rowStart, colStart: p.colStart,
                                     rows: p.m, cols: p.n, rowStride: p.cRowStride))
            return
        }
        let kc = T.gemmKC, mc = T.gemmMC, nc = T.gemmNC
        // Epilogue tiles: mc rows x 16 micro-panels (96 x 256 Float, 72 x 128 Double: 96 and
        // 72 KiB), small enough to still be in L2 when the epilogue runs, and long rows for it.
        let chunk = 16 * nr
        let kcMax = min(kc, p.k)
        let packedACount = min(mc, (p.m + mr - 1) / mr * mr) * kcMax
        let packedBCount = kcMax * min(nc, (p.n + nr - 1) / nr * nr)
        // One 64-byte-aligned workspace: packed A, packed B, and one edge tile. The micro-kernel
        // loads B with aligned vector loads, and every B micro-panel starts at a multiple of
        // nr * kc elements, so it is aligned too.
        let size = MemoryLayout<T>.stride
        let bytesA = (packedACount * size + 63) / 64 * 64
        let bytesB = (packedBCount * size + 63) / 64 * 64
        let workspace = takeWorkspace(byteCount: bytesA + bytesB + mr * nr * size)
        defer { returnWorkspace(workspace) }
        let raw = workspace.base
        let packedA = raw.bindMemory(to: T.self, capacity: packedACount)
        let packedB = (raw + bytesA).bindMemory(to: T.self, capacity: packedBCount)
        let edge = (raw + bytesA + bytesB).bindMemory(to: T.self, capacity: mr * nr)

        for jc in stride(from: 0, to: p.n, by: nc) {
            let nb = min(nc, p.n - jc)
            for pc in stride(from: 0, to: p.k, by: kc) {
                let kb = min(kc, p.k - pc)
                let accumulate = pc > 0
                let lastBlock = pc + kb == p.k
                packB(depth: kb, cols: nb, b: p.b + pc * p.bRowStride + jc * p.bColStride,
                      rowStride: p.bRowStride, colStride: p.bColStride, into: packedB)
                for ic in stride(from: 0, to: p.m, by: mc) {
                    let mb = min(mc, p.m - ic)
                    packA(rows: mb, depth: kb, a: p.a + ic * p.aRowStride + pc * p.aColStride,
                          rowStride: p.aRowStride, colStride: p.aColStride, into: packedA)
                    for j0 in stride(from: 0, to: nb, by: chunk) {
                        let jw = min(chunk, nb - j0)
                        for jr in stride(from: j0, to: j0 + jw, by: nr) {
                            let w = min(nr, nb - jr)
                            let bPanel = UnsafePointer(packedB + jr * kb)
                            for ir in stride(from: 0, to: mb, by: mr) {
                                let h = min(mr, mb - ir)
                                let aPanel = UnsafePointer(packedA + ir * kb)
                                let cTile = p.c + (ic + ir) * p.cRowStride + jc + jr
                                if h == mr && w == nr {
                                    T.gemmMicroKernel(kc: kb, a: aPanel, b: bPanel, c: cTile,
                                                      cRowStride: p.cRowStride, accumulate: accumulate)
                                } else {
                                    // Edge tile: compute the full padded tile aside, then write
                                    // only its real h x w part, with the same one rounding per
                                    // element as a full tile.
                                    T.gemmMicroKernel(kc: kb, a: aPanel, b: bPanel, c: edge,
                                                      cRowStride: nr, accumulate: false)
                                    for i in 0..<h {
                                        let row = cTile + i * p.cRowStride
                                        for j in 0..<w {
                                            row[j] = accumulate ? row[j] + edge[i * nr + j] : edge[i * nr + j]
                                        }
                                    }
                                }
                            }
                        }
                        if lastBlock, let epilogue {
                            epilogue.apply(GemmTile(
                                base: p.c + ic * p.cRowStride + jc + j0,
                                rowStart: p.rowStart + ic, colStart: p.colStart + jc + j0,
                                rows: mb, cols: jw, rowStride: p.cRowStride))
                        }
                    }
                }
            }
        }
    }
}
