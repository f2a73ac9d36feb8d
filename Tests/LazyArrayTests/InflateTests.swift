import Foundation
import Testing
@testable import LazyArray

@Suite(.timeLimit(.minutes(10))) struct InflateTests {
    struct Cases: Decodable {
        struct Case: Decodable { var label: String; var deflated: String }
        var original: String
        var cases: [Case]
    }

    /// The block types the fixture holds one stream of each.
    static let labels = ["stored", "fixed", "dynamic", "huffman_only", "rle"]

    /// The fixture: one text, deflated once per block type by Fixtures/make_io_fixtures.py.
    static func fixture() throws -> (original: [UInt8], streams: [String: [UInt8]]) {
        let cases = try JSONDecoder().decode(Cases.self, from: Data(IOFixtures.bytes("inflate_cases.json")))
        let original = try #require(Data(base64Encoded: cases.original), "original is not base64")
        var streams: [String: [UInt8]] = [:]
        for item in cases.cases {
            streams[item.label] = [UInt8](try #require(Data(base64Encoded: item.deflated), "\(item.label) is not base64"))
        }
        return ([UInt8](original), streams)
    }

    @Test func fixtureHasEveryBlockType() throws {
        let fixture = try Self.fixture()
        #expect(fixture.streams.keys.sorted() == Self.labels.sorted())
        #expect(fixture.original.count > 300)
    }

    @Test(arguments: labels)
    func decodesZlibStream(_ label: String) throws {
        let fixture = try Self.fixture()
        let stream = try #require(fixture.streams[label], "no \(label) stream in inflate_cases.json")
        #expect(try Inflate.decompress(stream[...], expectedSize: fixture.original.count) == fixture.original)
    }

    func expectFailure(_ stream: [UInt8], expectedSize: Int, _ reason: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try Inflate.decompress(stream[...], expectedSize: expectedSize)
            Issue.record("no error; expected \(reason)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.reason.contains(reason), "\(error.reason)", sourceLocation: sourceLocation)
        }
    }

    @Test func rejectsHostileStreams() throws {
        // Stored block "abc": BFINAL=1, BTYPE=00, LEN=3, NLEN=~3.
        let stored: [UInt8] = [0x01, 0x03, 0x00, 0xFC, 0xFF, 0x61, 0x62, 0x63]
        #expect(try Inflate.decompress(stored[...], expectedSize: 3) == Array("abc".utf8))
        expectFailure([0x01, 0x03, 0x00, 0xFC, 0xFE, 0x61, 0x62, 0x63], expectedSize: 3, "length check")
        expectFailure(Array(stored.prefix(6)), expectedSize: 3, "truncated stored block")
        expectFailure(stored, expectedSize: 2, "exceeds the expected size")
        expectFailure(stored, expectedSize: 4, "ends after 3 bytes")
        expectFailure([0x07], expectedSize: 0, "invalid block type 3")
        expectFailure([], expectedSize: 0, "truncated stream")
        // Fixed block whose first symbol is a copy (length 3, distance 1) with no output yet.
        expectFailure([0x03, 0x02, 0x00], expectedSize: 3, "before the start")
        // Dynamic block declaring 30 length codes beyond the 286 allowed.
        expectFailure([0xFD, 0x07, 0x00], expectedSize: 1, "too many")
        // zlib's "a" * 1000 at level 9 claims 1000 bytes: a smaller limit stops the copy.
        let run: [UInt8] = [0x4B, 0x4C, 0x1C, 0x05, 0xA3, 0x60, 0x14, 0x0C, 0x77, 0x00, 0x00]
        #expect(try Inflate.decompress(run[...], expectedSize: 1000) == [UInt8](repeating: 0x61, count: 1000))
        expectFailure(run, expectedSize: 999, "exceeds the expected size")
    }

    @Test func crc32MatchesZlib() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([UInt8]()) == 0)
    }
}
