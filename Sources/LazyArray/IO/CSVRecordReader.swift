/// One field of a CSV record: where its text lies in the file (inside the quotes of a quoted
/// field), and whether that text holds doubled quotes (`""`) that stand for one quote each.
struct CSVField {
    var range: Range<Int>
    var hasDoubledQuotes: Bool
}

/// Splits CSV bytes into records, one at a time, as RFC 4180 reads them: a field that starts
/// with a double quote (after spaces) runs to the closing quote, over delimiters and line breaks,
/// with `""` for a quote inside it. It keeps the physical line number, so errors can name it.
struct CSVRecordReader {
    let bytes: [UInt8]
    let separator: UInt8
    let context: IOContext
    /// The next byte to read.
    var position = 0
    /// The physical line `position` is on, from 1.
    private(set) var line = 1

    private static let quote = UInt8(ascii: "\""), newline: UInt8 = 0x0A, carriageReturn: UInt8 = 0x0D

    init(bytes: [UInt8], separator: UInt8, context: IOContext) {
        self.bytes = bytes
        self.separator = separator
        self.context = context
    }

    /// Padding around a field: a space or tab, unless it is the delimiter.
    private func isPadding(_ byte: UInt8) -> Bool { (byte == 0x20 || byte == 0x09) && byte != separator }

    /// True at `\n`, at `\r\n`, or at a `\r` that ends the file.
    private func isLineEnd(_ at: Int) -> Bool {
        bytes[at] == CSVRecordReader.newline
            || (bytes[at] == CSVRecordReader.carriageReturn && (at + 1 == bytes.count || bytes[at + 1] == CSVRecordReader.newline))
    }

    /// Moves past the rest of the current line and its line break.
    mutating func skipLine() {
        while position < bytes.count, bytes[position] != CSVRecordReader.newline { position += 1 }
        if position < bytes.count {
            position += 1
            line += 1
        }
    }

    /// Whether the line ahead holds only spaces and tabs, or starts (after them) with `#`.
    func atBlankOrCommentLine() -> Bool {
        var at = position
        while at < bytes.count, bytes[at] == 0x20 || bytes[at] == 0x09 { at += 1 }
        return at == bytes.count || isLineEnd(at) || bytes[at] == UInt8(ascii: "#")
    }

    /// Reads the record ahead into `fields`, and moves past its line break.
    mutating func readRecord(into fields: inout [CSVField]) throws {
        fields.removeAll(keepingCapacity: true)
        while true {
            let column = fields.count + 1
            while position < bytes.count, isPadding(bytes[position]) { position += 1 }
            if position < bytes.count, bytes[position] == CSVRecordReader.quote {
                fields.append(try quotedField(column: column))
            } else {
                let start = position
                while position < bytes.count, bytes[position] != separator, bytes[position] != CSVRecordReader.newline {
                    position += 1
                }
                var end = position
                if end > start, bytes[end - 1] == CSVRecordReader.carriageReturn, position == bytes.count || bytes[position] != separator {
                    end -= 1
                }
                fields.append(CSVField(range: start..<end, hasDoubledQuotes: false))
            }
            if position < bytes.count, bytes[position] == separator {
                position += 1
                continue
            }
            // At the end of the file, or at a line end (a quoted field may leave a `\r` before it).
            if position < bytes.count, bytes[position] == CSVRecordReader.carriageReturn { position += 1 }
            if position < bytes.count {
                position += 1
                line += 1
            }
            return
        }
    }

    /// The quoted field starting at `position`, which is its opening quote; stops after the
    /// padding that follows the closing quote.
    private mutating func quotedField(column: Int) throws -> CSVField {
        let opened = line
        position += 1
        let start = position
        var doubled = false
        while true {
            guard position < bytes.count else {
                throw context.error("line \(opened), column \(column): the quoted field opened here never closes")
            }
            if bytes[position] == CSVRecordReader.quote {
                guard position + 1 < bytes.count, bytes[position + 1] == CSVRecordReader.quote else { break }
                doubled = true
                position += 2
                continue
            }
            if bytes[position] == CSVRecordReader.newline { line += 1 }
            position += 1
        }
        let field = CSVField(range: start..<position, hasDoubledQuotes: doubled)
        position += 1
        while position < bytes.count, isPadding(bytes[position]) { position += 1 }
        guard position == bytes.count || bytes[position] == separator || isLineEnd(position) else {
            throw context.error("line \(line), column \(column): text after the closing quote of a quoted field")
        }
        return field
    }
}
