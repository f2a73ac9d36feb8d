/// A batched matrix product between buffers, optionally with an elementwise epilogue fused into
/// its store: the kernel behind `matmul`.
///
/// NumPy equivalent: `np.matmul(a, b)` on operands already broadcast to one batch shape; with an
/// epilogue, e.g. `np.maximum(a @ w + bias, 0)` computed while each tile of the product is still
/// in cache, so the output is written once.
///
/// The operands are read in place through their views (transposed, sliced, broadcast batch
/// axes): `Gemm` packs every block it multiplies anyway, and its packing applies any strides, so
/// a separate contiguous copy would only add a pass over memory. float32 and float64 run on
/// `Gemm`, or for a single output row or column on the matrix-vector loops of
/// `MatrixProduct+Vector.swift`; integers and bool, which BLAS does not cover either, run the plain loop of
/// `MatrixProduct+Reference.swift` (exact: integer sums wrap as NumPy's do) and then the epilogue.
package struct MatrixProduct: Sendable {
    /// The left operand: buffer slot, dtype and a view of shape `batch + [m, k]`.
    package var a: KernelInput
    /// The right operand: a view of shape `batch + [k, n]` (same batch shape, same dtype as `a`).
    package var b: KernelInput
    /// The output buffer: `batch * m * n` contiguous elements of the operands' dtype, row-major.
    package var outputSlot: Int
    /// Elementwise work run in place on every finished tile of the output, or nil.
    ///
    /// Its iteration space is the output in row-major order (any shape with that order), its
    /// inputs may be any strided views over it (the product itself from `outputSlot`, a bias
    /// broadcast along rows, a scalar), and its only output is `outputSlot` again. Reading and
    /// then writing the same element in place is safe: every instruction is elementwise and the
    /// stored instruction is the last one.
    package var epilogue: PreparedProgram?

    package init(a: KernelInput, b: KernelInput, outputSlot: Int, epilogue: PreparedProgram?) {
        precondition(a.dtype == b.dtype && a.view.shape.count >= 2 && a.view.shape.count == b.view.shape.count,
                     "[matmul] operands must have one dtype and equal ranks >= 2")
        self.a = a
        self.b = b
        self.outputSlot = outputSlot
        self.epilogue = epilogue
    }

    /// The operands' (and output's) dtype.
    package var dtype: DType { a.dtype }
    /// The batch axes (all but the last two of the operands).
    package var batchShape: [Int] { Array(a.view.shape.dropLast(2)) }
    /// Rows of each output matrix.
    package var m: Int { a.view.shape[a.view.shape.count - 2] }
    /// Columns of each output matrix.
    package var n: Int { b.view.shape[b.view.shape.count - 1] }
    /// The summed dimension.
    package var k: Int { a.view.shape[a.view.shape.count - 1] }
    /// The number of matrices multiplied.
    package var batchCount: Int { batchShape.reduce(1, *) }

    /// Operand bytes read once each (a broadcast batch axis is read once), the output written
    /// once, and the epilogue's inputs other than the output read once.
    package var bytesMoved: Int {
        func distinct(_ view: View) -> Int {
            zip(view.shape, view.strides).reduce(1) { $1.1 == 0 ? $0 : $0 * $1.0 }
        }
        let size = dtype.byteSize
        var bytes = (distinct(a.view) + distinct(b.view) + batchCount * m * n) * size
        for input in epilogue?.program.inputs ?? [] where input.slot != outputSlot {
            bytes += distinct(input.view) * input.dtype.byteSize
        }
        return bytes
    }

    /// Computes the product (and its epilogue) into `buffers[outputSlot]`, reading the operands
    /// from `buffers[a.slot]` and `buffers[b.slot]`, with up to `threads` threads.
    package func run(buffers: [UnsafeMutableRawPointer], threads: Int) {
        switch dtype {
        case .float32: runGemm(Float.self, buffers: buffers, threads: threads)
        case .float64: runGemm(Double.self, buffers: buffers, threads: threads)
        case .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64, .bool, .float16, .bfloat16:
            MatrixProduct.reference(dtype: dtype,
                                    a: StridedOperand(base: UnsafeRawPointer(buffers[a.slot]), view: a.view),
                                    b: StridedOperand(base: UnsafeRawPointer(buffers[b.slot]), view: b.view),
                                    out: buffers[outputSlot])
            if let epilogue {
                // The whole output is one finished tile.
                MatrixProduct.applyEpilogue(epilogue, buffers: buffers, matrixStart: 0, rowLength: n,
                                            rows: 0..<(batchCount * m), columns: 0..<n)
            }
        }
    }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    private func runGemm<T: GemmElement & SIMDScalar>(_: T.Type, buffers: [UnsafeMutableRawPointer], threads: Int) {
        let (m, n, k) = (self.m, self.n, self.k)
        let aOffsets = MatrixProduct.matrixOffsets(a.view), bOffsets = MatrixProduct.matrixOffsets(b.view)
        let rank = a.view.shape.count
        let shared = Gemm.UncheckedSendable((buffers: buffers, a: UnsafePointer(buffers[a.slot].assumingMemoryBound(to: T.self)),
                                             b: UnsafePointer(buffers[b.slot].assumingMemoryBound(to: T.self)),
                                             c: buffers[outputSlot].assumingMemoryBound(to: T.self)))
        let (aRow, aCol) = (a.view.strides[rank - 2], a.view.strides[rank - 1])
        let (bRow, bCol) = (b.view.strides[rank - 2], b.view.strides[rank - 1])
        let epilogue = self.epilogue
        @Sendable func multiply(_ matrix: Int, threads: Int) {
            let (a, b, c) = (shared.value.a + aOffsets[matrix], shared.value.b + bOffsets[matrix], shared.value.c + matrix * m * n)
            // One output row or column: a matrix-vector product (MatrixProduct+Vector.swift).
            let vector = n == 1
                ? MatrixProduct.vectorProduct(outputs: m, k: k, x: b, xStride: bRow, matrix: a, outerStride: aRow, innerStride: aCol,
                                              c: c, threads: threads)
                : m == 1 && MatrixProduct.vectorProduct(outputs: n, k: k, x: a, xStride: aCol, matrix: b, outerStride: bCol,
                                                        innerStride: bRow, c: c, threads: threads)
            if vector {
                if let epilogue {
                    MatrixProduct.applyEpilogue(epilogue, buffers: shared.value.buffers, matrixStart: matrix * m * n, rowLength: n,
                                                rows: 0..<m, columns: 0..<n)
                }
                return
            }
            let tileEpilogue = epilogue.map { program in
                GemmEpilogue<T> { tile in
                    MatrixProduct.applyEpilogue(program, buffers: shared.value.buffers, matrixStart: matrix * m * n, rowLength: n,
                                                rows: tile.rowStart..<(tile.rowStart + tile.rows),
                                                columns: tile.colStart..<(tile.colStart + tile.cols))
                }
            }
            Gemm.run(Gemm.Problem(m: m, n: n, k: k, a: a, aRowStride: aRow, aColStride: aCol,
                                  b: b, bRowStride: bRow, bColStride: bCol, c: c, cRowStride: n),
                     threads: threads, epilogue: tileEpilogue)
        }
        let batches = batchCount
        // Many products each too small for Gemm to split: give each worker whole matrices
        // instead (every matrix is still computed by the same serial code, so results do not
        // depend on the thread count).
        let workers = min(threads, batches)
        if workers > 1 && m * n * k < Gemm.parallelThreshold && batches * m * n * k >= Gemm.parallelThreshold {
            SharedWork.forEachRange(count: batches, workers: workers) { range in
                for matrix in range { multiply(matrix, threads: 1) }
            }
        } else {
            for matrix in 0..<batches { multiply(matrix, threads: threads) }
        }
    }

    /// The element offset of each matrix of `view` (shape `batch + [rows, cols]`), by flat
    /// batch index in row-major order.
    static func matrixOffsets(_ view: View) -> [Int] {
        let batchShape = view.shape.dropLast(2)
        let batchView = View(shape: Array(batchShape), strides: Array(view.strides.prefix(batchShape.count)), offset: view.offset)
        var offsets: [Int] = []
        offsets.reserveCapacity(batchView.count)
        var index = [Int](repeating: 0, count: batchShape.count)
        for _ in 0..<batchView.count {
            offsets.append(batchView.offset(of: index))
            // Advance the odometer over the batch axes.
            var axis = index.count - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < batchView.shape[axis] { break }
                index[axis] = 0
                axis -= 1
            }
        }
        return offsets
    }
}
