/// The plain scan: the eager evaluator's `cumsum` and `cumprod`, the oracle the scan kernel is
/// tested against.
///
/// NumPy equivalent: `np.cumsum(a, axis)`, `np.cumprod(a, axis)`.
///
/// One element at a time, line by line, with the scalar definitions of `ScalarSemantics.swift`,
/// in the order `AxisScan.chunkLength` fixes (NumPy's within each chunk, then the final value
/// before the chunk combined with each local one): the order is the kernel's, the loops are not.
extension AxisScan {
    /// The scan of the contiguous `(outer, length, inner)` array `input` along its middle axis
    /// into the contiguous `out`.
    package static func reference(_ op: ScanOp, dtype: DType, input: UnsafeRawPointer, out: UnsafeMutableRawPointer,
                                  outer: Int, length: Int, inner: Int) {
        switch dtype {
        case .float32: loop(op, input, out, outer, length, inner, Float.self)
        case .float64: loop(op, input, out, outer, length, inner, Double.self)
        case .int64: loop(op, input, out, outer, length, inner, Int64.self)
        case .uint64: loop(op, input, out, outer, length, inner, UInt64.self)
        default: preconditionFailure("[\(op.rawValue)] the scan takes float32, float64, int64 or uint64, not \(dtype)")
        }
    }

    private static func loop<T: ArithmeticElement>(_ op: ScanOp, _ input: UnsafeRawPointer, _ out: UnsafeMutableRawPointer,
                                                   _ outer: Int, _ length: Int, _ inner: Int, _: T.Type) {
        guard length > 0 else { return }
        let x = input.assumingMemoryBound(to: T.self), y = out.assumingMemoryBound(to: T.self)
        let chunk = chunkLength(length: length, inner: inner)
        let combine: (T, T) -> T = switch op {
        case .sum: { T.add($0, $1) }
        case .product: { T.multiply($0, $1) }
        }
        for o in 0..<outer {
            for column in 0..<inner {
                let line = o * length * inner + column
                var local = x[line]
                for position in 0..<length {
                    let index = line + position * inner
                    if position % chunk == 0 {
                        local = x[index]
                    } else {
                        local = combine(local, x[index])
                    }
                    // Every chunk after the line's first: the final value before it, combined with the local one.
                    y[index] = position >= chunk ? combine(y[line + (position - position % chunk - 1) * inner], local) : local
                }
            }
        }
    }
}
