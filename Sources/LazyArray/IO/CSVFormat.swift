/// A parsed numeric table, row-major.
struct CSVTable<Element>: Sendable where Element: Sendable {
    var values: [Element]
    var rows: Int
    var columns: Int
}

/// Numeric CSV parsing: one record per line, fields split on a single-byte delimiter, quoted
/// fields as RFC 4180 has them.
///
/// A field that starts with a double quote (after spaces) runs to the closing quote: it may hold
/// the delimiter (`"1,000"` is one field) and line breaks, and `""` inside it stands for one
/// quote. Blank lines and lines starting with `#` are skipped (as `np.loadtxt` skips them); a
/// UTF-8 byte-order mark is ignored; `\r\n` line ends work; spaces around a field, and spaces and
/// line breaks just inside the quotes of a quoted one, are removed. Every record must have the
/// same number of fields. Errors name the physical line (from 1) and the column (field, from 1).
enum CSVFormat {
    static func parse<T: BinaryFloatingPoint & LosslessStringConvertible & Sendable>(
        _ bytes: [UInt8], as type: T.Type, delimiter: Character, skipHeader: Int, columns selection: [Int]?,
        missing: MissingValuePolicy, context: IOContext
    ) throws -> CSVTable<T> {
        guard let separator = delimiter.asciiValue, delimiter != "\n", delimiter != "\r", delimiter != "\"" else {
            throw context.error("the delimiter must be a single ASCII character other than a quote or line break, not \(String(reflecting: delimiter))")
        }
        guard skipHeader >= 0 else { throw context.error("skipHeader must be 0 or more, not \(skipHeader)") }
        if let selection, selection.isEmpty { throw context.error("columns must not be empty") }

        var reader = CSVRecordReader(bytes: bytes, separator: separator, context: context)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { reader.position = 3 }
        while reader.line <= skipHeader, reader.position < bytes.count { reader.skipLine() }

        var values: [T] = []
        var fieldCount: Int?  // of the first data record, which every other record must match
        var firstDataLine = 0
        var chosen: [Int] = []  // column indices to keep, negatives resolved
        var rows = 0
        var fields: [CSVField] = []
        while reader.position < bytes.count {
            let lineNumber = reader.line
            if reader.atBlankOrCommentLine() {
                reader.skipLine()
                continue
            }
            try reader.readRecord(into: &fields)
            if let expected = fieldCount {
                guard fields.count == expected else {
                    throw context.error("line \(lineNumber) has \(fields.count) fields, but line \(firstDataLine) has \(expected)")
                }
            } else {
                fieldCount = fields.count
                firstDataLine = lineNumber
                chosen = try (selection ?? Array(0..<fields.count)).map { column in
                    let resolved = column < 0 ? column + fields.count : column
                    guard (0..<fields.count).contains(resolved) else {
                        throw context.error("column \(column) does not exist: line \(lineNumber) has \(fields.count) fields")
                    }
                    return resolved
                }
            }
            for column in chosen {
                values.append(try value(bytes, fields[column], T.self, missing: missing,
                                        at: "line \(lineNumber), column \(column + 1)", context: context))
            }
            rows += 1
        }
        return CSVTable(values: values, rows: rows, columns: rows == 0 ? selection?.count ?? 0 : chosen.count)
    }

    /// The field's number, or what the missing-value policy says for a missing field.
    private static func value<T: BinaryFloatingPoint & LosslessStringConvertible>(
        _ bytes: [UInt8], _ field: CSVField, _ type: T.Type, missing: MissingValuePolicy, at place: @autoclosure () -> String,
        context: IOContext
    ) throws -> T {
        let content = bytes[trimmed(bytes, field.range)]
        let text = field.hasDoubledQuotes ? String(decoding: undoubled(content), as: UTF8.self) : String(decoding: content, as: UTF8.self)
        if isMissing(text) {
            switch missing {
            case .nan: return T.nan
            case .fill(let fill): return T(fill)
            case .error: throw context.error("\(place()): missing value\(text.isEmpty ? "" : " '\(text)'") (missing: .error)")
            }
        }
        guard let number = T(text) else { throw context.error("\(place()): '\(text)' is not a number") }
        return number
    }

    private static func isMissing(_ text: String) -> Bool {
        switch text.lowercased() {
        case "", "na", "n/a", "nan": true
        default: false
        }
    }

    /// `content` with each `""` made one `"` (inside a quoted field every quote comes doubled).
    private static func undoubled(_ content: ArraySlice<UInt8>) -> [UInt8] {
        var result: [UInt8] = []
        var skipNext = false
        for byte in content {
            if skipNext {
                skipNext = false
                continue
            }
            result.append(byte)
            skipNext = byte == UInt8(ascii: "\"")
        }
        return result
    }

    /// `range` without the spaces, tabs and line breaks (a quoted field may hold them) at its ends.
    private static func trimmed(_ bytes: [UInt8], _ range: Range<Int>) -> Range<Int> {
        let space: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper, space(bytes[lower]) { lower += 1 }
        while upper > lower, space(bytes[upper - 1]) { upper -= 1 }
        return lower..<upper
    }
}
