extension RandomKernels {
    /// Fills `out[0..<count]` with elements `start..<start + count` of the uniform stream of `key`
    /// on `[low, high)`.
    ///
    /// Element `j` reads word `w0` only: `u = (w0 >> 8) * 2^-24` (24 bits, a multiple of 2^-24 in
    /// [0, 1)), and the result is `(high - low) * u + low` with one fused multiply-add. As in
    /// NumPy, rounding may give exactly `high` when `high - low` is large next to `low`.
    /// NumPy equivalent: `rng.uniform(low, high, size).astype(np.float32)`;
    /// JAX: `jax.random.uniform(key, shape, jnp.float32, low, high)`.
    static func uniform(
        _ out: UnsafeMutablePointer<Float>, count: Int, start: UInt64, key: SIMD2<UInt32>,
        low: Float, high: Float
    ) {
        Philox4x32.withKeySchedule(key) { schedule in
            uniformLoop(out, count: count, start: start, schedule: schedule, low: low, high: high)
        }
    }

    /// Fills `out[0..<count]` with elements `start..<start + count` of the uniform stream of `key`
    /// on `[low, high)`, in double precision.
    ///
    /// Element `j` reads words `w0` and `w1`: `u = ((w0 << 32 | w1) >> 11) * 2^-53` (53 bits, in
    /// [0, 1)), and the result is `(high - low) * u + low` with one fused multiply-add. The top 24
    /// bits of `u` are the float stream's `u`, so both precisions draw the same numbers.
    /// NumPy equivalent: `rng.uniform(low, high, size)`;
    /// JAX: `jax.random.uniform(key, shape, jnp.float64, low, high)`.
    static func uniform(
        _ out: UnsafeMutablePointer<Double>, count: Int, start: UInt64, key: SIMD2<UInt32>,
        low: Double, high: Double
    ) {
        Philox4x32.withKeySchedule(key) { schedule in
            uniformLoop(out, count: count, start: start, schedule: schedule, low: low, high: high)
        }
    }

    /// The loop of `uniform` (Float); `@inline(never)` keeps the key schedule opaque (see
    /// `Philox4x32.KeySchedule`).
    @inline(never)
    private static func uniformLoop(
        _ out: UnsafeMutablePointer<Float>, count: Int, start: UInt64,
        schedule: Philox4x32.KeySchedule, low: Float, high: Float
    ) {
        let scale = SIMD8<Float>(repeating: high - low)
        let offset = SIMD8<Float>(repeating: low)
        var i = 0
        while i < count {
            let words = groupWords(start &+ UInt64(i), schedule: schedule)
            let lanes = min(8, count - i)
            let u = unitFloat(words.word(0))
            store(offset.addingProduct(scale, u), to: out + i, lanes: lanes)
            i += 8
        }
    }

    /// The loop of `uniform` (Double); `@inline(never)` keeps the key schedule opaque.
    @inline(never)
    private static func uniformLoop(
        _ out: UnsafeMutablePointer<Double>, count: Int, start: UInt64,
        schedule: Philox4x32.KeySchedule, low: Double, high: Double
    ) {
        let scale = high - low
        var i = 0
        while i < count {
            let words = groupWords(start &+ UInt64(i), schedule: schedule)
            let lanes = min(8, count - i)
            let bits = words.words01
            var values = SIMD8<Double>()
            for lane in 0..<8 { values[lane] = low.addingProduct(scale, unitDouble(bits[lane])) }
            store(values, to: out + i, lanes: lanes)
            i += 8
        }
    }
}
