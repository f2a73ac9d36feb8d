/// The textbook row softmax: the eager evaluator's `softmax` and `logSoftmax` along the last
/// axis, the oracle the row kernel is tested against.
///
/// NumPy equivalent: `e = np.exp(x - x.max(-1, keepdims=True)); e / e.sum(-1, keepdims=True)`,
/// and `(x - max) - np.log(e.sum(-1, keepdims=True))`.
///
/// One element at a time with the scalar definitions of `ScalarSemantics.swift` (the C
/// library's `exp` and `log`), the maximum propagating NaN, the exponentials summed in float64
/// in order. It shares nothing with the row kernel but those definitions.
extension RowSoftmax {
    /// Softmax (or its log) of each of the `rows` rows of `width` contiguous elements of
    /// `input` into the contiguous `out`.
    package static func reference(dtype: DType, input: StridedOperand, rows: Int, width: Int, out: UnsafeMutableRawPointer,
                                 logarithmic: Bool) {
        switch dtype {
        case .float32: loop(input, rows, width, out, Float.self, logarithmic: logarithmic)
        case .float64: loop(input, rows, width, out, Double.self, logarithmic: logarithmic)
        default: preconditionFailure("[softmax] the row kernel takes float32 or float64, not \(dtype)")
        }
    }

    private static func loop<T: FloatingElement>(_ input: StridedOperand, _ rows: Int, _ width: Int,
                                                 _ out: UnsafeMutableRawPointer, _: T.Type, logarithmic: Bool) {
        let x = input.typed(T.self) + input.view.offset
        let y = out.assumingMemoryBound(to: T.self)
        for row in 0..<rows {
            let values = x + row * width, results = y + row * width
            var maximum = -T.infinity
            for i in 0..<width {
                let value = values[i]
                if value.isNaN { maximum = .nan; break }
                if value > maximum { maximum = value }
            }
            var sum = 0.0
            for i in 0..<width { sum += Double(T.exp(values[i] - maximum)) }
            for i in 0..<width {
                let shifted = values[i] - maximum
                results[i] = logarithmic ? shifted - T(Double.log(sum)) : T.exp(shifted) / T(sum)
            }
        }
    }
}
