import Kernels

/// A basic index (integers, slices, new axes, one ellipsis) resolved against a shape, with
/// NumPy's rules: the part of every source axis it keeps, and the shape of the result.
///
/// Basic indexing never copies, so the result is two views: a strided `.slice` over the source
/// axes (an integer index keeps one element), then a reshape that only drops the integer axes
/// and inserts the new ones (size-1 axes, always possible in place).
struct BasicIndex {
    /// One slice per source axis; an integer index is a slice of count 1.
    private(set) var slices: [AxisSlice] = []
    /// The result's shape.
    private(set) var shape: [Int] = []
    /// For each result axis, the source axis it comes from (nil for a new axis).
    private(set) var sourceAxes: [Int?] = []

    init(_ indices: [ArrayIndex], shape source: [Int], operation: String) throws(LazyArrayError) {
        let consuming = indices.filter {
            switch $0.kind {
            case .integer, .slice: true
            case .newAxis, .ellipsis: false
            }
        }.count
        let ellipses = indices.filter { $0.kind == .ellipsis }.count
        guard ellipses <= 1 else {
            throw LazyArrayError(operation, "an index can only have a single ellipsis ('...')")
        }
        guard consuming <= source.count else {
            throw LazyArrayError(operation, "too many indices for array: array is \(source.count)-dimensional, but \(consuming) were indexed")
        }
        // The ellipsis (or, without one, the end of the index) stands for the unnamed axes.
        let fill = [ArrayIndex](repeating: .all, count: source.count - consuming)
        var expanded = indices
        if let position = indices.firstIndex(where: { $0.kind == .ellipsis }) {
            expanded.replaceSubrange(position...position, with: fill)
        } else {
            expanded += fill
        }

        var axis = 0
        for index in expanded {
            switch index.kind {
            case .integer(let position):
                let length = source[axis]
                let resolved = position < 0 ? position + length : position
                guard resolved >= 0 && resolved < length else {
                    throw LazyArrayError(operation, "index \(position) is out of bounds for axis \(axis) with size \(length)")
                }
                slices.append(AxisSlice(start: resolved, step: 1, count: 1))
                axis += 1
            case .slice(let start, let stop, let step):
                guard step != 0 else { throw LazyArrayError(operation, "slice step cannot be zero") }
                let slice = BasicIndex.clamped(start: start, stop: stop, step: step, length: source[axis])
                slices.append(slice)
                shape.append(slice.count)
                sourceAxes.append(axis)
                axis += 1
            case .newAxis:
                shape.append(1)
                sourceAxes.append(nil)
            case .ellipsis:
                preconditionFailure("the ellipsis was expanded above")
            }
        }
    }

    /// NumPy's `PySlice_AdjustIndices`: negative bounds count from the end, then bounds clamp to
    /// the axis (to `[0, length]` walking forwards, `[-1, length - 1]` walking backwards, where
    /// -1 means "before the first element"), so `X[96:112]` of 100 rows has 4 rows.
    static func clamped(start: Int?, stop: Int?, step: Int, length: Int) -> AxisSlice {
        func clamp(_ bound: Int, _ low: Int, _ high: Int) -> Int {
            Swift.min(Swift.max(bound < 0 ? bound + length : bound, low), high)
        }
        if step > 0 {
            let first = start.map { clamp($0, 0, length) } ?? 0
            let end = stop.map { clamp($0, 0, length) } ?? length
            return AxisSlice(start: first, step: step, count: end > first ? (end - first - 1) / step + 1 : 0)
        }
        let first = start.map { clamp($0, -1, length - 1) } ?? length - 1
        let end = stop.map { clamp($0, -1, length - 1) } ?? -1
        return AxisSlice(start: first, step: step, count: first > end ? (first - end - 1) / -step + 1 : 0)
    }

    /// Where the indexed elements sit in an array laid out by `view` (the source's layout): the
    /// same slices and dropped axes as ``view(of:)``, as a layout to write through.
    func destination(in view: View) -> View {
        let sliced = view.applying(.slice(slices))!
        return View(shape: shape, strides: sourceAxes.map { $0.map { sliced.strides[$0] } ?? 0 }, offset: sliced.offset)
    }

    /// The indexed part of `array` as a view (`array` itself for an index that keeps everything).
    func view(of array: NDArray) -> NDArray {
        var result = array
        let keepsAll = slices.indices.allSatisfy { slices[$0] == .all(array.shape[$0]) }
        if !keepsAll { result = result.view(.slice(slices), shape: slices.map(\.count)) }
        if result.shape != shape { result = result.view(.reshape(shape), shape: shape) }
        return result
    }
}
