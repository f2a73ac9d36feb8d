/// A finished block of C, handed to a `GemmEpilogue` while it is still in cache.
///
/// `base` points at element (`rowStart`, `colStart`) of the whole C; columns are contiguous
/// and rows are `rowStride` elements apart. The block holds final values: the full K sum.
struct GemmTile<Element>: @unchecked Sendable {
    /// Element (`rowStart`, `colStart`) of C.
    let base: UnsafeMutablePointer<Element>
    /// The block's first row in C.
    let rowStart: Int
    /// The block's first column in C (index into a per-column bias).
    let colStart: Int
    /// Rows in the block.
    let rows: Int
    /// Columns in the block.
    let cols: Int
    /// Elements between rows of C.
    let rowStride: Int
}

/// Work fused into `Gemm`'s store: runs once on every element of C, right after that element's
/// full K sum is stored and while its block is still in L2 (no second pass over C in memory).
///
/// NumPy equivalent: the elementwise ops after `np.matmul`, e.g. `np.maximum(x @ w + b, 0)`;
/// BLAS has none (cuBLASLt calls this an epilogue).
///
/// `Gemm` calls `apply` exactly once per block of C it finishes (blocks tile C without
/// overlap), possibly from several threads at once on different blocks, so `apply` must touch
/// only its own tile. Build one from any tile function with `init(_:)`, or from a per-row function
/// with `init(eachRow:)`.
struct GemmEpilogue<Element>: Sendable {
    /// The tile function.
    let apply: @Sendable (GemmTile<Element>) -> Void

    /// An epilogue from a function of a whole tile.
    init(_ apply: @escaping @Sendable (GemmTile<Element>) -> Void) {
        self.apply = apply
    }

    /// An epilogue from a function of one contiguous row segment of a tile:
    /// `body(segment, row, colStart, count)` gets `count` elements of C row `row`, starting at
    /// column `colStart` (so a per-column operand is read at `operand + colStart`).
    init(eachRow body: @escaping @Sendable (UnsafeMutablePointer<Element>, Int, Int, Int) -> Void) {
        self.apply = { tile in
            for i in 0..<tile.rows {
                body(tile.base + i * tile.rowStride, tile.rowStart + i, tile.colStart, tile.cols)
            }
        }
    }
}
