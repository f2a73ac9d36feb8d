import Kernels

/// The header of a `.npy` file: the Python dict literal after the magic string, e.g.
/// `{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }`.
///
/// It is read by a small strict parser, never evaluated: only string, bool and integer-tuple
/// values are understood, nesting is bounded, and anything else is an error naming the problem.
/// NumPy equivalent: `np.lib.format.read_array_header_1_0` / `_2_0` and `header_data_from_array_1_0`.
struct NPYHeader: Equatable, Sendable {
    /// The element type the file holds.
    var dtype: DType
    /// True when the file stores multi-byte elements most significant byte first (`>f8`).
    var bigEndian: Bool
    /// True when the data is in column-major (Fortran) order.
    var fortranOrder: Bool
    /// The array shape.
    var shape: [Int]

    /// NumPy refuses more dimensions than this (`NPY_MAXDIMS` is 64 since NumPy 2).
    static let maxDimensions = 64

    /// The `descr` NumPy writes for `dtype` in little-endian order.
    static func descr(for dtype: DType) -> String {
        switch dtype {
        case .bool: "|b1"
        case .int8: "|i1"
        case .int16: "<i2"
        case .uint8: "|u1"
        case .uint16: "<u2"
        case .uint32: "<u4"
        case .uint64: "<u8"
        case .int32: "<i4"
        case .int64: "<i8"
        case .float32: "<f4"
        case .float64: "<f8"
        case .float16: "<f2"
        // What ml_dtypes' bfloat16 writes: a two-byte void, NumPy having no bfloat16.
        case .bfloat16: "<V2"
        }
    }

    /// The dict text NumPy writes (same key order and spacing), without padding.
    var dictText: String {
        let dims = shape.map(String.init)
        let shapeText = dims.count == 1 ? "(\(dims[0]),)" : "(\(dims.joined(separator: ", ")))"
        let order = fortranOrder ? "True" : "False"
        return "{'descr': '\(NPYHeader.descr(for: dtype))', 'fortran_order': \(order), 'shape': \(shapeText), }"
    }

    /// Parses the header dict in `text` (the bytes between the header length and the data).
    init(parsing text: ArraySlice<UInt8>, context: IOContext) throws {
        var parser = HeaderParser(bytes: text, context: context)
        let dict = try parser.parseHeader()
        let keys = Set(dict.keys)
        guard keys == ["descr", "fortran_order", "shape"] else {
            throw context.error("header must have exactly the keys 'descr', 'fortran_order', 'shape'; found \(dict.keys.sorted())")
        }
        guard case .string(let descr)? = dict["descr"] else {
            if case .sequence? = dict["descr"] {
                throw context.error("structured dtypes (a 'descr' list of fields) are not supported")
            }
            throw context.error("header 'descr' must be a string")
        }
        guard case .bool(let fortran)? = dict["fortran_order"] else {
            throw context.error("header 'fortran_order' must be True or False")
        }
        guard case .sequence(let items, isTuple: true)? = dict["shape"] else {
            throw context.error("header 'shape' must be a tuple of integers")
        }
        var shape: [Int] = []
        for item in items {
            guard case .integer(let n) = item else {
                throw context.error("header 'shape' must be a tuple of integers")
            }
            shape.append(n)
        }
        guard shape.count <= NPYHeader.maxDimensions else {
            throw context.error("header shape has \(shape.count) dimensions; at most \(NPYHeader.maxDimensions) are supported")
        }
        let (dtype, bigEndian) = try NPYHeader.parseDescr(descr, context: context)
        self.init(dtype: dtype, bigEndian: bigEndian, fortranOrder: fortran, shape: shape)
    }

    init(dtype: DType, bigEndian: Bool, fortranOrder: Bool, shape: [Int]) {
        self.dtype = dtype
        self.bigEndian = bigEndian
        self.fortranOrder = fortranOrder
        self.shape = shape
    }

    /// Maps a NumPy type string such as `<f4`, `>i8` or `|b1` to a dtype and byte order.
    static func parseDescr(_ descr: String, context: IOContext) throws -> (DType, bigEndian: Bool) {
        var rest = Substring(descr)
        var bigEndian = false
        if let first = rest.first, "<>|=".contains(first) {
            // `=` and `|` mean native order; every platform Swift runs this on is little-endian
            // or says so through `isLittleEndianHost`.
            bigEndian = first == ">" || (first == "=" && !isLittleEndianHost)
            rest = rest.dropFirst()
        }
        switch rest {
        case "b1", "?": return (.bool, false)
        case "i1": return (.int8, false)
        case "i2": return (.int16, bigEndian)
        case "u1": return (.uint8, false)
        case "u2": return (.uint16, bigEndian)
        case "u4": return (.uint32, bigEndian)
        case "u8": return (.uint64, bigEndian)
        case "i4": return (.int32, bigEndian)
        case "i8": return (.int64, bigEndian)
        case "f4": return (.float32, bigEndian)
        case "f8": return (.float64, bigEndian)
        case "f2": return (.float16, bigEndian)
        // ml_dtypes saves bfloat16 as a two-byte void: the only two-byte void ML code writes.
        case "V2": return (.bfloat16, bigEndian)
        default: break
        }
        if rest.hasPrefix("O") {
            throw context.error("object arrays (dtype '\(descr)', pickled Python objects) cannot be loaded")
        }
        throw context.error("unsupported dtype '\(descr)'; supported are bool (|b1), int8 (|i1), int16 (<i2), int32 (<i4), int64 (<i8), uint8 (|u1), uint16 (<u2), uint32 (<u4), uint64 (<u8), float16 (<f2), bfloat16 (<V2, as ml_dtypes saves it), float32 (<f4), float64 (<f8), either byte order; convert first, e.g. a.astype(np.float32)")
    }
}

/// True when this machine stores integers least significant byte first.
let isLittleEndianHost = 1.littleEndian == 1

/// A value in the header dict; the parser builds only what the header format can contain.
private enum HeaderValue {
    case string(String)
    case bool(Bool)
    case integer(Int)
    case none
    case sequence([HeaderValue], isTuple: Bool)
}

/// A recursive-descent parser for the subset of Python literal syntax `.npy` headers use.
private struct HeaderParser {
    let bytes: ArraySlice<UInt8>
    let context: IOContext
    var position: Int

    /// Tuples nested deeper than this are hostile input; the limit keeps recursion shallow.
    static let maxDepth = 8

    init(bytes: ArraySlice<UInt8>, context: IOContext) {
        self.bytes = bytes
        self.context = context
        self.position = bytes.startIndex
    }

    func fail(_ what: String) -> LazyArrayError {
        context.error("malformed header: \(what) at header byte \(position - bytes.startIndex)")
    }

    mutating func skipSpace() {
        while position < bytes.endIndex, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) {
            position += 1
        }
    }

    /// Consumes `byte` after optional whitespace, or returns false leaving the position at it.
    mutating func accept(_ byte: UInt8) -> Bool {
        skipSpace()
        if position < bytes.endIndex, bytes[position] == byte {
            position += 1
            return true
        }
        return false
    }

    mutating func expect(_ byte: UInt8) throws {
        guard accept(byte) else { throw fail("expected '\(Character(Unicode.Scalar(byte)))'") }
    }

    /// The whole header: one dict, then only whitespace (NumPy pads with spaces and a newline).
    mutating func parseHeader() throws -> [String: HeaderValue] {
        try expect(UInt8(ascii: "{"))
        var dict: [String: HeaderValue] = [:]
        while !accept(UInt8(ascii: "}")) {
            guard case .string(let key) = try parseValue(depth: 0) else { throw fail("expected a string key") }
            try expect(UInt8(ascii: ":"))
            let value = try parseValue(depth: 0)
            guard dict.updateValue(value, forKey: key) == nil else { throw fail("duplicate key '\(key)'") }
            if !accept(UInt8(ascii: ",")) {
                try expect(UInt8(ascii: "}"))
                break
            }
        }
        skipSpace()
        guard position == bytes.endIndex else { throw fail("unexpected text after the dict") }
        return dict
    }

    mutating func parseValue(depth: Int) throws -> HeaderValue {
        skipSpace()
        guard position < bytes.endIndex else { throw fail("unexpected end") }
        let byte = bytes[position]
        switch byte {
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            return .string(try parseString(quote: byte))
        case UInt8(ascii: "("), UInt8(ascii: "["):
            guard depth < HeaderParser.maxDepth else { throw fail("nesting too deep") }
            position += 1
            let close = byte == UInt8(ascii: "(") ? UInt8(ascii: ")") : UInt8(ascii: "]")
            var items: [HeaderValue] = []
            while !accept(close) {
                items.append(try parseValue(depth: depth + 1))
                if !accept(UInt8(ascii: ",")) {
                    try expect(close)
                    break
                }
            }
            return .sequence(items, isTuple: byte == UInt8(ascii: "("))
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"):
            return .integer(try parseInteger())
        default:
            for (word, value) in [("True", HeaderValue.bool(true)), ("False", .bool(false)), ("None", .none)]
            where bytes[position...].starts(with: word.utf8) {
                position += word.utf8.count
                return value
            }
            throw fail("unexpected character")
        }
    }

    /// A quoted string without escapes; NumPy never writes backslashes in these headers.
    mutating func parseString(quote: UInt8) throws -> String {
        position += 1
        let start = position
        while position < bytes.endIndex, bytes[position] != quote {
            guard bytes[position] != UInt8(ascii: "\\"), bytes[position] != 0x0A else {
                throw fail("unsupported character in string")
            }
            position += 1
        }
        guard position < bytes.endIndex else { throw fail("unterminated string") }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        position += 1
        return text
    }

    /// A decimal integer (Python 2 headers may add an `L` suffix); negative dimensions and
    /// values past `Int.max` are errors, not traps.
    mutating func parseInteger() throws -> Int {
        if bytes[position] == UInt8(ascii: "-") { throw fail("negative dimension") }
        var value = 0
        while position < bytes.endIndex, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) {
            let digit = Int(bytes[position] - UInt8(ascii: "0"))
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(digit)
            guard !o1, !o2 else { throw fail("integer too large") }
            value = sum
            position += 1
        }
        if position < bytes.endIndex, bytes[position] == UInt8(ascii: "L") { position += 1 }
        return value
    }
}
