extension RandomKernels {
    /// Fills `out[0..<count]` with elements `start..<start + count` of the Bernoulli stream of
    /// `key`: 1 with probability `p`, else 0 (booleans stored as bytes, as `DType.bool` is).
    ///
    /// Element `j` reads word `w0` only and is `u < p` for the float stream's
    /// `u = (w0 >> 8) * 2^-24`, so the probability is `p` rounded up to a multiple of 2^-24.
    /// It is computed exactly as the integer test `w0 >> 8 < ceil(p * 2^24)`. A `p` below 0 (or
    /// NaN) gives all zeros, above 1 all ones.
    /// NumPy equivalent: `rng.random(size) < p`; JAX: `jax.random.bernoulli(key, p, shape)`.
    static func bernoulli(
        _ out: UnsafeMutablePointer<UInt8>, count: Int, start: UInt64, key: SIMD2<UInt32>, p: Double
    ) {
        // p * 2^24 is exact in double, so its ceiling is the exact count of 24-bit u below p.
        let threshold: UInt32 =
            if !(p > 0) { 0 } else if p >= 1 { 1 << 24 } else { UInt32((p * 0x1p24).rounded(.up)) }
        Philox4x32.withKeySchedule(key) { schedule in
            bernoulliLoop(out, count: count, start: start, schedule: schedule, threshold: threshold)
        }
    }

    /// The loop of `bernoulli`; `@inline(never)` keeps the key schedule opaque (see
    /// `Philox4x32.KeySchedule`).
    @inline(never)
    private static func bernoulliLoop(
        _ out: UnsafeMutablePointer<UInt8>, count: Int, start: UInt64,
        schedule: Philox4x32.KeySchedule, threshold: UInt32
    ) {
        let limit = SIMD8<UInt32>(repeating: threshold)
        var i = 0
        while i < count {
            let words = groupWords(start &+ UInt64(i), schedule: schedule)
            let lanes = min(8, count - i)
            // Blend with bit operations, not SIMDMask (docs/performance.md, "Machine facts").
            let isBelow = SIMD8<UInt32>(repeating: 1) & ((words.word(0) &>> 8) &- limit) &>> 31
            store(SIMD8<UInt8>(truncatingIfNeeded: isBelow), to: out + i, lanes: lanes)
            i += 8
        }
    }
}
