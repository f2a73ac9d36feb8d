import CZlib
@testable import FuzzOracle
@testable import LazyArray

/// libFuzzer entry point: an expected size and a raw DEFLATE stream (see
/// `IOOracle.inflateInput`). Besides the reader contract, the result is compared with zlib's: a
/// stream zlib decodes to exactly the expected size must decode to the same bytes here. (Not the
/// converse: zlib refuses incomplete Huffman codes that RFC 1951 allows and this decoder accepts.)
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzInflate(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let (expectedSize, stream) = IOOracle.inflateInput(bytes(start, count)) else { return 0 }
    require(IOOracle.inflate(stream, expectedSize: expectedSize))
    // zlib cannot decode more than DEFLATE's ratio allows either; skipping it keeps runs fast.
    guard expectedSize <= stream.count * Inflate.maxRatio else { return 0 }
    if let reference = zlibInflate(Array(stream), expectedSize: expectedSize) {
        do {
            let output = try Inflate.decompress(stream, expectedSize: expectedSize)
            guard output == reference else { fatalError("the inflater and zlib decode the stream to different bytes") }
        } catch {
            fatalError("zlib decodes the stream, the inflater refuses it: \(error.reason)")
        }
    }
    return 0
}

/// zlib's raw inflate of `stream` when it ends the stream after exactly `expectedSize` bytes, else nil.
func zlibInflate(_ stream: [UInt8], expectedSize: Int) -> [UInt8]? {
    var z = z_stream()
    guard inflateInit2_(&z, -15, ZLIB_VERSION, CInt(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
    defer { inflateEnd(&z) }
    var output = [UInt8](repeating: 0, count: expectedSize + 1)
    var input = stream
    let status = input.withUnsafeMutableBufferPointer { inBuffer in
        output.withUnsafeMutableBufferPointer { outBuffer in
            z.next_in = inBuffer.baseAddress
            z.avail_in = uInt(inBuffer.count)
            z.next_out = outBuffer.baseAddress
            z.avail_out = uInt(outBuffer.count)
            return CZlib.inflate(&z, Z_FINISH)
        }
    }
    guard status == Z_STREAM_END, Int(z.total_out) == expectedSize else { return nil }
    return Array(output.prefix(expectedSize))
}

/// The program's entry (see `runFuzzer`).
@_cdecl("fuzz_inflate_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzInflate)
}
