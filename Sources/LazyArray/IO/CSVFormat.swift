/// A parsed numeric table, row-major.
struct CSVTable<Element>: Sendable where Element: Sendable {
    var values: [Element]
    var rows: Int
    var columns: Int
}

/// Numeric CSV parsing: one row per line, fields split on a single-byte delimiter.
///
/// Blank lines and lines starting with `#` are skipped (as `np.loadtxt` skips them); a UTF-8
/// byte-order mark is ignored; `\r\n` line ends work; spaces around fields and one pair of double
/// quotes around a field are removed. Every row must have the same number of fields.
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

        var values: [T] = []
        var fieldCount: Int?  // of the first data row, which every other row must match
        var firstDataLine = 0
        var chosen: [Int] = []  // column indices to keep, negatives resolved
        var rows = 0
        var lineNumber = 0
        var lineStart = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var fields: [Range<Int>] = []

        while lineStart < bytes.count {
            lineNumber += 1
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
            let next = lineEnd + 1
            if lineEnd > lineStart, bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            defer { lineStart = next }
            if lineNumber <= skipHeader { continue }
            let content = trimmed(bytes, lineStart..<lineEnd)
            if content.isEmpty || bytes[content.lowerBound] == UInt8(ascii: "#") { continue }

            fields.removeAll(keepingCapacity: true)
            var fieldStart = lineStart
            for i in lineStart..<lineEnd where bytes[i] == separator {
                fields.append(fieldStart..<i)
                fieldStart = i + 1
            }
            fields.append(fieldStart..<lineEnd)

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
        _ bytes: [UInt8], _ range: Range<Int>, _ type: T.Type, missing: MissingValuePolicy, at place: @autoclosure () -> String,
        context: IOContext
    ) throws -> T {
        var field = trimmed(bytes, range)
        if field.count >= 2, bytes[field.lowerBound] == UInt8(ascii: "\""), bytes[field.upperBound - 1] == UInt8(ascii: "\"") {
            field = trimmed(bytes, field.lowerBound + 1..<field.upperBound - 1)
        }
        let text = String(decoding: bytes[field], as: UTF8.self)
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

    private static func trimmed(_ bytes: [UInt8], _ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper, bytes[lower] == 0x20 || bytes[lower] == 0x09 { lower += 1 }
        while upper > lower, bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0x09 { upper -= 1 }
        return lower..<upper
    }
}
