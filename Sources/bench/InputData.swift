import Foundation
import LazyArray

/// Reproducible standard-normal input arrays for the cases.
///
/// The bench makes its own inputs (SplitMix64 and Box–Muller) rather than sampling them with
/// the library, so input creation never depends on the API being benchmarked and stays the same
/// across commits; BENCH.md only asks for standard-normal data.
struct InputData {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// A `(shape)` array of independent standard-normal values, already evaluated.
    mutating func normal(_ shape: [Int], dtype: DType) -> NDArray {
        let count = shape.reduce(1, *)
        let values = normalValues(count)
        let array = dtype == .float64
            ? NDArray(values, shape: shape)
            : NDArray(values.map { Float($0) }, shape: shape).astype(dtype)
        return array.evaluate()
    }

    /// SplitMix64: tiny state and good enough statistics for benchmark data.
    private mutating func nextBits() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in (0, 1]: never 0, so its logarithm is finite.
    private mutating func nextUnit() -> Double {
        Double((nextBits() >> 11) + 1) * 0x1p-53
    }

    private mutating func normalValues(_ count: Int) -> [Double] {
        [Double](unsafeUninitializedCapacity: count) { out, initialized in
            var i = 0
            while i < count {
                // Box–Muller gives two independent normals per pair of uniforms.
                let radius = (-2 * Foundation.log(nextUnit())).squareRoot()
                let angle = 2 * Double.pi * nextUnit()
                out[i] = radius * Foundation.cos(angle)
                if i + 1 < count { out[i + 1] = radius * Foundation.sin(angle) }
                i += 2
            }
            initialized = count
        }
    }
}
