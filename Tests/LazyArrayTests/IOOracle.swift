import Foundation
@testable import LazyArray

/// The contract every file reader keeps on any input, checked on one input at a time: it ends in
/// either a decoded array that matches what its header declares, or a `LazyArrayError` whose
/// operation is the reader's and whose reason starts with the file name and says why. Anything
/// else (a trap, another error type, an array that disagrees with its header, a round trip that
/// changes it) is a violation.
///
/// Shared by the deterministic mutation tests (IOFuzzTests) and the libFuzzer targets in `fuzz/`
/// (which reach this file through a symlink), so both hold the readers to the same contract.
enum IOOracle {
    enum Outcome: Equatable {
        /// The input decoded, and the result matched its header.
        case loaded
        /// The reader refused the input with a well-formed `LazyArrayError`; the reason.
        case refused(String)
        /// The contract was broken; what broke it.
        case violated(String)

        var violation: String? {
            if case .violated(let what) = self { return what }
            return nil
        }
    }

    static let npySource = "fuzz.npy", npzSource = "fuzz.npz", csvSource = "fuzz.csv"
    /// Decoded arrays up to this many elements are also evaluated as NDArrays and compared.
    static let maxEvaluated = 4096

    /// `.npy` bytes through `NPYArray(decoding:)`, as `NDArray.load` reads them.
    static func npy(_ bytes: [UInt8]) -> Outcome {
        let context = IOContext(operation: "load", source: npySource)
        return outcome(context) {
            let array = try NPYArray(decoding: bytes, context: context)
            let header = try NPYHeader(parsing: bytes[NPYArray.layout(of: bytes, fileSize: bytes.count, context: context)],
                                       context: context)
            return check(array, against: header, context: context)
        }
    }

    /// `.npz` bytes through `NPZFormat.decode`, as `NDArray.loadArchive` reads them: every
    /// member decoded matches its own header, and each key is a member name without `.npy`.
    static func npz(_ bytes: [UInt8]) -> Outcome {
        let context = IOContext(operation: "loadArchive", source: npzSource)
        return outcome(context) {
            let arrays = try NPZFormat.decode(bytes, context: context)
            let archive = try ZipArchive(bytes: bytes, context: context)
            let names = Set(archive.entries.map(\.name).filter { $0.hasSuffix(".npy") })
            guard Set(arrays.keys.map { $0 + ".npy" }) == names else {
                return "keys \(arrays.keys.sorted()) are not the .npy members \(names.sorted())"
            }
            for entry in archive.entries where entry.name.hasSuffix(".npy") {
                let member = context.member(entry.name)
                let data = try archive.contents(of: entry)
                let header = try NPYHeader(parsing: data[NPYArray.layout(of: data, fileSize: data.count, context: member)],
                                           context: member)
                guard let array = arrays[String(entry.name.dropLast(4))] else { return "member \(entry.name) decoded to nothing" }
                if let problem = check(array, against: header, context: member) { return "\(entry.name): \(problem)" }
            }
            return nil
        }
    }

    /// A raw DEFLATE stream that must give exactly `expectedSize` bytes: the result has that size
    /// or the error says why. `InflateError` is the only error the decoder can throw (typed
    /// throws), so only the outcome's size and reason are left to check.
    static func inflate(_ stream: ArraySlice<UInt8>, expectedSize: Int) -> Outcome {
        do {
            let output = try Inflate.decompress(stream, expectedSize: expectedSize)
            return output.count == expectedSize ? .loaded : .violated("\(output.count) bytes decoded, \(expectedSize) expected")
        } catch {
            return error.reason.isEmpty ? .violated("an InflateError without a reason") : .refused(error.reason)
        }
    }

    /// CSV text through `CSVFormat.parse`, as `NDArray.loadCSV` reads it. A table that parses must
    /// be rows x columns values and parse back to the same values when written out again.
    static func csv(_ bytes: [UInt8], delimiter: Character, skipHeader: Int, missing: MissingValuePolicy) -> Outcome {
        let context = IOContext(operation: "loadCSV", source: csvSource)
        return outcome(context) {
            let table = try CSVFormat.parse(bytes, as: Double.self, delimiter: delimiter, skipHeader: skipHeader,
                                            columns: nil, missing: missing, context: context)
            guard table.values.count == table.rows * table.columns else {
                return "\(table.values.count) values in a \(table.rows) x \(table.columns) table"
            }
            guard table.rows > 0 else { return nil }
            let separator = String(delimiter)
            let text = (0..<table.rows).map { row in
                table.values[row * table.columns..<(row + 1) * table.columns].map { "\($0)" }.joined(separator: separator)
            }.joined(separator: "\n")
            let again = try CSVFormat.parse(Array(text.utf8), as: Double.self, delimiter: delimiter, skipHeader: 0,
                                            columns: nil, missing: .nan, context: context)
            let same = again.rows == table.rows && again.columns == table.columns
                && zip(again.values, table.values).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
            return same ? nil : "written out and read again, the table changed"
        }
    }

    /// A fuzz input of the inflate target: a 3-byte little-endian expected size, then a raw
    /// DEFLATE stream; nil when shorter than the size.
    static func inflateInput(_ input: [UInt8]) -> (expectedSize: Int, stream: ArraySlice<UInt8>)? {
        guard input.count >= 3 else { return nil }
        return (Int(input[0]) | Int(input[1]) << 8 | Int(input[2]) << 16, input[3...])
    }

    /// A fuzz input of the CSV target: the first byte picks the options (bits 0-1 the delimiter,
    /// 2-3 the missing-value policy, 4-5 the header lines skipped), the rest is the text.
    static func csv(fuzzInput input: [UInt8]) -> Outcome {
        guard let options = input.first else { return .loaded }
        let delimiter: Character = [",", ";", "\t", " "][Int(options & 3)]
        let missing: MissingValuePolicy = [.nan, .error, .fill(-1), .nan][Int(options >> 2 & 3)]
        return csv(Array(input.dropFirst()), delimiter: delimiter, skipHeader: Int(options >> 4 & 3), missing: missing)
    }

    /// Runs `body`, which returns a violation or nil, and sorts what it threw.
    private static func outcome(_ context: IOContext, _ body: () throws -> String?) -> Outcome {
        do {
            if let violation = try body() { return .violated(violation) }
            return .loaded
        } catch let error as LazyArrayError {
            // The file, then the reason or the archive member and the reason.
            let named = [context.source + ": ", context.source + ", member '"].contains { error.reason.hasPrefix($0) }
            guard error.operation == context.operation, named, !error.reason.hasSuffix(": ") else {
                return .violated("the error does not name the operation and file: \(error)")
            }
            return .refused(error.reason)
        } catch {
            return .violated("\(type(of: error)) thrown, not a LazyArrayError: \(error)")
        }
    }

    /// Equal dtype, shape and values, any NaN matching any NaN: `toArray` does not keep a NaN's
    /// signaling bit (docs/fuzzing.md, findings), while the decoder itself must keep every bit,
    /// which the byte-exact round trip in `check` holds it to.
    private static func sameValues(_ a: NPYArray, _ b: NPYArray) -> Bool {
        guard a.dtype == b.dtype, a.shape == b.shape else { return false }
        func same<T: BinaryFloatingPoint & BitwiseCopyable>(_ type: T.Type) -> Bool {
            zip(a.elements(as: T.self), b.elements(as: T.self)).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
        }
        switch a.dtype {
        case .float32: return same(Float.self)
        case .float64: return same(Double.self)
        case .bool, .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64: return a.bytes == b.bytes
        case .float16, .bfloat16:
            // Equal bits, or both NaN (any payload).
            let (x, y) = (a.elements(as: UInt16.self), b.elements(as: UInt16.self))
            let (exponent, fraction): (UInt16, UInt16) = a.dtype == .float16 ? (0x7C00, 0x3FF) : (0x7F80, 0x7F)
            func isNaN(_ bits: UInt16) -> Bool { bits & exponent == exponent && bits & fraction != 0 }
            return x.count == y.count && zip(x, y).allSatisfy { $0 == $1 || (isNaN($0) && isNaN($1)) }
        }
    }

    /// Why `array` does not match `header`, or nil: same dtype and shape, exactly the bytes the
    /// shape needs, booleans 0 or 1, and unchanged when encoded and decoded again.
    private static func check(_ array: NPYArray, against header: NPYHeader, context: IOContext) -> String? {
        guard array.dtype == header.dtype, array.shape == header.shape else {
            return "decoded as \(array.dtype) \(array.shape), the header says \(header.dtype) \(header.shape)"
        }
        guard let count = NPYArray.elementCount(header.shape), array.bytes.count == count * header.dtype.byteSize else {
            return "\(array.bytes.count) data bytes for shape \(header.shape) of \(header.dtype)"
        }
        if array.dtype == .bool, let byte = array.bytes.first(where: { $0 > 1 }) { return "a bool byte is \(byte)" }
        do {
            let again = try NPYArray(decoding: array.encoded(), context: context)
            guard again == array else { return "encoded and decoded again, the array changed" }
            // What `NDArray.load` returns: its shape, and for small arrays its evaluated values.
            let loaded = NDArray(npy: array)
            guard loaded.shape == header.shape, loaded.size == count else {
                return "loaded as shape \(loaded.shape) of \(loaded.size) elements, the header says \(header.shape)"
            }
            if count <= maxEvaluated, !sameValues(try loaded.npyArray(context: context), array) {
                return "the loaded array evaluates to other values"
            }
            return nil
        } catch {
            return "its own encoding does not decode or evaluate: \(error)"
        }
    }
}
