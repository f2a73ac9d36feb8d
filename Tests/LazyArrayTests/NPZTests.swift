import Foundation
import Testing
@testable import LazyArray

@Suite(.timeLimit(.minutes(10))) struct NPZTests {
    static let context = IOContext(operation: "loadArchive", source: "bad.npz")

    func expectSavezArrays(_ arrays: [String: NDArray], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let a = try #require(arrays["a"]), b = try #require(arrays["b"])
        let c = try #require(arrays["c"]), s = try #require(arrays["s"])
        #expect(a.dtype == .float64 && b.dtype == .int32 && c.dtype == .bool && s.dtype == .float64)
        IOFixtures.expectFixtureValues(a, sourceLocation: sourceLocation)
        IOFixtures.expectFixtureValues(c, sourceLocation: sourceLocation)
        #expect(b.shape == [5] && b.toArray(Int32.self) == [0, 1, 2, 3, 4], sourceLocation: sourceLocation)
        #expect(s.shape == [] && s.item(Double.self) == 2.5, sourceLocation: sourceLocation)
    }

    @Test func readsStoredArchiveFromSavez() throws {
        let arrays = try NDArray.loadArchive(IOFixtures.path("arrays.npz"))
        #expect(Set(arrays.keys) == ["a", "b", "c", "s"])
        try expectSavezArrays(arrays)
    }

    @Test func readsDeflatedArchiveFromSavezCompressed() throws {
        let arrays = try NDArray.loadArchive(IOFixtures.path("arrays_compressed.npz"))
        #expect(Set(arrays.keys) == ["a", "b", "c", "s", "big"])
        try expectSavezArrays(arrays)
        let big = try #require(arrays["big"])
        #expect(big.dtype == .int32 && big.toArray(Int32.self) == (0..<1000).map { Int32($0 / 50) })
    }

    @Test func roundTripsThroughAFile() throws {
        let path = IOFixtures.temporaryPath(".npz")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let x = NDArray([Float(1), 2, 3, 4], shape: [2, 2])
        let mask = NDArray([true, false, true])
        try NDArray.saveArchive(["x": x.T, "mask": mask, "ünïcode": NDArray(Int64(-7))], to: path)
        let loaded = try NDArray.loadArchive(path)
        #expect(Set(loaded.keys) == ["x", "mask", "ünïcode"])
        #expect(loaded["x"]?.dtype == .float32 && loaded["x"]?.toArray(Float.self) == [1, 3, 2, 4])
        #expect(loaded["mask"]?.toArray(Bool.self) == [true, false, true])
        #expect(loaded["ünïcode"]?.shape == [] && loaded["ünïcode"]?.item(Int64.self) == -7)
    }

    @Test func writesReproducibleArchives() throws {
        let arrays = ["b": NPYArray(dtype: .bool, shape: [1], bytes: [1]), "a": NPYArray(dtype: .int32, shape: [], bytes: bytesOf([Int32(3)]))]
        let file = try NPZFormat.encode(arrays, context: Self.context)
        #expect(try NPZFormat.encode(arrays, context: Self.context) == file)
        #expect(try NPZFormat.decode(file, context: Self.context) == arrays)
    }

    /// The stored archive with `edit` applied.
    func stored(_ edit: (inout [UInt8]) -> Void) -> [UInt8] {
        var bytes = IOFixtures.bytes("arrays.npz")
        edit(&bytes)
        return bytes
    }

    func expectError(_ bytes: [UInt8], _ problem: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let error = #expect(throws: LazyArrayError.self, sourceLocation: sourceLocation) {
            try NPZFormat.decode(bytes, context: Self.context)
        }
        #expect(error?.operation == "loadArchive", sourceLocation: sourceLocation)
        #expect(error?.reason.hasPrefix("bad.npz") == true, sourceLocation: sourceLocation)
        #expect(error?.reason.contains(problem) == true, "\(error?.reason ?? "")", sourceLocation: sourceLocation)
    }

    /// Where the end-of-central-directory record of `arrays.npz` starts (it has no comment).
    var endRecord: Int { IOFixtures.bytes("arrays.npz").count - 22 }

    @Test func rejectsMalformedArchives() {
        expectError(Array("hello, not a zip at all, just some text".utf8), "not a zip archive")
        expectError(IOFixtures.bytes("int64_0d_v1.npy"), "not a zip archive but a .npy file; read it with NDArray.load")
        expectError(Array(IOFixtures.bytes("arrays.npz").prefix(600)), "no end of central directory")
        // A flipped bit in a.npy's data (after its 30 + 5 + 20 byte local header and 128-byte .npy header).
        expectError(stored { $0[30 + 5 + 20 + 128 + 3] ^= 0x10 }, "member 'a.npy': CRC mismatch")
        expectError(stored { [end = endRecord] in $0[end + 10] = 0xFF; $0[end + 11] = 0xFF }, "zip64 archives")
        expectError(stored { [end = endRecord] in $0[end + 16] = 0xFF; $0[end + 17] = 0xFF }, "central directory lies outside")
        expectError(stored { $0[0] = 0x51 }, "member 'a.npy': malformed zip: no local header at byte 0")
    }

    @Test func rejectsUnsupportedMethodAndEncryption() {
        let bytes = IOFixtures.bytes("arrays.npz")
        let directory = Int(bytes[endRecord + 16]) | Int(bytes[endRecord + 17]) << 8
        var method = bytes
        method[directory + 10] = 12  // bzip2, in the central directory and the local header
        method[8] = 12
        expectError(method, "unsupported compression method 12")
        var encrypted = bytes
        encrypted[directory + 8] |= 1
        expectError(encrypted, "member 'a.npy' is encrypted")
    }

    @Test func rejectsBadDeflateStream() {
        var bytes = IOFixtures.bytes("arrays_compressed.npz")
        // The first member's data starts after its local header: set the block type bits to 3.
        bytes[30 + Int(bytes[26]) + Int(bytes[28])] |= 0b110
        expectError(bytes, "bad deflate stream: invalid block type 3")
    }

    @Test func publicErrorsNameTheFile() {
        let path = IOFixtures.path("table.csv")
        let error = #expect(throws: LazyArrayError.self) { try NDArray.loadArchive(path) }
        #expect(error?.description == "[loadArchive] \(path): not a zip archive (no end of central directory record)")
    }
}
