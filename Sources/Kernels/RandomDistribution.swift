/// A distribution that samples are drawn from, with its parameters.
///
/// Element `i` of a sample is a pure function of the generator's key and counter `start + i`
/// (Philox-4x32-10, see `RandomKernels`), so a block of any size, on any thread, in a fused
/// kernel or eagerly, computes the same bits.
package enum RandomDistribution: Hashable, Sendable {
    /// NumPy: `rng.normal(mean, std)` (float32 or float64).
    case normal(mean: Double, std: Double)
    /// NumPy: `rng.uniform(low, high)`: `[low, high)` (float32 or float64).
    case uniform(low: Double, high: Double)
    /// NumPy: `rng.integers(low, high)`: `[low, high)` (int32 or int64).
    case integers(low: Int64, high: Int64)
    /// NumPy: `rng.random() < p` (bool).
    case bernoulli(p: Double)

    /// The generator state a sample reads: 16 bytes in a buffer (key, then counter), so that a
    /// new sample of the same shape reuses the same plan.
    package static let parameterBytes = 16

    /// Writes `count` samples of `dtype` for stream positions `start...` into `out`.
    package func fill(_ out: UnsafeMutableRawPointer, dtype: DType, count: Int, start: UInt64, key: SIMD2<UInt32>) {
        switch (self, dtype) {
        case (.normal(let mean, let std), .float32):
            RandomKernels.normal(out.assumingMemoryBound(to: Float.self), count: count, start: start, key: key, mean: Float(mean), std: Float(std))
        case (.normal(let mean, let std), _):
            RandomKernels.normal(out.assumingMemoryBound(to: Double.self), count: count, start: start, key: key, mean: mean, std: std)
        case (.uniform(let low, let high), .float32):
            RandomKernels.uniform(out.assumingMemoryBound(to: Float.self), count: count, start: start, key: key, low: Float(low), high: Float(high))
        case (.uniform(let low, let high), _):
            RandomKernels.uniform(out.assumingMemoryBound(to: Double.self), count: count, start: start, key: key, low: low, high: high)
        case (.integers(let low, let high), .int32):
            RandomKernels.randint(out.assumingMemoryBound(to: Int32.self), count: count, start: start, key: key, low: Int32(low), high: Int32(high))
        case (.integers(let low, let high), _):
            RandomKernels.randint(out.assumingMemoryBound(to: Int64.self), count: count, start: start, key: key, low: low, high: high)
        case (.bernoulli(let p), _):
            RandomKernels.bernoulli(out.assumingMemoryBound(to: UInt8.self), count: count, start: start, key: key, p: p)
        }
    }

    /// Reads the key and counter from a parameter buffer.
    package static func parameters(_ memory: UnsafeMutableRawPointer) -> (key: SIMD2<UInt32>, counter: UInt64) {
        (SIMD2(memory.load(as: UInt32.self), memory.load(fromByteOffset: 4, as: UInt32.self)),
         memory.load(fromByteOffset: 8, as: UInt64.self))
    }

    /// Writes the key and counter into a parameter buffer.
    package static func store(key: SIMD2<UInt32>, counter: UInt64, into memory: UnsafeMutableRawPointer) {
        memory.storeBytes(of: key.x, as: UInt32.self)
        memory.storeBytes(of: key.y, toByteOffset: 4, as: UInt32.self)
        memory.storeBytes(of: counter, toByteOffset: 8, as: UInt64.self)
    }
}
