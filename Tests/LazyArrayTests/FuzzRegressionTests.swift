import Foundation
import Testing
@testable import LazyArray

/// The inputs under `fuzz/regressions/<target>/`, one per problem the fuzz targets (or a review
/// of what they could not reach) found, replayed under ``IOOracle``'s contract; and a named test
/// for each. A crash the fuzzers find later is committed there (docs/fuzzing.md).
@Suite(.timeLimit(.minutes(10))) struct FuzzRegressionTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../fuzz/regressions").standardized

    /// The inputs of `target`; none when the folder does not exist (git keeps no empty folder).
    static func inputs(_ target: String) throws -> [(name: String, bytes: [UInt8])] {
        let folder = directory.appendingPathComponent(target)
        guard FileManager.default.fileExists(atPath: folder.path) else { return [] }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        return names.sorted().map { ($0, [UInt8](FileManager.default.contents(atPath: folder.appendingPathComponent($0).path) ?? Data())) }
    }

    @Test func everyRegressionInputKeepsTheContract() throws {
        #expect(try !Self.inputs("npy").isEmpty, "no regression inputs found under \(Self.directory.path)")
        for (name, bytes) in try Self.inputs("npy") { #expect(IOOracle.npy(bytes).violation == nil, "npy/\(name)") }
        for (name, bytes) in try Self.inputs("npz") { #expect(IOOracle.npz(bytes).violation == nil, "npz/\(name)") }
        for (name, bytes) in try Self.inputs("csv") { #expect(IOOracle.csv(fuzzInput: bytes).violation == nil, "csv/\(name)") }
        for (name, bytes) in try Self.inputs("inflate") {
            if let (size, stream) = IOOracle.inflateInput(bytes) {
                #expect(IOOracle.inflate(stream, expectedSize: size).violation == nil, "inflate/\(name)")
            }
        }
    }

    /// An empty array of shape (0, 2^62, 4): no data bytes, but `NDArray.load` trapped computing
    /// its strides (2^64 elements). Now refused by the header checks, in a file, in an archive, and
    /// by the row reader the distributed loader uses.
    @Test func zeroAxisWithHugeStrides() throws {
        let reason = "the product of its nonzero dimensions overflows"
        let npy = try #require(try Self.inputs("npy").first { $0.name == "zero_axis_huge_strides.npy" })
        #expect(IOOracle.npy(npy.bytes) == .refused("fuzz.npy: absurd shape [0, 4611686018427387904, 4]: \(reason)"))
        let npz = try #require(try Self.inputs("npz").first { $0.name == "zero_axis_huge_strides.npz" })
        #expect(IOOracle.npz(npz.bytes) == .refused("fuzz.npz, member 'e.npy': absurd shape [0, 4611686018427387904, 4]: \(reason)"))
        let path = Self.directory.appendingPathComponent("npy/zero_axis_huge_strides.npy").path
        let error = #expect(throws: LazyArrayError.self) {
            try NPYArray.readRows(context: IOContext(operation: "load", source: path)) { _ in 0..<0 }
        }
        #expect(error?.reason.hasSuffix(reason) == true, "\(error?.reason ?? "")")
        // Zero dimensions themselves are fine, whatever their place.
        let empty = NPYArray(dtype: .float64, shape: [3, 0, 2], bytes: [])
        #expect(IOOracle.npy(empty.encoded()) == .loaded)
    }

    /// Found by fuzz-npy: a big-endian Fortran-order float32 file holding a signaling NaN
    /// (0xFFBDFF66). The decoder keeps its bits exactly; `toArray` quiets it (it always runs
    /// EagerCast, float32 to float32 too), so the contract compares NaNs by kind, not by bits.
    @Test func signalingNaNKeepsItsBitsInTheDecoder() throws {
        let input = try #require(try Self.inputs("npy").first { $0.name == "signaling_nan_f4_be_F.npy" })
        #expect(IOOracle.npy(input.bytes) == .loaded)
        let decoded = try NPYArray(decoding: input.bytes, context: IOContext(operation: "load", source: "fuzz.npy"))
        let bits = decoded.elements(as: Float.self).map(\.bitPattern)
        #expect(bits.contains(0xFFBD_FF66), "\(bits.map { String($0, radix: 16) })")
        let loaded = NDArray(npy: decoded).toArray(Float.self)
        #expect(loaded.filter(\.isNaN).count == 1 && loaded.count == 6)
    }
}
