import Kernels

/// What `pad` fills the new elements with. NumPy: `np.pad`'s `mode`
/// (`"constant"` with `constant_values`, `"edge"`, `"reflect"`).
public struct PadMode: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case constant(Scalar)
        case edge
        case reflect
    }
    let kind: Kind

    var isConstant: Bool {
        if case .constant = kind { return true }
        return false
    }

    /// Zeros. NumPy: `mode="constant"`.
    public static let constant = PadMode(kind: .constant(.int(0)))
    /// `value`, converted to the array's dtype as `astype` converts. NumPy:
    /// `mode="constant", constant_values=value`.
    public static func constant<S: NDArrayScalar>(_ value: S) -> PadMode { PadMode(kind: .constant(value.scalarValue)) }
    /// The edge element repeated. NumPy: `mode="edge"`.
    public static let edge = PadMode(kind: .edge)
    /// The elements mirrored about the edge, the edge itself not repeated (`[1 2 3]` padded by 2
    /// is `[3 2 1 2 3 2 1]`), again and again when the padding is longer than the axis.
    /// NumPy: `mode="reflect"`.
    public static let reflect = PadMode(kind: .reflect)
}

/// `array` with `width` new elements before and after every axis. NumPy:
/// `np.pad(a, width, mode)`.
///
/// ```swift
/// pad(NDArray([1, 2, 3]), 2, mode: .reflect)   // [3 2 1 2 3 2 1]
/// ```
public func pad(_ array: NDArray, _ width: Int, mode: PadMode = .constant) -> NDArray {
    pad(array, [(width, width)], mode: mode)
}

/// `array` with `width.0` new elements before and `width.1` after every axis. NumPy:
/// `np.pad(a, (before, after), mode)`.
public func pad(_ array: NDArray, _ width: (Int, Int), mode: PadMode = .constant) -> NDArray {
    pad(array, [width], mode: mode)
}

/// `array` with `widths[i].0` new elements before and `widths[i].1` after axis `i`; a single
/// pair applies to every axis. NumPy: `np.pad(a, ((1, 0), (2, 2)), mode)`.
///
/// Lazy: along each padded axis the result is a concatenation of the array and its pads, which
/// are constants or views of the array (edge elements broadcast, reflections as slices of step
/// -1), each computed straight into its part. Axes are padded in order, each from the previous
/// result, so the corners come out as NumPy's do.
public func pad(_ array: NDArray, _ widths: [(Int, Int)], mode: PadMode = .constant) -> NDArray {
    let describeWidths = "(" + widths.map { "(\($0.0), \($0.1))" }.joined(separator: ", ") + ")"
    guard widths.count == array.ndim || widths.count == 1 else {
        return NDArray.failed(LazyArrayError("pad", "pad_width \(describeWidths) does not match an array of shape \(describe(array.shape)): give one (before, after) pair, or one per axis"),
                              shape: array.shape, dtype: array.dtype)
    }
    let pairs = widths.count == array.ndim ? widths : [(Int, Int)](repeating: widths.first ?? (0, 0), count: array.ndim)
    guard pairs.allSatisfy({ $0.0 >= 0 && $0.1 >= 0 }) else {
        return NDArray.failed(LazyArrayError("pad", "index can't contain negative values: pad_width \(describeWidths)"),
                              shape: array.shape, dtype: array.dtype)
    }
    var result = array
    for (axis, (before, after)) in pairs.enumerated() where before > 0 || after > 0 {
        let length = result.shape[axis]
        if length == 0, !mode.isConstant {
            return NDArray.failed(LazyArrayError("pad", "can't extend empty axis \(axis) using modes other than 'constant' or 'empty' (shape \(describe(array.shape)))"),
                                  shape: array.shape, dtype: array.dtype)
        }
        result = concatenate(padParts(result, axis: axis, before: before, after: after, mode: mode), axis: axis)
    }
    return result
}

/// The parts whose concatenation along `axis` is `array` padded there: the array in the middle,
/// and before and after it constants or runs of the array's own elements (slices of step 1 or
/// -1, or one element broadcast).
private func padParts(_ array: NDArray, axis: Int, before: Int, after: Int, mode: PadMode) -> [NDArray] {
    let length = array.shape[axis]
    func part(_ count: Int, from source: (Int) -> Int) -> [NDArray] {
        guard count > 0 else { return [] }
        if case .constant(let value) = mode.kind {
            var shape = array.shape
            shape[axis] = count
            return [NDArray.full(shape, value, dtype: array.dtype)]
        }
        return elementRuns((0..<count).map(source)).map { run in
            var slices = array.shape.map(AxisSlice.all)
            slices[axis] = AxisSlice(start: run.start, step: run.step == 0 ? 1 : run.step, count: run.step == 0 ? 1 : run.count)
            var shape = array.shape
            shape[axis] = slices[axis].count
            let elements = array.view(.slice(slices), shape: shape)
            shape[axis] = run.count
            return run.step == 0 ? elements.broadcasted(to: shape) : elements
        }
    }
    // The source element of padded position p (counted from the array's first element):
    // the nearest edge, or the reflection with period 2 (n - 1) (an axis of one element
    // reflects to itself, as NumPy's legacy rule has it).
    func source(_ p: Int) -> Int {
        guard mode.kind == .reflect, length > 1 else { return Swift.min(Swift.max(p, 0), length - 1) }
        let period = 2 * (length - 1)
        let m = ((p % period) + period) % period
        return m < length ? m : period - m
    }
    return part(before) { source($0 - before) } + [array] + part(after) { source(length + $0) }
}

/// Consecutive maximal runs of `positions` with a constant step of -1, 0 or 1.
private func elementRuns(_ positions: [Int]) -> [(start: Int, step: Int, count: Int)] {
    var runs: [(start: Int, step: Int, count: Int)] = []
    for position in positions {
        if var last = runs.last {
            let expected = last.start + last.step * last.count
            if last.count == 1, abs(position - last.start) <= 1 {
                last.step = position - last.start
                last.count = 2
                runs[runs.count - 1] = last
                continue
            }
            if position == expected {
                last.count += 1
                runs[runs.count - 1] = last
                continue
            }
        }
        runs.append((position, 0, 1))
    }
    return runs
}
