import Kernels
import Scheduler

/// A reproducible source of random arrays on a counter-based generator (Philox-4x32-10).
///
/// Element `i` of a sample is a pure function of the seed and the position `counter + i`, so a
/// sample is a lazy graph node that fuses into the kernel that uses it (`x + rng.normal(x.shape)`
/// is one kernel and allocates no noise array), and the same seed gives the same numbers with
/// any thread count, backend, or evaluation mode. Each call advances the counter by the
/// sample's size, so successive calls differ and one seed reproduces a whole program. Safe to
/// use from several threads (the counter is advanced under a lock).
///
/// NumPy equivalent: `np.random.default_rng(seed)` (a different algorithm: the numbers differ
/// from NumPy's). JAX equivalent: `jax.random.key(seed)` with automatic splitting.
public final class RandomGenerator: @unchecked Sendable {
    private let lock = Mutex()
    private var key: SIMD2<UInt32>
    private var counter: UInt64 = 0

    /// A generator seeded with `seed` (the 64-bit seed is the Philox key).
    public init(seed: UInt64) {
        key = SIMD2(UInt32(truncatingIfNeeded: seed), UInt32(truncatingIfNeeded: seed >> 32))
    }

    /// The generator behind ``NDArray/randn(_:)-([Int])`` and ``NDArray/rand(_:)-([Int])``,
    /// seeded with 0 until ``seed(_:)`` is called. NumPy: the legacy global `np.random`.
    public static let shared = RandomGenerator(seed: 0)

    /// Restarts the generator from `seed`. NumPy: `np.random.seed(seed)`.
    public func seed(_ seed: UInt64) {
        lock.withLock {
            key = SIMD2(UInt32(truncatingIfNeeded: seed), UInt32(truncatingIfNeeded: seed >> 32))
            counter = 0
        }
    }

    /// Claims `count` positions of the stream: the key and the first position.
    private func reserve(_ count: Int) -> (key: SIMD2<UInt32>, counter: UInt64) {
        lock.withLock {
            let start = counter
            counter &+= UInt64(count)
            return (key, start)
        }
    }

    /// A lazy sample node of `shape` from `distribution`, or of its rows `rows` only (a
    /// rank's block of a sharded sample): the counter still advances by the whole sample, so
    /// every rank's generator stays in step, and row `i` gets the numbers it gets in the whole.
    private func sample(_ shape: [Int], _ distribution: RandomDistribution, dtype: DType, _ name: String, rows: Range<Int>?) -> NDArray {
        guard shape.allSatisfy({ $0 >= 0 }) else {
            return NDArray.failed(LazyArrayError(name, "negative dimensions are not allowed: \(describe(shape))"), shape: [0], dtype: dtype)
        }
        let (key, start) = reserve(shape.reduce(1, *))
        let rowSize = shape.dropFirst().reduce(1, *)
        let parameters = Buffer(byteCount: RandomDistribution.parameterBytes)
        RandomDistribution.store(key: key, counter: start &+ UInt64((rows?.lowerBound ?? 0) * rowSize), into: parameters.base)
        let source = NDArray(node: Node(value: Materialized(buffer: parameters, view: View(contiguous: [RandomDistribution.parameterBytes])), dtype: .bool))
        return NDArray(.random(distribution), dtype: dtype, shape: rows.map { [$0.count] + shape.dropFirst() } ?? shape, input: source)
    }

    /// Normally distributed samples (Box-Muller on Philox). NumPy: `rng.normal(mean, std, shape)`.
    public func normal(_ shape: [Int], mean: Double = 0, std: Double = 1, dtype: DType = .float64) -> NDArray {
        normal(shape, mean: mean, std: std, dtype: dtype, rows: nil)
    }

    /// ``normal(_:mean:std:dtype:)`` or its rows `rows` (see `sample`).
    func normal(_ shape: [Int], mean: Double, std: Double, dtype: DType, rows: Range<Int>?) -> NDArray {
        floatingSample(shape, .normal(mean: mean, std: std), dtype: dtype, "normal", rows: rows)
    }

    /// Uniform samples in `[low, high)`. NumPy: `rng.uniform(low, high, shape)`.
    public func uniform(_ shape: [Int], low: Double = 0, high: Double = 1, dtype: DType = .float64) -> NDArray {
        uniform(shape, low: low, high: high, dtype: dtype, rows: nil)
    }

    /// ``uniform(_:low:high:dtype:)`` or its rows `rows` (see `sample`).
    func uniform(_ shape: [Int], low: Double, high: Double, dtype: DType, rows: Range<Int>?) -> NDArray {
        floatingSample(shape, .uniform(low: low, high: high), dtype: dtype, "uniform", rows: rows)
    }

    /// `sample` for the distributions that only have float32 and float64 forms.
    private func floatingSample(_ shape: [Int], _ distribution: RandomDistribution, dtype: DType, _ name: String,
                                rows: Range<Int>?) -> NDArray {
        guard dtype.isFloatingPoint else {
            return NDArray.failed(LazyArrayError(name, "dtype must be float32 or float64, got \(dtype)"), shape: shape, dtype: .float64)
        }
        return sample(shape, distribution, dtype: dtype, name, rows: rows)
    }

    /// Uniform integers in `[low, high)`. NumPy: `rng.integers(low, high, shape)`.
    public func randint(_ low: Int, _ high: Int, shape: [Int], dtype: DType = .int64) -> NDArray {
        randint(low, high, shape: shape, dtype: dtype, rows: nil)
    }

    /// ``randint(_:_:shape:dtype:)`` or its rows `rows` (see `sample`).
    func randint(_ low: Int, _ high: Int, shape: [Int], dtype: DType, rows: Range<Int>?) -> NDArray {
        guard dtype.isInteger else {
            return NDArray.failed(LazyArrayError("randint", "dtype must be an integer type, got \(dtype)"), shape: shape, dtype: .int64)
        }
        let fits = switch dtype {
        case .int8: low >= Int(Int8.min) && high <= Int(Int8.max) + 1
        case .int16: low >= Int(Int16.min) && high <= Int(Int16.max) + 1
        case .int32: low >= Int(Int32.min) && high <= Int(Int32.max) + 1
        case .uint8: low >= 0 && high <= Int(UInt8.max) + 1
        case .uint16: low >= 0 && high <= Int(UInt16.max) + 1
        case .uint32, .uint64: low >= 0
        case .bool, .int64, .float16, .bfloat16, .float32, .float64: true
        }
        guard low < high, fits else {
            return NDArray.failed(LazyArrayError("randint", "low (\(low)) must be below high (\(high)) and both fit \(dtype)"), shape: shape, dtype: dtype)
        }
        // The sampler writes int32 or int64; other types are samples of one of them converted
        // (every value fits, so the conversion is exact). uint32's values up to 2^32 need int64.
        let sampled: DType = [.int64, .uint32, .uint64].contains(dtype) ? .int64 : .int32
        return sample(shape, .integers(low: Int64(low), high: Int64(high)), dtype: sampled, "randint", rows: rows).astype(dtype)
    }

    /// True with probability `p` (dropout masks). NumPy: `rng.random(shape) < p`.
    public func bernoulli(_ shape: [Int], p: Double) -> NDArray { bernoulli(shape, p: p, rows: nil) }

    /// ``bernoulli(_:p:)`` or its rows `rows` (see `sample`).
    func bernoulli(_ shape: [Int], p: Double, rows: Range<Int>?) -> NDArray {
        guard p >= 0 && p <= 1 else {
            return NDArray.failed(LazyArrayError("bernoulli", "p must be in [0, 1], got \(p)"), shape: shape, dtype: .bool)
        }
        return sample(shape, .bernoulli(p: p), dtype: .bool, "bernoulli", rows: rows)
    }

    /// A random ordering of `0..<n` (int64). Computed when called: `n` uniform keys from the
    /// stream, sorted. NumPy: `rng.permutation(n)`.
    public func permutation(_ n: Int) -> NDArray {
        guard n >= 0 else { return NDArray.failed(LazyArrayError("permutation", "n must be non-negative, got \(n)"), shape: [0], dtype: .int64) }
        let keys = uniform([n]).toArray(Double.self)
        // Ties (probability about n²/2⁵⁴) fall back to the index, so the order is always total.
        let order = (0..<n).sorted { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : $0 < $1 }
        return NDArray(order)
    }

    /// `x` with its rows (axis 0) in a random order. NumPy: `rng.permutation(x)`.
    public func shuffled(_ x: NDArray) -> NDArray {
        guard x.ndim > 0 else { return NDArray.failed(LazyArrayError("shuffled", "cannot shuffle a 0-d array"), shape: x.shape, dtype: x.dtype) }
        return x.take(permutation(x.shape[0]), axis: 0)
    }

    /// `count` integers from `0..<n`, with or without replacement. NumPy: `rng.choice(n, count, replace)`.
    public func choice(_ n: Int, count: Int, replace: Bool = true) -> NDArray {
        guard n > 0, count >= 0, replace || count <= n else {
            return NDArray.failed(LazyArrayError("choice", "cannot take \(count) of \(n) \(replace ? "" : "without replacement")"), shape: [Swift.max(count, 0)], dtype: .int64)
        }
        return replace ? randint(0, n, shape: [count]) : NDArray(Array(permutation(n).toArray(Int.self).prefix(count)))
    }
}

extension NDArray {
    /// Standard normal float64 samples from ``RandomGenerator/shared``. NumPy: `np.random.randn(3, 3)`.
    public static func randn(_ shape: Int...) -> NDArray { RandomGenerator.shared.normal(shape) }
    /// Standard normal float64 samples of `shape`. NumPy: `np.random.standard_normal(shape)`.
    public static func randn(_ shape: [Int]) -> NDArray { RandomGenerator.shared.normal(shape) }
    /// Uniform float64 samples in `[0, 1)`. NumPy: `np.random.rand(3, 3)`.
    public static func rand(_ shape: Int...) -> NDArray { RandomGenerator.shared.uniform(shape) }
    /// Uniform float64 samples in `[0, 1)` of `shape`. NumPy: `np.random.random(shape)`.
    public static func rand(_ shape: [Int]) -> NDArray { RandomGenerator.shared.uniform(shape) }
}
