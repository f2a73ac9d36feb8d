import Foundation
import Testing
@testable import LazyArray

/// float16 and bfloat16: files written by NumPy and ml_dtypes (`np.save` of the same 2x6 values,
/// committed under Fixtures/numpy/dtypes) load to NumPy's values and save back to the same
/// bytes, print as NumPy and ml_dtypes print them, and an elementwise chain is one kernel.
@Suite(.timeLimit(.minutes(10)))
struct HalfPrecisionTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/numpy/dtypes")

    /// The files' values as NumPy reads them back into float64 (printed by the generator).
    static let expected: [DType: [Double]] = [
        .float16: [1.5, -0.0, 65504.0, 5.960464477539063e-08, .infinity, 0.0999755859375,
                   .nan, -2.25, 0.0010004043579101562, 3.0, -.infinity, 1000.0],
        .bfloat16: [1.5, -0.0, 65536.0, 6.007030606269836e-08, .infinity, 0.10009765625,
                    .nan, -2.25, 0.00099945068359375, 3.0, -.infinity, 1000.0],
    ]

    @Test(arguments: [DType.float16, .bfloat16])
    func numpyFilesLoadAndSaveBack(dtype: DType) throws {
        let path = Self.directory.appendingPathComponent("\(dtype)_C_le_v1.npy").path
        let weights = try NDArray.load(path)
        #expect(weights.dtype == dtype && weights.shape == [2, 6])
        #expect(sameBits(weights.toArray(Double.self), Self.expected[dtype]!))
        let saved = FileManager.default.temporaryDirectory.appendingPathComponent("half-\(dtype)-\(UUID()).npy").path
        defer { try? FileManager.default.removeItem(atPath: saved) }
        try weights.save(to: saved)
        #expect(try Data(contentsOf: URL(fileURLWithPath: saved)) == Data(contentsOf: URL(fileURLWithPath: path)))
    }

    @Test func printsAsNumPyAndMLDtypes() throws {
        let values = Self.expected[.float16]!
        let float16 = NDArray(values, shape: [2, 6]).astype(.float16)
        #expect(float16.description == "[[ 1.50e+00 -0.00e+00  6.55e+04  5.96e-08       inf  1.00e-01]\n [      nan -2.25e+00  1.00e-03  3.00e+00      -inf  1.00e+03]]")
        let bfloat16 = try NDArray.load(Self.directory.appendingPathComponent("bfloat16_C_le_v1.npy").path)
        #expect(bfloat16.description == "[[1.5 -0 65536 6.00703e-08 inf 0.100098]\n [nan -2.25 0.000999451 3 -inf 1000]]")
    }

    /// Each operation computes in float32 and rounds to the storage type, inside one kernel:
    /// the chain reads the float16 input once and writes the float16 result once.
    @Test(arguments: [DType.float16, .bfloat16])
    func elementwiseChainIsOneKernel(dtype: DType) {
        let x = NDArray((0..<1000).map { Double($0) / 7 - 50 }).astype(dtype).evaluate()
        let y = relu(x * 2 + 1) - sqrt(abs(x))
        #expect(y.dtype == dtype)
        #expect(NDArray.kernelCount(y) == 1)
        // Rounded after each operation, fused and eager agree bit for bit.
        #expect(sameBits(y.evaluate(mode: .fused).toArray(Double.self), y.evaluate(mode: .eager).toArray(Double.self)))
    }
}
