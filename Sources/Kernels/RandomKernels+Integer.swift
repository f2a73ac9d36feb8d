extension RandomKernels {
    /// Fills `out[0..<count]` with elements `start..<start + count` of the uniform integer stream
    /// of `key` on `[low, high)`. Requires `low < high`.
    ///
    /// Element `j` maps the 64-bit value `x = w0 << 32 | w1` into the range `r = high - low` with
    /// Lemire's multiply-shift (`(x * r) >> 64`). The values of `x` that would make some results
    /// more frequent (the low product half below `2^64 mod r`) are rejected once, and the element
    /// deterministically retries with `w2 << 32 | w3`; a second rejection is accepted. So each
    /// result's probability is within `r / 2^128` of `1 / r` (at most 2^-64 for the full 64-bit
    /// range, 2^-118 for a range of a thousand): far below anything a test or model can see.
    /// NumPy equivalent: `rng.integers(low, high, size, dtype=np.int64)`;
    /// JAX: `jax.random.randint(key, shape, low, high, jnp.int64)`.
    static func randint(
        _ out: UnsafeMutablePointer<Int64>, count: Int, start: UInt64, key: SIMD2<UInt32>,
        low: Int64, high: Int64
    ) {
        precondition(low < high, "[randint] low (\(low)) must be less than high (\(high))")
        Philox4x32.withKeySchedule(key) { schedule in
            randintLoop(out, count: count, start: start, schedule: schedule, low: low, high: high)
        }
    }

    /// Fills `out[0..<count]` with elements `start..<start + count` of the uniform integer stream
    /// of `key` on `[low, high)`, as `Int32`. Requires `low < high`.
    ///
    /// The same draw as the `Int64` stream (range `high - low` taken in 64 bits), so for equal
    /// bounds both streams hold the same numbers.
    /// NumPy equivalent: `rng.integers(low, high, size, dtype=np.int32)`;
    /// JAX: `jax.random.randint(key, shape, low, high, jnp.int32)`.
    static func randint(
        _ out: UnsafeMutablePointer<Int32>, count: Int, start: UInt64, key: SIMD2<UInt32>,
        low: Int32, high: Int32
    ) {
        precondition(low < high, "[randint] low (\(low)) must be less than high (\(high))")
        Philox4x32.withKeySchedule(key) { schedule in
            randintLoop(out, count: count, start: start, schedule: schedule, low: low, high: high)
        }
    }

    /// Lemire's nearly divisionless map of a 64-bit value into `[0, range)`, with one
    /// deterministic retry from `second` when `first` falls in the biased zone.
    @inline(__always)
    static func bounded(_ first: UInt64, orElse second: UInt64, range: UInt64) -> UInt64 {
        var product = first.multipliedFullWidth(by: range)
        // `2^64 mod range` is only computed in the rare case that the low half is small enough
        // to possibly be biased; it costs a division.
        if product.low < range {
            let threshold = (0 &- range) % range
            if product.low < threshold { product = second.multipliedFullWidth(by: range) }
        }
        return product.high
    }

    /// The loop of `randint` (Int64); `@inline(never)` keeps the key schedule opaque (see
    /// `Philox4x32.KeySchedule`).
    @inline(never)
    private static func randintLoop(
        _ out: UnsafeMutablePointer<Int64>, count: Int, start: UInt64,
        schedule: Philox4x32.KeySchedule, low: Int64, high: Int64
    ) {
        let range = UInt64(bitPattern: high &- low)
        var i = 0
        while i < count {
            let words = groupWords(start &+ UInt64(i), schedule: schedule)
            let lanes = min(8, count - i)
            let first = words.words01
            let second = words.words23
            for lane in 0..<lanes {
                let offset = bounded(first[lane], orElse: second[lane], range: range)
                out[i + lane] = low &+ Int64(bitPattern: offset)
            }
            i += 8
        }
    }

    /// The loop of `randint` (Int32); `@inline(never)` keeps the key schedule opaque.
    @inline(never)
    private static func randintLoop(
        _ out: UnsafeMutablePointer<Int32>, count: Int, start: UInt64,
        schedule: Philox4x32.KeySchedule, low: Int32, high: Int32
    ) {
        let range = UInt64(Int64(high) - Int64(low))
        var i = 0
        while i < count {
            let words = groupWords(start &+ UInt64(i), schedule: schedule)
            let lanes = min(8, count - i)
            let first = words.words01
            let second = words.words23
            for lane in 0..<lanes {
                let offset = bounded(first[lane], orElse: second[lane], range: range)
                out[i + lane] = Int32(truncatingIfNeeded: Int64(low) + Int64(offset))
            }
            i += 8
        }
    }
}
