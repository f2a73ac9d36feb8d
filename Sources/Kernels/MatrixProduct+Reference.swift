/// The textbook matrix product: the eager evaluator's `matmul`, the oracle every fused product
/// is tested against, and the integer and bool product of fused evaluation.
///
/// NumPy equivalent: `np.matmul(a, b)` (NumPy's own integer matmul is this same loop; BLAS
/// has no integer GEMM).
///
/// Each element is `sum = 0; for p in 0..<k { sum = sum + a[i, p] * b[p, j] }` in increasing
/// `p`, with the scalar `add` and `multiply` of `ScalarSemantics.swift` (integers wrap; no fused
/// multiply-add for floats, which Swift never contracts by itself), and for bool an OR of ANDs,
/// as NumPy computes bool matmul. It shares nothing with `Gemm` but the definition of `+` and `*`.
extension MatrixProduct {
    /// `out[batch, i, j] = sum_p a[batch, i, p] * b[batch, p, j]` into the contiguous `out`.
    ///
    /// - Parameters:
    ///   - dtype: The operands' and the result's dtype.
    ///   - a: Shape `batch + [m, k]`, any strides.
    ///   - b: Shape `batch + [k, n]`, any strides.
    ///   - out: Room for `batch * m * n` elements, written row-major.
    package static func reference(dtype: DType, a: StridedOperand, b: StridedOperand, out: UnsafeMutableRawPointer) {
        switch dtype {
        case .float32: loop(a, b, out, Float.self, zero: 0) { Float.add($0, Float.multiply($1, $2)) }
        case .float64: loop(a, b, out, Double.self, zero: 0) { Double.add($0, Double.multiply($1, $2)) }
        case .int8: loop(a, b, out, Int8.self, zero: 0) { Int8.add($0, Int8.multiply($1, $2)) }
        case .int16: loop(a, b, out, Int16.self, zero: 0) { Int16.add($0, Int16.multiply($1, $2)) }
        case .int32: loop(a, b, out, Int32.self, zero: 0) { Int32.add($0, Int32.multiply($1, $2)) }
        case .int64: loop(a, b, out, Int64.self, zero: 0) { Int64.add($0, Int64.multiply($1, $2)) }
        case .uint8: loop(a, b, out, UInt8.self, zero: 0) { UInt8.add($0, UInt8.multiply($1, $2)) }
        case .uint16: loop(a, b, out, UInt16.self, zero: 0) { UInt16.add($0, UInt16.multiply($1, $2)) }
        case .uint32: loop(a, b, out, UInt32.self, zero: 0) { UInt32.add($0, UInt32.multiply($1, $2)) }
        case .uint64: loop(a, b, out, UInt64.self, zero: 0) { UInt64.add($0, UInt64.multiply($1, $2)) }
        case .bool: loop(a, b, out, BoolByte.self, zero: BoolByte(rawValue: 0)) { BoolByte.bitOr($0, BoolByte.bitAnd($1, $2)) }
        case .float16, .bfloat16: preconditionFailure("[matmul] has no kernel for \(dtype): half precision computes in float32")
        }
    }

    @inline(__always)
    private static func loop<T>(_ a: StridedOperand, _ b: StridedOperand, _ out: UnsafeMutableRawPointer, _: T.Type,
                                zero: T, _ multiplyAdd: (T, T, T) -> T) {
        let rank = a.view.shape.count
        let (m, k, n) = (a.view.shape[rank - 2], a.view.shape[rank - 1], b.view.shape[rank - 1])
        let (aRow, aCol) = (a.view.strides[rank - 2], a.view.strides[rank - 1])
        let (bRow, bCol) = (b.view.strides[rank - 2], b.view.strides[rank - 1])
        let aOffsets = matrixOffsets(a.view), bOffsets = matrixOffsets(b.view)
        let x = a.typed(T.self), y = b.typed(T.self)
        let c = out.assumingMemoryBound(to: T.self)
        for matrix in aOffsets.indices {
            let result = c + matrix * m * n
            for i in 0..<m {
                for j in 0..<n {
                    var sum = zero
                    for p in 0..<k {
                        sum = multiplyAdd(sum, x[aOffsets[matrix] + i * aRow + p * aCol], y[bOffsets[matrix] + p * bRow + j * bCol])
                    }
                    result[i * n + j] = sum
                }
            }
        }
    }
}
