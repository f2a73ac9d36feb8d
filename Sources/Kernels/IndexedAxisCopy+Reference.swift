/// The textbook gather and scatter-add along an axis: the eager evaluator's, the oracle the
/// `IndexedAxisCopy` kernel is tested against.
///
/// NumPy equivalent: `np.take(a, indices, axis)` and `np.add.at(zeros, index, a)`.
///
/// One element at a time over contiguous `[outer, axis, inner]` arrays, the scatter-add's
/// contributions added in ascending position order. It shares nothing with the kernel but the
/// order of the sums.
extension IndexedAxisCopy {
    /// `direction` applied to the contiguous `input` (`[outer, inputLength, inner]`) at
    /// `positions` into the contiguous `out` (`[outer, outputLength, inner]`).
    package static func reference(_ direction: IndexedAxisDirection, dtype: DType, input: UnsafeRawPointer, positions: [Int],
                                  outer: Int, inputLength: Int, inner: Int, outputLength: Int, out: UnsafeMutableRawPointer) {
        switch (direction, dtype) {
        case (.gather, _):
            let byteSize = dtype.byteSize
            for o in 0..<outer {
                for (j, position) in positions.enumerated() {
                    for i in 0..<inner {
                        (out + ((o * outputLength + j) * inner + i) * byteSize)
                            .copyMemory(from: input + ((o * inputLength + position) * inner + i) * byteSize, byteCount: byteSize)
                    }
                }
            }
        case (.scatterAdd, .float32): add(input, positions, outer, inputLength, inner, outputLength, out, Float.self)
        case (.scatterAdd, .float64): add(input, positions, outer, inputLength, inner, outputLength, out, Double.self)
        case (.scatterAdd, _): preconditionFailure("[scatter-add] adds float32 or float64, not \(dtype)")
        }
    }

    private static func add<T: FloatingElement>(_ input: UnsafeRawPointer, _ positions: [Int], _ outer: Int, _ inputLength: Int,
                                                _ inner: Int, _ outputLength: Int, _ out: UnsafeMutableRawPointer, _: T.Type) {
        let x = input.assumingMemoryBound(to: T.self), y = out.assumingMemoryBound(to: T.self)
        y.update(repeating: 0, count: outer * outputLength * inner)
        for o in 0..<outer {
            for (j, position) in positions.enumerated() {
                for i in 0..<inner { y[(o * outputLength + position) * inner + i] += x[(o * inputLength + j) * inner + i] }
            }
        }
    }
}
