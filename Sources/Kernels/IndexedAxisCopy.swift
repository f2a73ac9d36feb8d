/// Which way an indexed-axis kernel (`IndexedAxisCopy`) moves sub-arrays along its axis.
package enum IndexedAxisDirection: Hashable, Sendable {
    /// `out[o, j, i] = in[o, indices[j], i]`: NumPy's `np.take(a, indices, axis)`.
    case gather
    /// `out[o, indices[j], i] += in[o, j, i]` into zeros, `j` ascending: NumPy's
    /// `np.add.at(zeros, (..., indices), a)`, PyTorch's `index_add`. The transpose of a gather,
    /// so each is the other's derivative.
    case scatterAdd
}

/// A gather or scatter-add along one axis at positions known when the graph is built: the
/// kernel behind the derivatives of integer gathers, boolean masks and placed assignments.
///
/// NumPy equivalent: `np.take(a, indices, axis)` and `np.add.at(out, (slice(None),) * axis +
/// (indices,), a)`; PyTorch's `index_select` and `index_add`.
///
/// The arrays are seen as `[outer, axis, inner]`: the input through a strided 3-D view, the
/// output row-major. The positions are an int64 input (data, not structure, so a new batch's
/// indices reuse the plan). A scatter-add adds each output element's contributions in
/// ascending `j`, one worker per output element, so any thread count gives the same bits.
package struct IndexedAxisCopy: Sendable {
    package var direction: IndexedAxisDirection
    /// `[outer, length, inner]` for a gather (`length` the source axis), `[outer, count, inner]`
    /// for a scatter-add (`count` the number of positions).
    package var input: KernelInput
    /// The positions: an int64 view of `count` elements, each in `0..<` the gathered axis.
    package var indices: KernelInput
    /// The output buffer: `outer * outputLength * inner` contiguous elements of the input's dtype.
    package var outputSlot: Int
    /// The output's length along the axis: `count` for a gather, the target length for a
    /// scatter-add.
    package var outputLength: Int

    package init(direction: IndexedAxisDirection, input: KernelInput, indices: KernelInput, outputSlot: Int, outputLength: Int) {
        precondition(input.view.shape.count == 3 && indices.view.shape.count == 1 && indices.dtype == .int64,
                     "[indexed axis] takes a 3-D input and 1-D int64 positions")
        precondition(direction == .gather || input.dtype == .float32 || input.dtype == .float64,
                     "[scatter-add] adds float32 or float64, not \(input.dtype)")
        self.direction = direction
        self.input = input
        self.indices = indices
        self.outputSlot = outputSlot
        self.outputLength = outputLength
    }

    package var outer: Int { input.view.shape[0] }
    package var inner: Int { input.view.shape[2] }
    /// The number of positions.
    package var count: Int { indices.view.shape[0] }
    /// The output's shape as `[outer, outputLength, inner]`.
    package var outputShape: [Int] { [outer, outputLength, inner] }

    /// The positions read, the input's selected elements read once and the output written once.
    package var bytesMoved: Int {
        count * 8 + (outer * count * inner + outer * outputLength * inner) * input.dtype.byteSize
    }

    /// Inner elements per unit of parallel work: a fixed split, so the units depend on the
    /// shape alone.
    static let innerChunk = 4096

    /// Runs over `buffers` (indexed by slot) with up to `threads` threads.
    package func run(buffers: [UnsafeMutableRawPointer], threads: Int) {
        let context = IndexedAxisContext(kernel: self, input: buffers[input.slot], indices: buffers[indices.slot],
                                         output: buffers[outputSlot])
        let chunks = (inner + Self.innerChunk - 1) / Self.innerChunk
        let units = outer * chunks
        guard units > 0 else { return }
        // A copy or an add per element: threads pay off from about 1e5 of them.
        let workers = min(max(threads, 1), units, max(1, outer * count * inner / 100_000))
        SharedWork.forEachRange(count: units, workers: workers) { context.run(units: $0, chunks: chunks) }
    }
}

/// What the workers of one indexed-axis run share: raw pointers, which workers write only in
/// their own units' output elements.
private struct IndexedAxisContext: @unchecked Sendable {
    let kernel: IndexedAxisCopy
    let input: UnsafeMutableRawPointer
    let indices: UnsafeMutableRawPointer
    let output: UnsafeMutableRawPointer

    /// Units `units` of `outer * chunks`: output row block `o` (every position along the axis)
    /// times the inner elements of chunk `c`.
    func run(units: Range<Int>, chunks: Int) {
        for unit in units {
            let o = unit / chunks, first = (unit % chunks) * IndexedAxisCopy.innerChunk
            let width = min(IndexedAxisCopy.innerChunk, kernel.inner - first)
            switch (kernel.direction, kernel.input.dtype) {
            case (.gather, _): gather(o, first, width)
            case (.scatterAdd, .float32): scatterAdd(o, first, width, Float.self)
            case (.scatterAdd, _): scatterAdd(o, first, width, Double.self)
            }
        }
    }

    private func position(_ j: Int) -> Int {
        let view = kernel.indices.view
        return Int(indices.assumingMemoryBound(to: Int64.self)[view.offset + j * view.strides[0]])
    }

    /// `out[o, j, first..<first + width] = in[o, indices[j], ...]` for every `j`.
    private func gather(_ o: Int, _ first: Int, _ width: Int) {
        let view = kernel.input.view, byteSize = kernel.input.dtype.byteSize
        let innerStride = view.strides[2]
        for j in 0..<kernel.count {
            let source = input + (view.offset + o * view.strides[0] + position(j) * view.strides[1] + first * innerStride) * byteSize
            let target = output + ((o * kernel.outputLength + j) * kernel.inner + first) * byteSize
            if innerStride == 1 || width == 1 {
                target.copyMemory(from: source, byteCount: width * byteSize)
            } else {
                for i in 0..<width {
                    (target + i * byteSize).copyMemory(from: source + i * innerStride * byteSize, byteCount: byteSize)
                }
            }
        }
    }

    /// `out[o, :, first..<first + width]` zeroed, then `out[o, indices[j], ...] += in[o, j, ...]`
    /// for `j` ascending: each element's sum in one fixed order.
    private func scatterAdd<T: FloatingElement>(_ o: Int, _ first: Int, _ width: Int, _: T.Type) {
        let view = kernel.input.view, inner = kernel.inner
        let source = input.assumingMemoryBound(to: T.self) + view.offset + o * view.strides[0] + first * view.strides[2]
        let target = output.assumingMemoryBound(to: T.self) + o * kernel.outputLength * inner + first
        for row in 0..<kernel.outputLength { (target + row * inner).update(repeating: 0, count: width) }
        let innerStride = view.strides[2]
        for j in 0..<kernel.count {
            let from = source + j * view.strides[1], to = target + position(j) * inner
            if innerStride == 1 {
                for i in 0..<width { to[i] += from[i] }
            } else {
                for i in 0..<width { to[i] += from[i * innerStride] }
            }
        }
    }
}
