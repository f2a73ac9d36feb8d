import Kernels
import Scheduler

// Assignments through subscripts (`a[1..<3] = b`, `a[mask] = 0`, `a[indices] = rows`) with
// value semantics: the array gets a new lazy value `where(region, placedValue, oldValue)`, an
// elementwise select that fuses like any other, and every other array that shared the old
// value keeps it (NDArray is a struct around an immutable node, so rebinding is copy-on-write).
// The value is converted to the array's dtype first, as NumPy's assignment casts it. Gradients
// go through every form: the select's rule zeroes the old array's cotangent in the region, and a
// placed value or placed rows (a barrier) take the region's cotangent back lazily.
extension NDArray {
    /// `a[index] = value` for a basic index. Lazy, except when the value varies along an axis
    /// the index only partly covers (`a[1..<3] = rows`): then no view of the value lines up with
    /// the array, so the value is evaluated and placed into a new buffer of the array's shape.
    func assigning(_ value: NDArray, at index: BasicIndex) -> NDArray {
        guard let aligned = NDArray.aligned(value.astype(dtype), to: index.shape) else {
            ErrorScope.report(NDArray.broadcastError(value.shape, into: index.shape))
            return self
        }
        // The value's length along each source axis: 1 where it is broadcast or where the
        // index is an integer.
        var lengths = [Int](repeating: 1, count: ndim)
        for (resultAxis, sourceAxis) in index.sourceAxes.enumerated() {
            if let sourceAxis { lengths[sourceAxis] = aligned.shape[resultAxis] }
        }
        var partialAxes: [Int] = []
        var reversal = shape.map(AxisSlice.all)
        var needsPlacement = false
        for axis in 0..<ndim {
            let slice = index.slices[axis]
            let wholeAxis = slice.count == shape[axis]
            if wholeAxis && (slice.count <= 1 || slice.step == 1) { continue }
            if wholeAxis && slice.step == -1 {
                // The whole axis backwards: the value lines up read backwards.
                reversal[axis] = AxisSlice(start: shape[axis] - 1, step: -1, count: shape[axis])
                continue
            }
            partialAxes.append(axis)
            if lengths[axis] > 1 { needsPlacement = true }
        }
        let placed: NDArray
        if needsPlacement {
            let buffer = NDArray.zeroedBuffer(count: size, dtype: dtype)
            let region = aligned.broadcasted(to: index.shape)
            ElementCopy.copy(region.materialized, byteSize: dtype.byteSize,
                             to: buffer, view: index.destination(in: View(contiguous: shape)))
            // The value's cotangent is the placed region's, read back through the index (a
            // view); the broadcast, reshape and cast below it sum and convert it to the value's.
            placed = NDArray.barrier(NDArray(evaluated: buffer, shape: shape, dtype: dtype), operation: "setitem (placed value)",
                                     inputs: [region]) { cotangent in [index.view(of: cotangent)] }
        } else {
            let lined = aligned.reshape(lengths)
            let reversed = reversal.indices.contains { lengths[$0] > 1 && reversal[$0].step == -1 }
                ? lined.view(.slice(reversal.indices.map { lengths[$0] > 1 ? reversal[$0] : .all(1) }), shape: lengths)
                : lined
            placed = reversed.broadcasted(to: shape)
        }
        guard !partialAxes.isEmpty else { return placed }
        // The selected region: per partly covered axis a small bool leaf, combined lazily.
        let axisMasks = partialAxes.map { axis -> NDArray in
            let slice = index.slices[axis]
            var flags = [Bool](repeating: false, count: shape[axis])
            for i in 0..<slice.count { flags[slice.start + i * slice.step] = true }
            var axisShape = [Int](repeating: 1, count: ndim)
            axisShape[axis] = shape[axis]
            return NDArray(flags, shape: axisShape)
        }
        let region = axisMasks.dropFirst().reduce(axisMasks[0]) { $0 & $1 }
        return NDArray.where(region, placed, self)
    }

    /// `a[mask] = value`. Lazy (the mask too) when the value broadcasts to one selected element
    /// or sub-array; a value with one entry per selected position (NumPy assigns them in order)
    /// needs the count, so the mask and the value are evaluated and the value placed first.
    func assigning(_ value: NDArray, mask: NDArray) -> NDArray {
        if let error = maskError(mask, operation: "setitem") {
            ErrorScope.report(error)
            return self
        }
        let rest = Array(shape.dropFirst(mask.ndim))
        let region = mask.reshape(mask.shape + [Int](repeating: 1, count: rest.count))
        let converted = value.astype(dtype)
        if let aligned = NDArray.aligned(converted, to: rest) { return NDArray.where(region, aligned, self) }
        NDArray.evaluate([mask, converted])
        let flags = mask.toArray(Bool.self)
        let positions = flags.indices.filter { flags[$0] }
        guard let rows = NDArray.aligned(converted, to: [positions.count] + rest) else {
            ErrorScope.report(LazyArrayError("setitem", "cannot assign an array of shape \(describe(value.shape)) to the \(positions.count) positions where the mask is true; it must broadcast to \(describe([positions.count] + rest))"))
            return self
        }
        return NDArray.where(region, placing(rows, at: positions, rowShape: rest), self)
    }

    /// `a[indices] = value` along axis 0: lazy when the value broadcasts to one row; otherwise
    /// the value's rows are placed in the order of `indices` (a repeated index keeps the last).
    /// The indices are evaluated at once (they are bounds-checked like a gather's).
    func assigning(_ value: NDArray, indices: NDArray) -> NDArray {
        guard ndim > 0 else {
            ErrorScope.report(LazyArrayError("setitem", "too many indices for array: array is 0-dimensional, but 1 were indexed"))
            return self
        }
        guard indices.dtype.isInteger else {
            ErrorScope.report(LazyArrayError("setitem", "arrays used as indices must be of integer (or boolean) type, got \(indices.dtype)"))
            return self
        }
        let positions: [Int]
        switch resolvedIndices(indices.toArray(Int.self), axis: 0, operation: "setitem") {
        case .failure(let error):
            ErrorScope.report(error)
            return self
        case .success(let resolved): positions = resolved
        }
        let rest = Array(shape.dropFirst())
        var flags = [Bool](repeating: false, count: shape[0])
        for position in positions { flags[position] = true }
        let region = NDArray(flags, shape: [shape[0]] + [Int](repeating: 1, count: rest.count))
        let converted = value.astype(dtype)
        if let aligned = NDArray.aligned(converted, to: rest) { return NDArray.where(region, aligned, self) }
        guard let rows = NDArray.aligned(converted, to: indices.shape + rest) else {
            ErrorScope.report(NDArray.broadcastError(value.shape, into: indices.shape + rest))
            return self
        }
        let flattened = rows.broadcasted(to: indices.shape + rest).reshape([positions.count] + rest)
        return NDArray.where(region, placing(flattened, at: positions, rowShape: rest), self)
    }

    /// A new evaluated array of this shape holding row `j` of `rows` (shape `[n] + rowShape`)
    /// at row `positions[j]` (rows of `rowShape` in row-major order, `rowShape` the trailing
    /// axes of this shape), zeros elsewhere.
    private func placing(_ rows: NDArray, at positions: [Int], rowShape: [Int]) -> NDArray {
        let broadcast = rows.broadcasted(to: [positions.count] + rowShape)
        let source = broadcast.materialized
        let buffer = NDArray.zeroedBuffer(count: size, dtype: dtype)
        let rowCount = rowShape.reduce(1, *)
        let rowStrides = View.rowMajorStrides(rowShape)
        for (j, position) in positions.enumerated() {
            ElementCopy.copy(shape: rowShape, byteSize: dtype.byteSize,
                             from: UnsafeRawPointer(source.buffer.base), strides: Array(source.view.strides.dropFirst()),
                             offset: source.view.offset + j * source.view.strides[0],
                             to: buffer.base, strides: rowStrides, offset: position * rowCount)
        }
        return NDArray.barrier(NDArray(evaluated: buffer, shape: shape, dtype: dtype), operation: "setitem (placed rows)",
                               inputs: [broadcast]) { cotangent in
            // Row j's cotangent is that of the row it was placed at, unless a later row with the
            // same position overwrote it: then it took no part in the result (JAX's rule for a
            // scatter with repeated indices) and gets zeros.
            var lastRow: [Int: Int] = [:]
            for (j, position) in positions.enumerated() { lastRow[position] = j }
            let kept = positions.indices.map { lastRow[positions[$0]] == $0 }
            // Rows are placed at flat positions of the axes before `rowShape` (a mask's).
            let leading = shape.dropLast(rowShape.count).reduce(1, *)
            let gathered = cotangent.reshape([leading] + rowShape).gathering(NDArray(positions), axis: 0)
            guard kept.contains(false) else { return [gathered] }
            return [NDArray.where(NDArray(kept, shape: [kept.count] + rowShape.map { _ in 1 }), gathered, 0.0)]
        }
    }

    /// `value` shaped for NumPy's assignment broadcasting into `target`: length-1 axes beyond the
    /// target's rank dropped from the front, then length-1 axes added in front up to its rank;
    /// nil when the value does not broadcast to exactly `target`.
    static func aligned(_ value: NDArray, to target: [Int]) -> NDArray? {
        var lengths = value.shape
        while lengths.count > target.count && lengths.first == 1 { lengths.removeFirst() }
        guard lengths.count <= target.count else { return nil }
        lengths = [Int](repeating: 1, count: target.count - lengths.count) + lengths
        guard zip(lengths, target).allSatisfy({ $0 == $1 || $0 == 1 }) else { return nil }
        return value.reshape(lengths)
    }

    static func broadcastError(_ value: [Int], into target: [Int]) -> LazyArrayError {
        LazyArrayError("setitem", "could not broadcast input array from shape \(describe(value)) into shape \(describe(target))")
    }
}
