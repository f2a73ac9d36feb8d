/// A raw DEFLATE decoder (RFC 1951): stored, fixed-Huffman and dynamic-Huffman blocks.
///
/// Written here so the library needs no zlib. Hostile streams are expected: every code length,
/// Huffman table, symbol, length and distance is checked, and output never grows past the size
/// the caller expects, so a bad stream throws ``InflateError`` instead of trapping or allocating.
/// NumPy equivalent: the `zlib.decompress(data, -15)` that `zipfile` runs for `np.load` of a
/// `savez_compressed` archive.
enum Inflate {
    /// DEFLATE's largest expansion: a 258-byte copy costs at least 2 bits (a 1-bit length code and
    /// a 1-bit distance code), so `n` input bytes give at most 1032 n output bytes.
    static let maxRatio = 1032

    /// Decompresses `input`, which must produce exactly `expectedSize` bytes. An `expectedSize`
    /// that `input` cannot reach at ``maxRatio`` (a zip bomb's declared size, say) is refused
    /// before any memory is taken; otherwise the output buffer is reserved once at that size.
    static func decompress(_ input: ArraySlice<UInt8>, expectedSize: Int) throws(InflateError) -> [UInt8] {
        let (reachable, overflow) = input.count.multipliedReportingOverflow(by: maxRatio)
        guard expectedSize >= 0, overflow || expectedSize <= reachable else {
            throw InflateError("\(expectedSize) bytes cannot come from \(input.count) compressed bytes (DEFLATE expands at most \(maxRatio):1)")
        }
        var decoder = Decoder(input: input, limit: expectedSize)
        try decoder.run()
        guard decoder.output.count == expectedSize else {
            throw InflateError("stream ends after \(decoder.output.count) bytes, \(expectedSize) expected")
        }
        return decoder.output
    }
}

/// Why a DEFLATE stream could not be decoded.
struct InflateError: Error, Sendable {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}

/// A canonical Huffman code as a single lookup table indexed by the next `maxLength` input bits
/// (least significant bit first, as DEFLATE packs codes bit-reversed).
private struct HuffmanTable {
    /// Per entry: `symbol << 4 | codeLength`; 0 marks bit patterns no code uses.
    var entries: [UInt32]
    var maxLength: Int

    /// Builds the table from per-symbol code lengths (0 = unused), rejecting over-subscribed
    /// codes. Incomplete codes are allowed; their unused patterns throw when met while decoding.
    init(lengths: ArraySlice<UInt8>) throws(InflateError) {
        var countPerLength = [Int](repeating: 0, count: 16)
        for length in lengths { countPerLength[Int(length)] += 1 }
        countPerLength[0] = 0
        var left = 1
        for length in 1...15 {
            left = left << 1 - countPerLength[length]
            guard left >= 0 else { throw InflateError("over-subscribed Huffman code") }
        }
        maxLength = countPerLength.lastIndex(where: { $0 > 0 }) ?? 0
        entries = [UInt32](repeating: 0, count: 1 << maxLength)
        // First canonical code of each length (RFC 1951 section 3.2.2).
        var nextCode = [Int](repeating: 0, count: 16)
        var code = 0
        for length in 1...15 {
            code = (code + countPerLength[length - 1]) << 1
            nextCode[length] = code
        }
        for (symbol, length) in lengths.enumerated() where length > 0 {
            let len = Int(length)
            let canonical = nextCode[len]
            nextCode[len] += 1
            var reversed = 0
            for bit in 0..<len where canonical & (1 << (len - 1 - bit)) != 0 { reversed |= 1 << bit }
            let entry = UInt32(symbol) << 4 | UInt32(len)
            var index = reversed
            while index < entries.count {
                entries[index] = entry
                index += 1 << len
            }
        }
    }
}

private struct Decoder {
    let input: ArraySlice<UInt8>
    var position: Int
    /// Bits not yet consumed, least significant first.
    var bitBuffer: UInt64 = 0
    var bitCount = 0
    var output: [UInt8] = []
    let limit: Int

    init(input: ArraySlice<UInt8>, limit: Int) {
        self.input = input
        self.position = input.startIndex
        self.limit = limit
        // `decompress` has checked that this input can expand to `limit`.
        output.reserveCapacity(limit)
    }

    static let lengthBase: [Int] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
                                    35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    static let lengthExtra: [Int] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
                                     3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distanceBase: [Int] = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
                                      257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
                                      8193, 12289, 16385, 24577]
    static let distanceExtra: [Int] = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6,
                                       7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]
    /// The order code-length code lengths are sent in (RFC 1951 section 3.2.7).
    static let codeLengthOrder: [Int] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    static let fixedLiteralTable: HuffmanTable = {
        var lengths = [UInt8](repeating: 8, count: 288)
        for i in 144..<256 { lengths[i] = 9 }
        for i in 256..<280 { lengths[i] = 7 }
        // The fixed code is complete, so building it cannot fail.
        return try! HuffmanTable(lengths: lengths[...])
    }()
    static let fixedDistanceTable: HuffmanTable = try! HuffmanTable(lengths: [UInt8](repeating: 5, count: 30)[...])

    /// Tops the bit buffer up to at least 57 bits while input remains.
    mutating func refill() {
        while bitCount <= 56, position < input.endIndex {
            bitBuffer |= UInt64(input[position]) << UInt64(bitCount)
            position += 1
            bitCount += 8
        }
    }

    mutating func bits(_ count: Int) throws(InflateError) -> Int {
        if bitCount < count {
            refill()
            guard bitCount >= count else { throw InflateError("truncated stream") }
        }
        let value = Int(bitBuffer & ((1 << UInt64(count)) - 1))
        bitBuffer >>= UInt64(count)
        bitCount -= count
        return value
    }

    mutating func decodeSymbol(_ table: HuffmanTable) throws(InflateError) -> Int {
        if bitCount < table.maxLength { refill() }
        // Near the end of input fewer bits may remain than the longest code; the missing bits
        // read as zero and the length check below rejects a code that needed them.
        let entry = table.entries[Int(bitBuffer & ((1 << UInt64(table.maxLength)) - 1))]
        let length = Int(entry & 15)
        guard length > 0 else { throw InflateError("invalid Huffman code") }
        guard length <= bitCount else { throw InflateError("truncated stream") }
        bitBuffer >>= UInt64(length)
        bitCount -= length
        return Int(entry >> 4)
    }

    mutating func run() throws(InflateError) {
        var isLast = false
        while !isLast {
            isLast = try bits(1) == 1
            switch try bits(2) {
            case 0: try storedBlock()
            case 1: try huffmanBlock(literals: Decoder.fixedLiteralTable, distances: Decoder.fixedDistanceTable)
            case 2:
                let (literals, distances) = try dynamicTables()
                try huffmanBlock(literals: literals, distances: distances)
            default: throw InflateError("invalid block type 3")
            }
        }
    }

    mutating func storedBlock() throws(InflateError) {
        // Stored blocks start on a byte boundary; drop the partial byte, then return whole bytes
        // still in the buffer to the input.
        _ = try bits(bitCount % 8)
        position -= bitCount / 8
        bitBuffer = 0
        bitCount = 0
        guard input.endIndex - position >= 4 else { throw InflateError("truncated stored block header") }
        let length = Int(input[position]) | Int(input[position + 1]) << 8
        let complement = Int(input[position + 2]) | Int(input[position + 3]) << 8
        position += 4
        guard length == complement ^ 0xFFFF else { throw InflateError("stored block length check failed") }
        guard length <= input.endIndex - position else { throw InflateError("truncated stored block") }
        guard length <= limit - output.count else { throw InflateError("output exceeds the expected size") }
        output += input[position..<position + length]
        position += length
    }

    mutating func dynamicTables() throws(InflateError) -> (HuffmanTable, HuffmanTable) {
        let literalCount = try bits(5) + 257
        let distanceCount = try bits(5) + 1
        let codeLengthCount = try bits(4) + 4
        guard literalCount <= 286, distanceCount <= 30 else {
            throw InflateError("too many length or distance codes")
        }
        var codeLengthLengths = [UInt8](repeating: 0, count: 19)
        for i in 0..<codeLengthCount { codeLengthLengths[Decoder.codeLengthOrder[i]] = UInt8(try bits(3)) }
        let codeLengthTable = try HuffmanTable(lengths: codeLengthLengths[...])
        guard codeLengthTable.maxLength > 0 else { throw InflateError("empty code length code") }

        var lengths = [UInt8](repeating: 0, count: literalCount + distanceCount)
        var index = 0
        while index < lengths.count {
            let symbol = try decodeSymbol(codeLengthTable)
            if symbol < 16 {
                lengths[index] = UInt8(symbol)
                index += 1
                continue
            }
            var repeated: UInt8 = 0
            let times: Int
            switch symbol {
            case 16:
                guard index > 0 else { throw InflateError("repeat with no previous length") }
                repeated = lengths[index - 1]
                times = 3 + (try bits(2))
            case 17: times = 3 + (try bits(3))
            default: times = 11 + (try bits(7))
            }
            guard times <= lengths.count - index else { throw InflateError("code lengths overflow the table") }
            for _ in 0..<times {
                lengths[index] = repeated
                index += 1
            }
        }
        guard lengths[256] > 0 else { throw InflateError("no end-of-block code") }
        let literals = try HuffmanTable(lengths: lengths[0..<literalCount])
        let distances = try HuffmanTable(lengths: lengths[literalCount...])
        return (literals, distances)
    }

    mutating func huffmanBlock(literals: HuffmanTable, distances: HuffmanTable) throws(InflateError) {
        while true {
            let symbol = try decodeSymbol(literals)
            if symbol < 256 {
                guard output.count < limit else { throw InflateError("output exceeds the expected size") }
                output.append(UInt8(symbol))
                continue
            }
            if symbol == 256 { return }
            let lengthCode = symbol - 257
            guard lengthCode < 29 else { throw InflateError("invalid length code \(symbol)") }
            let length = Decoder.lengthBase[lengthCode] + (try bits(Decoder.lengthExtra[lengthCode]))
            // A block may use no distances at all, leaving an empty distance table.
            guard distances.maxLength > 0 else { throw InflateError("distance code in a block without distances") }
            let distanceCode = try decodeSymbol(distances)
            guard distanceCode < 30 else { throw InflateError("invalid distance code \(distanceCode)") }
            let distance = Decoder.distanceBase[distanceCode] + (try bits(Decoder.distanceExtra[distanceCode]))
            guard distance <= output.count else { throw InflateError("distance \(distance) reaches before the start of the output") }
            guard length <= limit - output.count else { throw InflateError("output exceeds the expected size") }
            // Byte by byte: a copy may overlap the bytes it produces (distance < length).
            var from = output.count - distance
            for _ in 0..<length {
                output.append(output[from])
                from += 1
            }
        }
    }
}
