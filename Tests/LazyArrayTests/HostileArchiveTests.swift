import Foundation
import Testing
@testable import LazyArray

/// Archives and DEFLATE streams built to hurt a reader: a zip bomb, headers that disagree, member
/// names that climb out of a directory, cut Huffman streams and over-subscribed codes. Each must
/// be refused with a `LazyArrayError` (or `InflateError`) saying what is wrong.
@Suite(.timeLimit(.minutes(10))) struct HostileArchiveTests {
    static let context = IOContext(operation: "loadArchive", source: "hostile.npz")
    /// zlib's raw deflate of "a" * 1000 at level 9 (11 bytes).
    static let thousandAs: [UInt8] = [0x4B, 0x4C, 0x1C, 0x05, 0xA3, 0x60, 0x14, 0x0C, 0x77, 0x00, 0x00]
    static let member = NPYArray(dtype: .int32, shape: [5], bytes: bytesOf([Int32](0..<5))).encoded()

    func expectRefusal(_ archive: [UInt8], _ problem: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let error = #expect(throws: LazyArrayError.self, sourceLocation: sourceLocation) {
            try NPZFormat.decode(archive, context: Self.context)
        }
        #expect(error?.reason.hasPrefix("hostile.npz") == true, sourceLocation: sourceLocation)
        #expect(error?.reason.contains(problem) == true, "\(error?.reason ?? "no error")", sourceLocation: sourceLocation)
    }

    func expectInflateFailure(_ stream: [UInt8], expectedSize: Int, _ reason: String,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(IOOracle.inflate(stream[...], expectedSize: expectedSize) == .refused(reason), sourceLocation: sourceLocation)
    }

    @Test func zipBombIsRefusedBeforeInflating() {
        // 11 bytes that truly expand to 1000, declared as almost 4 GiB: more than 11 bytes can
        // give at DEFLATE's 1032:1, so the size is refused before any output buffer is taken.
        let bomb = ZipBuilder.Member(name: "a.npy", method: ZipArchive.deflated, raw: Self.thousandAs, crc: 0,
                                     uncompressedSize: 0xFFFF_FFFE)
        expectRefusal(ZipBuilder.archive([bomb]),
                      "member 'a.npy': bad deflate stream: 4294967294 bytes cannot come from 11 compressed bytes (DEFLATE expands at most 1032:1)")
        expectInflateFailure(Self.thousandAs, expectedSize: 11 * 1032 + 1,
                             "11353 bytes cannot come from 11 compressed bytes (DEFLATE expands at most 1032:1)")
        // At the bound the size is allowed, and the stream's own length decides.
        expectInflateFailure(Self.thousandAs, expectedSize: 11 * 1032, "stream ends after 1000 bytes, 11352 expected")
        #expect(IOOracle.inflate(Self.thousandAs[...], expectedSize: 1000) == .loaded)
    }

    @Test func storedSizeBeyondTheFileIsRefused() {
        var member = ZipBuilder.Member.stored("a.npy", Self.member)
        member.uncompressedSize = 0xFFFF_FFFE
        expectRefusal(ZipBuilder.archive([member]), "member 'a.npy': malformed zip: stored member sizes differ")
    }

    @Test func localAndCentralHeadersThatDisagree() {
        let good = ZipBuilder.Member.stored("a.npy", Self.member)
        #expect(throws: Never.self) { try NPZFormat.decode(ZipBuilder.archive([good]), context: Self.context) }
        var renamed = good
        renamed.localName = "b.npy"
        expectRefusal(ZipBuilder.archive([renamed]), "member 'a.npy': malformed zip: the local header names the member 'b.npy'")
        var method = good
        method.localMethod = ZipArchive.deflated
        expectRefusal(ZipBuilder.archive([method]), "the local header says compression method 8, the central directory 0")
        var crc = good
        crc.localCRC = good.crc ^ 1
        expectRefusal(ZipBuilder.archive([crc]), "malformed zip: the local header says CRC")
    }

    @Test func unsafeMemberNames() throws {
        for name in ["../evil.npy", "a/../../evil.npy", "/etc/evil.npy", "dir\\evil.npy", "..", "a\u{0}.npy"] {
            expectRefusal(ZipBuilder.archive([.stored(name, Self.member)]), "unsafe member name '\(name)'")
        }
        // Dots that are not a `..` component are fine, and so is a plain directory.
        let arrays = try NPZFormat.decode(ZipBuilder.archive([.stored("sub/..a.npy", Self.member)]), context: Self.context)
        #expect(arrays.keys.sorted() == ["sub/..a"])
    }

    @Test func truncatedHuffmanStreams() throws {
        let fixture = try InflateTests.fixture()
        let stream = try #require(fixture.streams["dynamic"])
        let size = fixture.original.count
        // Inside the code length table, inside the Huffman data, and one byte short.
        expectInflateFailure(Array(stream.prefix(4)), expectedSize: size, "truncated stream")
        for cut in [stream.count / 2, stream.count - 1] {
            let outcome = IOOracle.inflate(stream.prefix(cut), expectedSize: size)
            #expect(outcome == .refused("truncated stream") || outcome == .refused("invalid Huffman code"), "cut at \(cut): \(outcome)")
        }
        // A fixed-Huffman block with no end-of-block code: "abc" then nothing.
        #expect(try Inflate.decompress(Self.fixedBlock("abc")[...], expectedSize: 3) == Array("abc".utf8))
        let fixed = Array(Self.fixedBlock("abc").dropLast())
        expectInflateFailure(fixed, expectedSize: 3, "truncated stream")
    }

    @Test func overSubscribedCodeTables() {
        // A dynamic block whose code length code gives four symbols 1 bit each.
        var lengthCode = BitWriter()
        lengthCode.write(1, 1); lengthCode.write(2, 2)  // BFINAL, BTYPE = dynamic
        lengthCode.write(0, 5); lengthCode.write(0, 5); lengthCode.write(0, 4)  // HLIT, HDIST, HCLEN = 4 codes
        for _ in 0..<4 { lengthCode.write(1, 3) }
        expectInflateFailure(lengthCode.bytes, expectedSize: 1, "over-subscribed Huffman code")

        // A valid code length code (symbols 1 and 18, 1 bit each) that then gives all 257
        // literal/length symbols a 1-bit code.
        var literals = BitWriter()
        literals.write(1, 1); literals.write(2, 2)
        literals.write(0, 5); literals.write(0, 5); literals.write(14, 4)  // HCLEN = 18 codes, up to symbol 1
        for symbol in [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1] {
            literals.write(symbol == 1 || symbol == 18 ? 1 : 0, 3)
        }
        for _ in 0..<258 { literals.write(0, 1) }  // symbol 1 (code 0): length 1, for every symbol
        expectInflateFailure(literals.bytes, expectedSize: 1, "over-subscribed Huffman code")
    }

    /// A final fixed-Huffman block of ASCII `text` (below 144, so 8-bit codes 0x30 + byte) and
    /// the end-of-block code.
    static func fixedBlock(_ text: String) -> [UInt8] {
        var writer = BitWriter()
        writer.write(1, 1); writer.write(1, 2)
        for byte in text.utf8 { writer.writeCode(0x30 + Int(byte), 8) }
        writer.writeCode(0, 7)  // end of block
        return writer.bytes
    }
}

/// Packs bits as DEFLATE does: fields least significant bit first, Huffman codes most
/// significant bit first.
struct BitWriter {
    private(set) var bytes: [UInt8] = []
    private var count = 0

    mutating func write(_ value: Int, _ bits: Int) {
        for bit in 0..<bits { append(value >> bit & 1) }
    }

    mutating func writeCode(_ code: Int, _ bits: Int) {
        for bit in (0..<bits).reversed() { append(code >> bit & 1) }
    }

    private mutating func append(_ bit: Int) {
        if count % 8 == 0 { bytes.append(0) }
        bytes[bytes.count - 1] |= UInt8(bit) << UInt8(count % 8)
        count += 1
    }
}
