#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Softmax (or log-softmax) along the last axis, each row in one pass: the kernel behind
/// `softmax(x, axis: -1)` and `logSoftmax(x, axis: -1)`.
///
/// NumPy equivalent: `e = np.exp(x - x.max(-1, keepdims=True)); e / e.sum(-1, keepdims=True)`
/// (and `(x - max) - np.log(e.sum(-1, keepdims=True))` for the log form); PyTorch's
/// `torch.softmax(x, -1)` kernel.
///
/// Why a kernel of its own: the row maximum, the exponentials, their sum and the division all
/// need the whole row, and a row (softmax's rows are a few hundred to a few thousand values)
/// stays in L1 while it is worked on. Done as a reduction kernel followed by an elementwise one,
/// the input is read twice from memory and every element is exponentiated twice (once for the
/// sum, once for the result); here each element is read once, exponentiated once and written
/// once. Rows are independent, so any thread count gives the same bits.
package struct RowSoftmax: Sendable {
    /// The input: a view whose last axis is the rows' (any shape and strides; rows are read in
    /// place when each is adjacent in memory, gathered otherwise), float32 or float64.
    package var input: KernelInput
    /// The output buffer: `rows * width` contiguous elements of the input's dtype.
    package var outputSlot: Int
    /// Whether to compute the log of the softmax (`(x - max) - log(sum(exp(x - max)))`).
    package var logarithmic: Bool

    package init(input: KernelInput, outputSlot: Int, logarithmic: Bool) {
        precondition(!input.view.shape.isEmpty && (input.dtype == .float32 || input.dtype == .float64),
                     "[softmax] the row kernel takes a float32 or float64 view of rank 1 or more")
        self.input = input
        self.outputSlot = outputSlot
        self.logarithmic = logarithmic
    }

    /// The length of the last axis.
    package var width: Int { input.view.shape.last! }
    /// The number of rows: every position of the other axes.
    package var rows: Int { input.view.shape.dropLast().reduce(1, *) }

    /// The input read once and the output written once.
    package var bytesMoved: Int { 2 * rows * width * input.dtype.byteSize }

    /// The input as a `rows` x `width` view when its rows form one strided axis of adjacent
    /// elements (then rows are read in place), else nil (each row is gathered first).
    package var rowView: View? {
        guard let view = input.view.applying(.reshape([rows, width])), view.strides[1] == 1 else { return nil }
        return view
    }

    /// Rows per unit of parallel work: about 16K elements, fixed by the width alone.
    var rowsPerChunk: Int { max(1, (16 * 1024) / max(width, 1)) }

    /// Runs over `buffers` (indexed by slot) with up to `threads` threads.
    package func run(buffers: [UnsafeMutableRawPointer], threads: Int) {
        guard rows > 0, width > 0 else { return }
        let chunks = (rows + rowsPerChunk - 1) / rowsPerChunk
        // Exponentials dominate: about 10 adds' worth per element, as the VM's cost table says.
        let workers = min(max(threads, 1), chunks, max(1, rows * width * 10 / 100_000))
        let context = RowSoftmaxContext(kernel: self, input: buffers[input.slot], output: buffers[outputSlot])
        SharedWork.forEachRange(count: chunks, workers: workers) { range in
            context.run(rows: (range.lowerBound * rowsPerChunk)..<min(range.upperBound * rowsPerChunk, rows))
        }
    }
}

/// What the workers of one row-softmax run share (raw pointers: see `SendableContext`).
private struct RowSoftmaxContext: @unchecked Sendable {
    let kernel: RowSoftmax
    let input: UnsafeMutableRawPointer
    let output: UnsafeMutableRawPointer

    func run(rows: Range<Int>) {
        guard !rows.isEmpty else { return }
        let width = kernel.width, view = kernel.input.view, byteSize = kernel.input.dtype.byteSize
        // Rows read in place when they form one strided axis of adjacent elements, otherwise
        // gathered into `row`.
        let rowView = kernel.rowView
        let inPlace = rowView != nil
        let row = UnsafeMutableRawPointer.allocate(byteCount: width * byteSize, alignment: 64)
        defer { row.deallocate() }
        for index in rows {
            let source: UnsafeMutableRawPointer
            if inPlace {
                source = input + (rowView!.offset + index * rowView!.strides[0]) * byteSize
            } else {
                BlockLoads.gather(input, view: view, byteSize: byteSize, start: index * width, count: width, into: row)
                source = row
            }
            let target = output + index * width * byteSize
            if kernel.input.dtype == .float32 {
                RowSoftmax.row(source.assumingMemoryBound(to: Float.self), target.assumingMemoryBound(to: Float.self),
                               width: width, logarithmic: kernel.logarithmic)
            } else {
                RowSoftmax.row(source.assumingMemoryBound(to: Double.self), target.assumingMemoryBound(to: Double.self),
                               width: width, logarithmic: kernel.logarithmic)
            }
        }
    }
}

extension RowSoftmax {
    /// One float32 row: `out = exp(x - max) / sum` or `(x - max) - log(sum)`, where `sum` is the
    /// float64 sum of the float32 exponentials (`FloatRuns`: float lanes of at most 128 terms in
    /// [0, 1], flushed into float64, as the log-sum-exp reduction sums them). The maximum
    /// propagates NaN (NumPy's `max` does), so a row holding NaN gives NaN throughout, as
    /// NumPy's formula does.
    static func row(_ x: UnsafeMutablePointer<Float>, _ out: UnsafeMutablePointer<Float>, width: Int, logarithmic: Bool) {
        let extreme = FloatRuns.extreme(x, count: width, largest: true)
        let maximum = extreme.sawNaN ? Float.nan : extreme.value
        if logarithmic {
            // The exponentials only feed the sum: they are never stored.
            let logSum = Float(log(FloatRuns.sumOfExponentials(x, count: width, shift: maximum)))
            for i in 0..<width { out[i] = (x[i] - maximum) - logSum }
        } else {
            for i in 0..<width { out[i] = x[i] - maximum }
            VectorMath.exp(out, out, count: width)
            let sum = Float(FloatRuns.sum(out, count: width))
            for i in 0..<width { out[i] = out[i] / sum }
        }
    }

    /// One float64 row, as the float32 one; the sum is a plain float64 sum in order.
    static func row(_ x: UnsafeMutablePointer<Double>, _ out: UnsafeMutablePointer<Double>, width: Int, logarithmic: Bool) {
        var maximum = -Double.infinity
        for i in 0..<width {
            if x[i].isNaN { maximum = .nan; break }
            if x[i] > maximum { maximum = x[i] }
        }
        for i in 0..<width { out[i] = x[i] - maximum }
        withUnsafeTemporaryAllocation(of: Double.self, capacity: width) { scratch in
            let exponentials = logarithmic ? scratch.baseAddress! : out
            VectorMath.exp(out, exponentials, count: width)
            var sum = 0.0
            for i in 0..<width { sum += exponentials[i] }
            if logarithmic {
                let logSum = log(sum)
                for i in 0..<width { out[i] = out[i] - logSum }
            } else {
                for i in 0..<width { out[i] = out[i] / sum }
            }
        }
    }
}
