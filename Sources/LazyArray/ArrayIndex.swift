/// Something that can stand in one position of an array subscript: an `Int`, a Swift range
/// (`1..<3`, `1...2`, `2...`, `..<3`, `...2`) or one of the ``ArrayIndex`` forms `.all`,
/// `.newAxis`, `.ellipsis` and `.slice(start, stop, step:)`.
///
/// NumPy equivalent: the items of the tuple in `a[i, 1:3, ..., None]` (basic indexing).
/// Swift has no slice literal, so the ranges and these members play its part:
///
/// | NumPy            | LazyArray                    |
/// |------------------|------------------------------|
/// | `a[1]`, `a[-1]`  | `a[1]`, `a[-1]`              |
/// | `a[1:3]`         | `a[1..<3]`                   |
/// | `a[1:]`, `a[:3]` | `a[1...]`, `a[..<3]`         |
/// | `a[:, 0]`        | `a[.all, 0]`                 |
/// | `a[::-1]`        | `a[.slice(step: -1)]`        |
/// | `a[1:7:2]`       | `a[.slice(1, 7, step: 2)]`   |
/// | `a[1:-1]`        | `a[.slice(1, -1)]`           |
/// | `a[None]`        | `a[.newAxis]`                |
/// | `a[..., 0]`      | `a[.ellipsis, 0]`            |
///
/// Negative bounds count from the end in ranges too (`a[(-2)...]` is `a[-2:]`), but a Swift
/// range must not have its upper bound below its lower one, so `a[1:-1]` needs `.slice(1, -1)`.
/// Swift's own unbounded range `a[...]` is deliberately not accepted: in NumPy `...` means the
/// ellipsis, in Swift the whole range, and `a[..., 0]` would silently mean different things.
public protocol ArrayIndexProtocol: Sendable {
    /// The index in the one form the subscript works with.
    var arrayIndex: ArrayIndex { get }
}

/// One resolved position of an array subscript (see ``ArrayIndexProtocol``).
///
/// NumPy equivalent: an integer, a `slice` object, `None` (`np.newaxis`) or `Ellipsis`.
/// Make one with `.all`, `.newAxis`, `.ellipsis` or `.slice(start, stop, step:)`; Ints and
/// ranges convert themselves.
public struct ArrayIndex: ArrayIndexProtocol, Hashable, Sendable {
    enum Kind: Hashable, Sendable {
        /// One position along an axis; the axis is dropped (negative counts from the end).
        case integer(Int)
        /// NumPy's `start:stop:step`; nil bounds are the axis ends in the direction of `step`.
        case slice(start: Int?, stop: Int?, step: Int)
        /// A new axis of length 1 (consumes no axis).
        case newAxis
        /// As many `.all` as the axes that no other index names.
        case ellipsis
    }

    let kind: Kind

    /// Itself.
    public var arrayIndex: ArrayIndex { self }
}

extension ArrayIndexProtocol where Self == ArrayIndex {
    /// The whole axis. NumPy: `:` as in `a[:, 0]`.
    public static var all: ArrayIndex { ArrayIndex(kind: .slice(start: nil, stop: nil, step: 1)) }

    /// A new axis of length 1 at this position. NumPy: `None` / `np.newaxis` as in `a[:, None]`.
    public static var newAxis: ArrayIndex { ArrayIndex(kind: .newAxis) }

    /// Every axis that the other indices do not name, whole. NumPy: `...` as in `a[..., 0]`.
    public static var ellipsis: ArrayIndex { ArrayIndex(kind: .ellipsis) }

    /// Elements from `start` towards `stop` (excluded), `step` apart; negative bounds count
    /// from the end, out-of-range bounds clamp, and a negative step walks backwards (nil bounds
    /// then mean the last and the before-first element). NumPy: `a[start:stop:step]`, e.g.
    /// `a[.slice(step: -1)]` is `a[::-1]` and `a[.slice(1, 7, step: 2)]` is `a[1:7:2]`.
    public static func slice(_ start: Int? = nil, _ stop: Int? = nil, step: Int = 1) -> ArrayIndex {
        ArrayIndex(kind: .slice(start: start, stop: stop, step: step))
    }
}

extension Int: ArrayIndexProtocol {
    /// One position; the axis is dropped. NumPy: `a[2]`, `a[-1]`.
    public var arrayIndex: ArrayIndex { ArrayIndex(kind: .integer(self)) }
}

extension Range: ArrayIndexProtocol where Bound == Int {
    /// NumPy: `a[lower:upper]` (negative bounds count from the end, out-of-range ones clamp).
    public var arrayIndex: ArrayIndex { .slice(lowerBound, upperBound) }
}

extension ClosedRange: ArrayIndexProtocol where Bound == Int {
    /// NumPy: `a[lower:upper + 1]`; an upper bound of -1 means through the last element.
    public var arrayIndex: ArrayIndex { .slice(lowerBound, ArrayIndex.exclusiveStop(through: upperBound)) }
}

extension PartialRangeFrom: ArrayIndexProtocol where Bound == Int {
    /// NumPy: `a[lower:]`.
    public var arrayIndex: ArrayIndex { .slice(lowerBound, nil) }
}

extension PartialRangeUpTo: ArrayIndexProtocol where Bound == Int {
    /// NumPy: `a[:upper]`.
    public var arrayIndex: ArrayIndex { .slice(nil, upperBound) }
}

extension PartialRangeThrough: ArrayIndexProtocol where Bound == Int {
    /// NumPy: `a[:upper + 1]`; an upper bound of -1 means through the last element.
    public var arrayIndex: ArrayIndex { .slice(nil, ArrayIndex.exclusiveStop(through: upperBound)) }
}

extension ArrayIndex {
    /// The exclusive stop of a closed range ending at `upper`: `upper + 1`, except that -1 (the
    /// last element) has no exclusive stop counted from the end, so it becomes "to the end".
    static func exclusiveStop(through upper: Int) -> Int? { upper == -1 ? nil : upper + 1 }
}
