import Foundation
import Testing
@testable import LazyArray

/// `.npy`/`.npz` files of the small and unsigned integers, float16 and bfloat16 written by NumPy
/// and ml_dtypes (`Fixtures/make_dtypes_reference.py`: C order little-endian format 1.0 and 3.0,
/// Fortran order big-endian) load to the same values, and saving gives NumPy's bytes back; an
/// MNIST-shaped uint8 batch and half-precision weights load, convert and save as NumPy's do.
@Suite(.timeLimit(.minutes(10)))
struct DTypesNPYTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/numpy/dtypes")

    static func file(_ name: String) -> String { directory.appendingPathComponent(name).path }

    static func bytes(_ name: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: file(name))) }

    /// `array` saved to a temporary `.npy` file, read back as bytes.
    static func savedBytes(_ array: NDArray) throws -> Data {
        let saved = FileManager.default.temporaryDirectory.appendingPathComponent("dtypes-\(UUID()).npy").path
        defer { try? FileManager.default.removeItem(atPath: saved) }
        try array.save(to: saved)
        return try Data(contentsOf: URL(fileURLWithPath: saved))
    }

    @Test(arguments: [DType.int8, .int16, .uint8, .uint16, .uint32, .uint64])
    func numpyFilesLoadAndSaveBack(dtype: DType) throws {
        let original = try NDArray.load(Self.file("\(dtype)_C_le_v1.npy"))
        #expect(original.dtype == dtype && original.shape == [3, 5])
        // The sample holds the type's minimum and maximum first (see the generator): read
        // through the type's own width, so a wrong element size or sign shows.
        let first = original.flatten()[0...1]
        let (low, high): (Int64, UInt64) = switch dtype {
        case .int8: (Int64(Int8.min), UInt64(Int8.max))
        case .int16: (Int64(Int16.min), UInt64(Int16.max))
        case .uint8: (0, UInt64(UInt8.max))
        case .uint16: (0, UInt64(UInt16.max))
        case .uint32: (0, UInt64(UInt32.max))
        default: (0, UInt64.max)
        }
        #expect(first.astype(.int64).toArray(Int64.self)[0] == low)
        #expect(first.astype(.uint64).toArray(UInt64.self)[1] == high)
        for variant in ["F_be_v1", "C_le_v3"] {
            let other = try NDArray.load(Self.file("\(dtype)_\(variant).npy"))
            #expect(other.dtype == dtype && other.shape == [3, 5] && other.packedBytes() == original.packedBytes(), "\(variant)")
        }
        #expect(try Self.savedBytes(original) == Self.bytes("\(dtype)_C_le_v1.npy"))
    }

    /// The tutorial's first step with real data: an MNIST-shaped uint8 batch from NumPy,
    /// normalized to [0, 1] as `x.astype(np.float32) / 255`. The division is correctly rounded
    /// in float32 in both libraries, so the result must be NumPy's to the byte, and both arrays
    /// save back to NumPy's files.
    @Test func uint8ImageBatchNormalizesAndSavesBack() throws {
        let images = try NDArray.load(Self.file("mnist_batch_uint8.npy"))
        #expect(images.dtype == .uint8 && images.shape == [16, 28, 28])
        #expect(images.flatten()[0...2].toArray(UInt8.self) == [0, 255, 128])
        let normalized = images.astype(.float32) / 255
        #expect(normalized.dtype == .float32 && normalized.shape == [16, 28, 28])
        #expect(normalized.max().item(Float.self) <= 1 && normalized.min().item(Float.self) >= 0)
        #expect(try Self.savedBytes(normalized) == Self.bytes("mnist_batch_normalized_float32.npy"))
        #expect(try Self.savedBytes(images) == Self.bytes("mnist_batch_uint8.npy"))
    }

    /// float16 and bfloat16 weights from NumPy / ml_dtypes widen to float32 exactly as NumPy
    /// widens them, narrow back to the same bits, and save back to the same bytes.
    @Test(arguments: [DType.float16, .bfloat16])
    func halfPrecisionWeightsConvertAndSaveBack(dtype: DType) throws {
        let weights = try NDArray.load(Self.file("weights_\(dtype).npy"))
        #expect(weights.dtype == dtype && weights.shape == [8, 16])
        let widened = weights.astype(.float32)
        #expect(try Self.savedBytes(widened) == Self.bytes("weights_\(dtype)_as_float32.npy"))
        #expect(try Self.savedBytes(widened.astype(dtype)) == Self.bytes("weights_\(dtype).npy"))
        #expect(try Self.savedBytes(weights) == Self.bytes("weights_\(dtype).npy"))
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

    @Test func archiveOfUnsignedIntegers() throws {
        let arrays = try NDArray.loadArchive(Self.file("unsigned_ints.npz"))
        let names = ["uint8", "uint16", "uint32", "uint64"]
        for name in names { #expect(arrays[name]?.dtype.rawValue == name && arrays[name]?.shape == [2, 3], "\(name)") }
        let saved = FileManager.default.temporaryDirectory.appendingPathComponent("dtypes-\(UUID()).npz").path
        defer { try? FileManager.default.removeItem(atPath: saved) }
        try NDArray.saveArchive(arrays, to: saved)
        let back = try NDArray.loadArchive(saved)
        for name in names {
            #expect(back[name]?.dtype == arrays[name]?.dtype && back[name]?.packedBytes() == arrays[name]?.packedBytes(), "\(name)")
        }
    }

    /// A dtype LazyArray does not have names itself and the ones it reads.
    @Test func unsupportedDescrIsAClearError() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("dtypes-c8-\(UUID()).npy").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var header = "{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }"
        header += String(repeating: " ", count: 63 - (10 + header.utf8.count) % 64) + "\n"
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count), 0]
        bytes += Array(header.utf8) + [UInt8](repeating: 0, count: 8)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: LazyArrayError.self) { try NDArray.load(path) }
        #expect(error.map { "\($0)".contains("unsupported dtype '<c8'") && "\($0)".contains("uint8 (|u1)") } == true,
                "\(String(describing: error))")
    }
}
