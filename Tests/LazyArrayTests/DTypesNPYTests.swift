import Foundation
import Testing
import LazyArray

/// `.npy`/`.npz` files of int8 and int16 written by NumPy (`Fixtures/make_dtypes_reference.py`:
/// C order little-endian format 1.0 and 3.0, Fortran order big-endian) load to the same values,
/// and saving gives NumPy's bytes back.
@Suite(.timeLimit(.minutes(10)))
struct DTypesNPYTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/numpy/dtypes")

    static func file(_ name: String) -> String { directory.appendingPathComponent(name).path }

    @Test(arguments: [DType.int8, .int16])
    func numpyFilesLoadAndSaveBack(dtype: DType) throws {
        let original = try NDArray.load(Self.file("\(dtype)_C_le_v1.npy"))
        #expect(original.dtype == dtype && original.shape == [3, 5])
        let values = original.toArray(Int64.self)
        // The sample holds the type's minimum and maximum first (see the generator).
        #expect(values.prefix(2) == (dtype == .int8 ? [-128, 127] : [-32768, 32767]))
        for variant in ["F_be_v1", "C_le_v3"] {
            let other = try NDArray.load(Self.file("\(dtype)_\(variant).npy"))
            #expect(other.dtype == dtype && other.shape == [3, 5] && other.toArray(Int64.self) == values, "\(variant)")
        }
        let saved = FileManager.default.temporaryDirectory.appendingPathComponent("dtypes-\(dtype)-\(UUID()).npy").path
        defer { try? FileManager.default.removeItem(atPath: saved) }
        try original.save(to: saved)
        let numpyBytes = try Data(contentsOf: URL(fileURLWithPath: Self.file("\(dtype)_C_le_v1.npy")))
        #expect(try Data(contentsOf: URL(fileURLWithPath: saved)) == numpyBytes)
    }

    @Test func archiveOfSmallIntegers() throws {
        let arrays = try NDArray.loadArchive(Self.file("small_ints.npz"))
        #expect(arrays["int8"]?.dtype == .int8 && arrays["int8"]?.shape == [2, 3])
        #expect(arrays["int16"]?.dtype == .int16 && arrays["int16"]?.shape == [4])
        let saved = FileManager.default.temporaryDirectory.appendingPathComponent("dtypes-\(UUID()).npz").path
        defer { try? FileManager.default.removeItem(atPath: saved) }
        try NDArray.saveArchive(arrays, to: saved)
        let back = try NDArray.loadArchive(saved)
        for name in ["int8", "int16"] {
            #expect(back[name]?.dtype == arrays[name]?.dtype && back[name]?.toArray(Int64.self) == arrays[name]?.toArray(Int64.self), "\(name)")
        }
    }

    /// A dtype LazyArray does not have yet names itself and the ones it reads.
    @Test func unsupportedDescrIsAClearError() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("dtypes-u2-\(UUID()).npy").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var header = "{'descr': '<u2', 'fortran_order': False, 'shape': (1,), }"
        header += String(repeating: " ", count: 63 - (10 + header.utf8.count) % 64) + "\n"
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count), 0]
        bytes += Array(header.utf8) + [0, 0]
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: LazyArrayError.self) { try NDArray.load(path) }
        #expect(error.map { "\($0)".contains("unsupported dtype '<u2'") && "\($0)".contains("int8 (|i1)") } == true,
                "\(String(describing: error))")
    }
}
