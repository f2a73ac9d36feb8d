/// Matrix-vector products (one output row or one output column): BLAS `gemv`.
///
/// NumPy equivalent: `np.matmul(w, x)` with a 1-D `x` (or a 1-D `w`), `np.dot(x, x)`; NumPy
/// calls BLAS `sgemv`/`sdot` for these rather than `sgemm`.
///
/// `Gemm` would pad a single column of C to a 16-wide micro-tile (and a single row to 6), doing
/// 16 (or 96 for a dot product) times the useful work; these loops do none of that. Each output
/// element is one dot product of a row of A with a column of B when those are contiguous, or
/// C's row/column is built up as `sum_p x[p] * column_p` ("axpy" form) when the contiguous
/// direction is the other one. The summation order depends only on `k`, never on the thread
/// split, so results are bitwise the same for every thread count.
extension MatrixProduct {
    /// Computes `c[i * cStride]` for `i in 0..<outputs`, output `i` being the dot product of the
    /// `k`-vectors `x` (fixed, stride `xStride`) and `matrix + i * outerStride` (stride
    /// `innerStride`), when one of the layouts above fits; returns false (nothing done) otherwise.
    ///
    /// For `n == 1`: `x` is the column of B, the matrix is A (rows `outerStride = aRowStride`).
    /// For `m == 1`: `x` is the row of A, the matrix is B seen transposed.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    static func vectorProduct<T: GemmElement & SIMDScalar>(outputs: Int, k: Int, x: UnsafePointer<T>, xStride: Int,
                                                           matrix: UnsafePointer<T>, outerStride: Int, innerStride: Int,
                                                           c: UnsafeMutablePointer<T>, threads: Int) -> Bool {
        let dotForm = innerStride == 1 && xStride == 1
        let axpyForm = outerStride == 1
        guard dotForm || axpyForm else { return false }
        let shared = Gemm.UncheckedSendable((x: x, matrix: matrix, c: c))
        @Sendable func part(_ range: Range<Int>) {
            let (x, matrix, c) = shared.value
            if dotForm {
                for i in range { c[i] = dot(x, matrix + i * outerStride, k) }
            } else {
                // c[range] = sum_p x[p] * matrix[range, p]: each step reads one contiguous piece.
                for i in range { c[i] = 0 }
                for p in 0..<k {
                    let scale = x[p * xStride]
                    let column = matrix + p * innerStride
                    for i in range { c[i] += scale * column[i] }
                }
            }
        }
        // Parts depend on the size only; about 1M multiply-adds each before a thread pays off.
        let parts = min(max(threads, 1), max(1, outputs * k / Gemm.parallelThreshold), outputs)
        SharedWork.forEachRange(count: outputs, workers: parts) { part($0) }
        return true
    }

    /// The dot product of two contiguous `k`-vectors: four 8-lane accumulators of fused
    /// multiply-adds (a scalar float sum does not vectorize: it may not be reassociated), then
    /// the tail, then the lanes summed in a fixed order.
    @inline(__always)
    private static func dot<T: GemmElement & SIMDScalar>(_ x: UnsafePointer<T>, _ y: UnsafePointer<T>, _ k: Int) -> T {
        var s0 = SIMD8<T>(), s1 = SIMD8<T>(), s2 = SIMD8<T>(), s3 = SIMD8<T>()
        let rawX = UnsafeRawPointer(x), rawY = UnsafeRawPointer(y)
        let stride = MemoryLayout<T>.stride
        var p = 0
        while p + 32 <= k {
            s0.addProduct(rawX.loadUnaligned(fromByteOffset: p * stride, as: SIMD8<T>.self),
                          rawY.loadUnaligned(fromByteOffset: p * stride, as: SIMD8<T>.self))
            s1.addProduct(rawX.loadUnaligned(fromByteOffset: (p + 8) * stride, as: SIMD8<T>.self),
                          rawY.loadUnaligned(fromByteOffset: (p + 8) * stride, as: SIMD8<T>.self))
            s2.addProduct(rawX.loadUnaligned(fromByteOffset: (p + 16) * stride, as: SIMD8<T>.self),
                          rawY.loadUnaligned(fromByteOffset: (p + 16) * stride, as: SIMD8<T>.self))
            s3.addProduct(rawX.loadUnaligned(fromByteOffset: (p + 24) * stride, as: SIMD8<T>.self),
                          rawY.loadUnaligned(fromByteOffset: (p + 24) * stride, as: SIMD8<T>.self))
            p += 32
        }
        while p + 8 <= k {
            s0.addProduct(rawX.loadUnaligned(fromByteOffset: p * stride, as: SIMD8<T>.self),
                          rawY.loadUnaligned(fromByteOffset: p * stride, as: SIMD8<T>.self))
            p += 8
        }
        var sum = ((s0 + s1) + (s2 + s3)).sum()
        while p < k {
            sum = sum.addingProduct(x[p], y[p])
            p += 1
        }
        return sum
    }
}
