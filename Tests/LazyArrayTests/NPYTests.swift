import Foundation
import Testing
@testable import LazyArray

@Suite(.timeLimit(.minutes(10))) struct NPYTests {
    /// The dtypes of `Fixtures/io` (make_io_fixtures.py); int8 and int16 files are
    /// `DTypesNPYTests`' (Fixtures/numpy/dtypes, make_dtypes_reference.py).
    static let fixtureNames: [String] = [DType.bool, .int32, .int64, .float32, .float64].flatMap { dtype in
        ["C", "F"].flatMap { order in ["le", "be"].flatMap { endian in
            ["v2", "v3"].map { "\(dtype)_\(order)_\(endian)_\($0).npy" }
        } }
    }

    @Test(arguments: fixtureNames)
    func readsNumPyFixture(_ name: String) throws {
        let array = try NDArray.load(IOFixtures.path(name))
        #expect(array.dtype.rawValue == String(name.prefix { $0 != "_" }))
        IOFixtures.expectFixtureValues(array)
    }

    @Test func readsFortranOrder3DVersion1() throws {
        let array = try NDArray.load(IOFixtures.path("float64_3d_F_v1.npy"))
        #expect(array.shape == [2, 3, 4])
        #expect(array.toArray(Double.self) == (0..<24).map(Double.init))
    }

    @Test func readsZeroDimensionalAndEmpty() throws {
        let scalar = try NDArray.load(IOFixtures.path("int64_0d_v1.npy"))
        #expect(scalar.shape == [] && scalar.dtype == .int64 && scalar.item(Int.self) == 42)
        let empty = try NDArray.load(IOFixtures.path("float32_empty_v1.npy"))
        #expect(empty.shape == [0, 3] && empty.dtype == .float32 && empty.toArray(Float.self).isEmpty)
    }

    @Test func rejectsUnsupportedDtypeNamingFile() {
        let path = IOFixtures.path("complex64_v1.npy")
        let error = #expect(throws: LazyArrayError.self) { try NDArray.load(path) }
        #expect(error?.operation == "load")
        #expect(error?.reason.hasPrefix(path + ": unsupported dtype '<c8'") == true)
    }

    @Test func readsUInt8() throws {
        let array = try NDArray.load(IOFixtures.path("uint8_v1.npy"))
        #expect(array.dtype == .uint8 && array.shape == [3] && array.toArray(UInt8.self) == [0, 1, 2])
    }

    static let roundTripArrays: [NDArray] = [
        NDArray([true, false, true, true, false, false], shape: [3, 2]),
        NDArray([Int32.min, -1, 0, Int32.max], shape: [2, 2]),
        NDArray([Int64.min, -1, 0, Int64.max], shape: [4]),
        NDArray([Float.pi, -0.0, .infinity, .leastNonzeroMagnitude, 1, 2], shape: [1, 2, 3]),
        NDArray([Double.pi, -0.0, -.infinity, .ulpOfOne], shape: [2, 1, 2]),
        NDArray(2.5),
        NDArray([Double](), shape: [0, 4]),
    ]

    @Test(arguments: roundTripArrays.indices)
    func roundTripsThroughAFile(_ index: Int) throws {
        let array = Self.roundTripArrays[index]
        let path = IOFixtures.temporaryPath(".npy")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try array.save(to: path)
        let loaded = try NDArray.load(path)
        #expect(loaded.dtype == array.dtype && loaded.shape == array.shape)
        #expect(bytesOf(loaded.toArray(Double.self)) == bytesOf(array.toArray(Double.self)))
        #expect(loaded.toArray(Int64.self) == array.toArray(Int64.self))
    }

    @Test func savesAViewInRowMajorOrder() throws {
        let path = IOFixtures.temporaryPath(".npy")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let matrix = NDArray((0..<6).map(Double.init), shape: [2, 3])
        try matrix.T.save(to: path)
        let loaded = try NDArray.load(path)
        #expect(loaded.shape == [3, 2])
        #expect(loaded.toArray(Double.self) == [0, 3, 1, 4, 2, 5])
    }

    @Test func writesTheSameBytesAsNumPy() throws {
        // np.save of np.arange(6, dtype='<f8').reshape(2, 3): a 128-byte header, then the data.
        let array = try NDArray((0..<6).map(Double.init), shape: [2, 3]).npyArray(context: IOContext(operation: "save", source: "mem"))
        let file = array.encoded()
        let header = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }"
        let expected = NPYArray.magic + [1, 0, 118, 0] + Array(header.utf8)
            + [UInt8](repeating: 0x20, count: 118 - header.utf8.count - 1) + [0x0A] + bytesOf((0..<6).map(Double.init))
        #expect(file == expected)
    }

    /// A version-1.0 file with the given header text and data.
    static func file(header: String, data: [UInt8] = []) -> [UInt8] {
        let text = Array(header.utf8) + [0x0A]
        return NPYArray.magic + [1, 0, UInt8(text.count & 0xFF), UInt8(text.count >> 8)] + text + data
    }

    static let badFiles: [(String, [UInt8], String)] = [
        ("wrong magic", Array("time,value\n0,1\n".utf8), "wrong magic"),
        ("zip", Array("PK\u{3}\u{4}not npy".utf8), "zip (.npz) archive; read it with NDArray.loadArchive"),
        ("tiny", [0x93, 0x4E], "too short"),
        ("version", NPYArray.magic + [9, 0, 0, 0], "version 9.0"),
        ("header length", NPYArray.magic + [1, 0, 0xFF, 0xFF, 0x7B], "truncated header"),
        ("truncated data", file(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", data: [0, 0, 0]), "truncated data"),
        ("extra data", file(header: "{'descr': '|b1', 'fortran_order': False, 'shape': (2,), }", data: [1, 0, 1]), "longer than the header says"),
        ("overflow", file(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 4), }"), "absurd shape"),
        ("huge", file(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (100000000000,), }"), "needs 800000000000 bytes, the file holds 0"),
        ("too large int", file(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999,), }"), "integer too large"),
        ("negative", file(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }"), "negative dimension"),
        ("object", file(header: "{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", data: [0]), "object arrays"),
        ("structured", file(header: "{'descr': [('x', '<f4')], 'fortran_order': False, 'shape': (1,), }"), "structured dtypes"),
        ("missing key", file(header: "{'descr': '<f8', 'shape': (1,), }"), "exactly the keys"),
        ("duplicate key", file(header: "{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (1,), }"), "duplicate key"),
        ("code", file(header: "__import__('os').system('true')"), "malformed header"),
        ("deep", file(header: "{'shape': " + String(repeating: "(", count: 100)), "nesting too deep"),
        ("trailing", file(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (), } x"), "unexpected text"),
    ]

    @Test(arguments: badFiles.indices)
    func rejectsBadFileWithClearError(_ index: Int) {
        let (label, bytes, problem) = Self.badFiles[index]
        let error = #expect(throws: LazyArrayError.self, "\(label)") {
            try NPYArray(decoding: bytes, context: IOContext(operation: "load", source: "bad.npy"))
        }
        #expect(error?.reason.hasPrefix("bad.npy: ") == true)
        #expect(error?.reason.contains(problem) == true, "\(label): \(error?.reason ?? "")")
    }

    @Test func fileErrorsNameThePath() {
        let missing = #expect(throws: LazyArrayError.self) { try NDArray.load("/nonexistent/x.npy") }
        #expect(missing?.description == "[load] /nonexistent/x.npy: no such file")
        let unwritable = #expect(throws: LazyArrayError.self) { try NDArray(1.0).save(to: "/nonexistent/dir/y.npy") }
        #expect(unwritable?.description.hasPrefix("[save] /nonexistent/dir/y.npy: cannot write the file") == true)
    }
}
