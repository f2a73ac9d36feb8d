import Foundation
import Kernels

/// The elements to print, in row-major order, already converted from the array's storage.
///
/// NumPy equivalent: the dtype kinds `np.array2string` picks a formatter for — `BoolFormat`,
/// `IntegerFormat` and `FloatingFormat`. `int32` arrays arrive as `.int`, because NumPy prints
/// every integer width the same way; `float32` and `float16` arrays arrive as `.float(_, kind:)`
/// with their kind, because NumPy picks their digits and their scientific cutoff from their own
/// type, not `float64`. bfloat16 arrives as `.general`: NumPy has no bfloat16, and ml_dtypes'
/// arrays print each element's `str` (C's `%g`) unpadded, as NumPy prints unknown scalar types.
enum FormatValues {
    /// Booleans. NumPy: `BoolFormat`.
    case bool([Bool])
    /// Integers of any width. NumPy: `IntegerFormat`.
    case int([Int64])
    /// Unsigned integers (uint64's values above Int64.max print as NumPy prints them).
    /// NumPy: `IntegerFormat`.
    case unsigned([UInt64])
    /// Floating-point values, widened exactly. NumPy: `FloatingFormat`.
    case float([Double], kind: FloatKind)
    /// Values printed as `%g` each, unpadded: ml_dtypes' `bfloat16`.
    case general([Double])
}

/// The floating-point type whose digits and cutoffs NumPy uses.
enum FloatKind {
    case half, single, double

    /// From this magnitude on, an array prints in scientific notation. NumPy compares with
    /// 1e8 in the array's type, which float16 and float32 round up to a value NumPy's other
    /// rules reach first: measured, float16 switches at 1e3 and float32 at 1e6.
    var arrayCutoff: Double {
        switch self {
        case .half: 1e3
        case .single: 1e6
        case .double: 1e8
        }
    }

    /// From this magnitude on, a scalar prints in scientific notation (`str(np.float16(1000))`
    /// is `1e+03`, `str(np.float32(1e6))` `1e+06`, float64's cutoff is 1e16).
    var scalarCutoff: Double {
        switch self {
        case .half: 1e3
        case .single: 1e6
        case .double: 1e16
        }
    }

    /// The shortest decimal text that reads back as `x` in this type. Swift's `description`
    /// of `Float` and `Double` is shortest-round-trip; for float16 the first of 1 to 5
    /// significant digits that rounds back to the same float16 (5 always does).
    func shortestText(_ x: Double) -> String {
        switch self {
        case .single: return Float(x).description
        case .double: return x.description
        case .half:
            let bits = Float16Element(castingDouble: x).bits
            for digits in 1...4 {
                let text = String(format: "%.\(digits - 1)e", x)
                if let value = Double(text), Float16Element(castingDouble: value).bits == bits { return text }
            }
            return String(format: "%.4e", x)
        }
    }
}

/// Turns array elements into the text NumPy 2 prints.
///
/// NumPy equivalent: `str(a)`, i.e. `np.array2string(a)` with the default print options
/// (`precision=8`, `suppress=False`, `threshold=1000`, `edgeitems=3`, `linewidth=75`,
/// `floatmode='maxprec'`, `sign='-'`), and `str(a[()])` for 0-d arrays.
enum ArrayFormatter {
    /// Most digits after the decimal point (positional) or after the first digit (scientific).
    /// NumPy: print option `precision`.
    static let precision = 8
    /// Arrays with more elements than this are summarized with `...`. NumPy: `threshold`.
    static let threshold = 1000
    /// Elements kept at each end of every summarized axis. NumPy: `edgeitems`.
    static let edgeItems = 3
    /// Longest line before a row wraps. NumPy: `linewidth`.
    static let lineWidth = 75

    /// The text `str(a)` gives for an array of `shape` holding `values` (row-major).
    ///
    /// NumPy: `str(a)`. Examples: `[ 1  4  9 16 25]`, `[[1. 0.]\n [0. 1.]]`, `[1.e-05 1.e+00]`,
    /// `[   0    1    2 ... 1997 1998 1999]`; a 0-d array prints its scalar (`3.5`, `True`)
    /// and an array with no elements prints `[]` whatever its shape.
    static func format(shape: [Int], values: FormatValues) -> String {
        render(shape: shape, values: values, prefix: "")
    }

    /// A description that names the shape and dtype as well as the elements, e.g.
    /// `NDArray([1. 2.], shape: [2], dtype: float64)`.
    ///
    /// NumPy equivalent: `repr(a)` (`array([1., 2.])`). Unlike `repr`, the elements keep the
    /// `str` layout (space-separated, no `dtype=` suffix); continuation lines are indented to sit
    /// under the first `[`, as `repr` does for `array(`.
    static func debugFormat(shape: [Int], dtype: DType, values: FormatValues) -> String {
        let prefix = "NDArray("
        let body = render(shape: shape, values: values, prefix: prefix)
        return "\(prefix)\(body), shape: \(shape), dtype: \(dtype))"
    }

    /// The body shared by `format` and `debugFormat`; `prefix` is the text printed before the
    /// first `[`, whose width indents continuation lines. NumPy: `array2string(a, prefix=...)`.
    private static func render(shape: [Int], values: FormatValues, prefix: String) -> String {
        if shape.isEmpty { return scalarText(values) }
        let count = shape.reduce(1, *)
        // NumPy treats any array with a zero-length axis as a null array.
        if count == 0 { return "[]" }
        let summarize = count > threshold
        var strides = [Int](repeating: 1, count: shape.count)
        for axis in stride(from: shape.count - 2, through: 0, by: -1) {
            strides[axis] = strides[axis + 1] * shape[axis + 1]
        }
        // Like NumPy's `_leading_trailing`, column widths and the float style come only from
        // the elements that are shown, so summarized arrays can print narrower than the whole.
        let shown = shownOffsets(shape: shape, strides: strides, summarize: summarize)
        let element = elementFormatter(values, shown: shown)
        let layout = Layout(shape: shape, strides: strides, summarize: summarize, element: element)
        return layout.render(axis: 0, offset: 0, hangingIndent: " " + String(repeating: " ", count: prefix.count),
                             width: lineWidth)
    }

    /// The indices along one axis that get printed: all of them, or the first and last
    /// `edgeItems` when summarizing an axis longer than `2 * edgeItems`.
    private static func shownIndices(length: Int, summarize: Bool) -> [Int] {
        guard summarize && length > 2 * edgeItems else { return Array(0..<length) }
        return Array(0..<edgeItems) + Array((length - edgeItems)..<length)
    }

    /// The flat offsets of every printed element. NumPy: `_leading_trailing`.
    private static func shownOffsets(shape: [Int], strides: [Int], summarize: Bool) -> [Int] {
        var offsets = [0]
        for axis in shape.indices {
            let indices = shownIndices(length: shape[axis], summarize: summarize)
            offsets = offsets.flatMap { base in indices.map { base + $0 * strides[axis] } }
        }
        return offsets
    }

    /// The nested-bracket layout with line wrapping. NumPy: `_formatArray` with separator `' '`.
    private struct Layout {
        let shape: [Int]
        let strides: [Int]
        let summarize: Bool
        let element: (Int) -> String

        /// The text of the sub-array at `axis` starting at flat `offset`. `hangingIndent` starts
        /// every line of the sub-array; `width` is the room left before the closing brackets.
        func render(axis: Int, offset: Int, hangingIndent: String, width: Int) -> String {
            if axis == shape.count { return element(offset) }
            // Nested rows sit one column right of this `[` and leave room for this `]`.
            let nextIndent = hangingIndent + " "
            let nextWidth = width - 1
            let length = shape[axis]
            let summary = summarize && length > 2 * ArrayFormatter.edgeItems
            let leading = summary ? ArrayFormatter.edgeItems : 0
            let trailingStart = summary ? length - ArrayFormatter.edgeItems : 0
            let child = { (index: Int) in
                render(axis: axis + 1, offset: offset + index * strides[axis], hangingIndent: nextIndent,
                       width: nextWidth)
            }
            var text = ""
            if axis == shape.count - 1 {
                // Each element must leave room for the `]` that may follow it.
                let elementWidth = width - 1
                var line = hangingIndent
                for index in 0..<leading {
                    extend(&text, &line, child(index), elementWidth, hangingIndent)
                    line += " "
                }
                if summary {
                    extend(&text, &line, "...", elementWidth, hangingIndent)
                    line += " "
                }
                for index in trailingStart..<(length - 1) {
                    extend(&text, &line, child(index), elementWidth, hangingIndent)
                    line += " "
                }
                extend(&text, &line, child(length - 1), elementWidth, hangingIndent)
                text += line
            } else {
                // One newline per remaining axis: a blank line between 2-D blocks of a 3-D array.
                let separator = String(repeating: "\n", count: shape.count - axis - 1)
                for index in 0..<leading {
                    text += hangingIndent + child(index) + separator
                }
                if summary {
                    text += hangingIndent + "..." + separator
                }
                for index in trailingStart..<(length - 1) {
                    text += hangingIndent + child(index) + separator
                }
                text += hangingIndent + child(length - 1)
            }
            // The first line's indent is replaced by the opening bracket.
            return "[" + text.dropFirst(hangingIndent.count) + "]"
        }

        /// Appends `word` to `line`, first moving `line` into `text` when the word would pass
        /// `width` — unless the line holds only its indent, where wrapping would not help.
        /// NumPy: `_extendLine` (elements are single-line, so `_extendLine_pretty` reduces to it).
        private func extend(_ text: inout String, _ line: inout String, _ word: String, _ width: Int,
                            _ indent: String) {
            if line.count + word.count > width && line.count > indent.count {
                text += String(line.reversed().drop { $0 == " " }.reversed()) + "\n"
                line = indent
            }
            line += word
        }
    }

    /// The text of a 0-d array: the scalar's own `str`. NumPy: `str(a[()])`, so `True`, `3`,
    /// `3.5`, `1.0`, `1e+16`, `1.5e-05`, `nan`.
    private static func scalarText(_ values: FormatValues) -> String {
        switch values {
        case .bool(let bits): return bits[0] ? "True" : "False"
        case .int(let ints): return String(ints[0])
        case .unsigned(let ints): return String(ints[0])
        case .general(let doubles):
            return generalText(doubles[0])
        case .float(let doubles, let kind):
            let x = doubles[0]
            if x.isNaN { return "nan" }
            if x.isInfinite { return x < 0 ? "-inf" : "inf" }
            let digits = ShortestDigits(x, kind: kind)
            // NumPy scalars switch to scientific below 1e-4 (compared as float64, so
            // np.float32(1e-4), slightly below, prints 1e-04) and from 1e16 for float64 but
            // from 1e6 for float32 (np.float32(1e6) prints 1e+06), 1e3 for float16.
            let upper = kind.scalarCutoff
            if x == 0 || (abs(x) >= 1e-4 && abs(x) < upper) {
                let (integer, fraction) = digits.positional()
                return integer + "." + (fraction.isEmpty ? "0" : fraction)
            }
            let (integer, fraction, exponent) = digits.scientific()
            return integer + (fraction.isEmpty ? "" : "." + fraction) + exponentText(exponent, digits: 2)
        }
    }

    /// Builds the function printing the element at a flat offset, sized so that every shown
    /// element has the same width. NumPy: `_get_format_function`.
    private static func elementFormatter(_ values: FormatValues, shown: [Int]) -> (Int) -> String {
        switch values {
        case .bool(let bits):
            // NumPy pads `True` so it is as wide as `False`.
            return { bits[$0] ? " True" : "False" }
        case .int(let ints): return integerFormatter(shown) { String(ints[$0]) }
        case .unsigned(let ints): return integerFormatter(shown) { String(ints[$0]) }
        case .float(let doubles, let kind):
            let style = FloatStyle(shown.map { doubles[$0] }, kind: kind)
            return { style.format(doubles[$0]) }
        case .general(let doubles):
            return { generalText(doubles[$0]) }
        }
    }

    /// Integers right-aligned to the widest shown. NumPy: `IntegerFormat`.
    private static func integerFormatter(_ shown: [Int], _ text: @escaping (Int) -> String) -> (Int) -> String {
        let width = shown.map { text($0).count }.max() ?? 0
        return { pad(text($0), to: width) }
    }

    /// C's `%g` (six significant digits, trailing zeros dropped), `nan` for every NaN: the
    /// `str` of an ml_dtypes scalar.
    private static func generalText(_ x: Double) -> String {
        x.isNaN ? "nan" : String(format: "%g", x)
    }

    /// `text` right-aligned in `width` columns. Python: `str.rjust`.
    fileprivate static func pad(_ text: String, to width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }

    /// `e+05`-style exponent with at least `digits` digits. NumPy: Dragon4 `exp_digits`.
    fileprivate static func exponentText(_ exponent: Int, digits: Int) -> String {
        let magnitude = String(abs(exponent))
        return "e" + (exponent < 0 ? "-" : "+") + String(repeating: "0", count: max(0, digits - magnitude.count))
            + magnitude
    }
}

/// The shortest decimal digits that read back as the same value in its own type.
///
/// NumPy equivalent: Dragon4 with `unique=True`. Swift's `description` of `Float` and `Double`
/// is also shortest-round-trip (and closest among the shortest), so its digits are reused.
private struct ShortestDigits {
    /// Whether the value's sign bit is set (so negative zero prints `-0.`).
    let negative: Bool
    /// Significant digits without leading or trailing zeros; `[0]` for zero.
    let digits: [UInt8]
    /// The power of ten of the first digit.
    let exponent: Int

    /// Digits of `x` in its own type (`x` holds that type's value exactly).
    init(_ x: Double, kind: FloatKind) {
        var text = Substring(kind.shortestText(x))
        negative = text.first == "-"
        if negative { text = text.dropFirst() }
        var power = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            power = Int(text[text.index(after: e)...])!
            text = text[..<e]
        }
        let point = text.firstIndex(of: ".") ?? text.endIndex
        let integerCount = text.distance(from: text.startIndex, to: point)
        let all = text.filter { $0 != "." }.map { UInt8($0.asciiValue! - 48) }
        guard let first = all.firstIndex(where: { $0 != 0 }) else {
            digits = [0]
            exponent = 0
            return
        }
        let last = all.lastIndex(where: { $0 != 0 })!
        digits = Array(all[first...last])
        exponent = integerCount - 1 - first + power
    }

    /// Digits after the decimal point in positional notation.
    var fractionCount: Int { max(0, digits.count - 1 - exponent) }

    /// Sign-and-integer part and fraction part, with no trailing zeros in the fraction.
    func positional() -> (integer: String, fraction: String) {
        let text = digits.map { String($0) }.joined()
        let sign = negative ? "-" : ""
        if exponent < 0 {
            return (sign + "0", String(repeating: "0", count: -exponent - 1) + text)
        }
        let padded = text + String(repeating: "0", count: max(0, exponent + 1 - digits.count))
        let integerEnd = padded.index(padded.startIndex, offsetBy: exponent + 1)
        return (sign + padded[..<integerEnd], String(padded[integerEnd...]))
    }

    /// Sign-and-leading-digit part, the other digits, and the power of ten.
    func scientific() -> (integer: String, fraction: String, exponent: Int) {
        ((negative ? "-" : "") + String(digits[0]), digits.dropFirst().map { String($0) }.joined(), exponent)
    }
}

/// How the floats of one array are printed: positional or scientific, and the widths that
/// align the decimal points. NumPy: `FloatingFormat` with `floatmode='maxprec'`.
private struct FloatStyle {
    /// Scientific notation, chosen when the magnitudes span too wide a range.
    let scientific: Bool
    /// Digits after the point: the most any shown element needs (scientific mode only).
    let fractionDigits: Int
    /// Minimum digits of the exponent (scientific mode only).
    let exponentDigits: Int
    /// Columns left of the decimal point, sign included.
    let padLeft: Int
    /// Columns right of the decimal point (exponent included in scientific mode).
    let padRight: Int
    /// The values' type, whose shortest digits differ from float64's.
    let kind: FloatKind

    /// Measures the shown values. NumPy: `FloatingFormat.fillFormat`.
    init(_ shown: [Double], kind: FloatKind) {
        self.kind = kind
        let finite = shown.filter { $0.isFinite }
        // NumPy compares in the array's own type, so float32 and float16 data is tested as `Float`.
        scientific = kind == .double
            ? Self.needsScientific(finite, cutoff: kind.arrayCutoff)
            : Self.needsScientific(finite.map { Float($0) }, cutoff: Float(kind.arrayCutoff))
        var padLeft = 0, padRight = 0, fractionDigits = 0, exponentDigits = 0
        if !finite.isEmpty {
            if scientific {
                let parts = finite.map { Self.scientificParts($0, kind: kind, fractionDigits: nil) }
                fractionDigits = parts.map { $0.fraction.count }.max()!
                exponentDigits = parts.map { max(2, String(abs($0.exponent)).count) }.max()!
                padLeft = parts.map { $0.integer.count }.max()!
                // `e`, the exponent's sign and digits follow the fraction.
                padRight = fractionDigits + 2 + exponentDigits
            } else {
                let parts = finite.map { Self.positionalParts($0, kind: kind) }
                padLeft = parts.map { $0.integer.count }.max()!
                padRight = parts.map { $0.fraction.count }.max()!
            }
        }
        if finite.count != shown.count {
            // `nan`, `inf` and `-inf` are right-aligned in the full width, which may need widening.
            let negativeInfinity = shown.contains { $0 == -.infinity }
            padLeft = max(padLeft, 3 - (padRight + 1), 3 + (negativeInfinity ? 1 : 0) - (padRight + 1))
        }
        self.padLeft = padLeft
        self.padRight = padRight
        self.fractionDigits = fractionDigits
        self.exponentDigits = exponentDigits
    }

    /// NumPy's rule: scientific when the largest nonzero magnitude reaches
    /// `10**min(8, finfo.precision)` (1e8 for float64, 1e6 for float32), the smallest is below
    /// 1e-4, or the largest is more than 1000 times the smallest.
    private static func needsScientific<F: BinaryFloatingPoint>(_ finite: [F], cutoff: F) -> Bool {
        let magnitudes = finite.filter { $0 != 0 }.map { abs($0) }
        guard let largest = magnitudes.max(), let smallest = magnitudes.min() else { return false }
        return largest >= cutoff || smallest < F(0.0001) || largest / smallest > 1000
    }

    /// The positional parts of `x`: shortest digits, but at most `precision` after the point,
    /// then rounded from the exact binary value (as Dragon4 does) and stripped of trailing zeros.
    private static func positionalParts(_ x: Double, kind: FloatKind) -> (integer: String, fraction: String) {
        let digits = ShortestDigits(x, kind: kind)
        if digits.fractionCount <= ArrayFormatter.precision { return digits.positional() }
        // printf rounds the exact value half-to-even, matching Dragon4's cutoff rounding.
        let text = String(format: "%.\(ArrayFormatter.precision)f", x)
        let point = text.firstIndex(of: ".")!
        let fraction = text[text.index(after: point)...].reversed().drop { $0 == "0" }.reversed()
        return (String(text[..<point]), String(fraction))
    }

    /// The scientific parts of `x`. With `fractionDigits` nil: the shortest digits, at most
    /// `precision` after the first. Otherwise exactly `fractionDigits` after the first.
    static func scientificParts(_ x: Double, kind: FloatKind, fractionDigits: Int?)
        -> (integer: String, fraction: String, exponent: Int)
    {
        let digits = ShortestDigits(x, kind: kind)
        let shortestCount = digits.digits.count - 1
        let wanted = fractionDigits ?? min(shortestCount, ArrayFormatter.precision)
        if wanted == shortestCount { return digits.scientific() }
        // More digits than the shortest: Dragon4 keeps generating digits of the exact value,
        // which for float32 is not always zeros (np.float32(0.1) -> 1.00000001e-01).
        // Fewer digits: it rounds the exact value. printf does both the same way.
        let text = String(format: "%.\(wanted)e", x)
        let e = text.firstIndex(of: "e")!
        let mantissa = text[..<e]
        let exponent = Int(text[text.index(after: e)...])!
        // `%.0e` has no point; it happens when rounding left every element without a fraction,
        // e.g. 9.9999999999e-05 -> 1.e-04.
        guard let point = mantissa.firstIndex(of: ".") else { return (String(mantissa), "", exponent) }
        var fraction = String(mantissa[mantissa.index(after: point)...])
        if fractionDigits == nil {
            // The measuring pass trims trailing zeros (Dragon4 `trim='.'`): 9.5684448999e-05
            // rounds to 9.56844490 but needs only 7 digits, so the whole array gets 7.
            fraction = String(fraction.reversed().drop { $0 == "0" }.reversed())
        }
        return (String(mantissa[..<point]), fraction, exponent)
    }

    /// The padded text of one element. NumPy: `FloatingFormat.__call__`.
    func format(_ x: Double) -> String {
        if !x.isFinite {
            let word = x.isNaN ? "nan" : (x < 0 ? "-inf" : "inf")
            return ArrayFormatter.pad(word, to: padLeft + padRight + 1)
        }
        if scientific {
            let parts = Self.scientificParts(x, kind: kind, fractionDigits: fractionDigits)
            return ArrayFormatter.pad(parts.integer, to: padLeft) + "." + parts.fraction
                + ArrayFormatter.exponentText(parts.exponent, digits: exponentDigits)
        }
        let parts = Self.positionalParts(x, kind: kind)
        return ArrayFormatter.pad(parts.integer, to: padLeft) + "." + parts.fraction
            + String(repeating: " ", count: padRight - parts.fraction.count)
    }
}
