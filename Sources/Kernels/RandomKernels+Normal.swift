#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension RandomKernels {
    /// Fills `out[0..<count]` with elements `start..<start + count` of the normal stream of `key`
    /// with mean `mean` and standard deviation `std`.
    ///
    /// One Philox block gives four elements, both branches of Box-Muller for two pairs of
    /// words, laid out so that eight blocks fill 32 consecutive elements with four vector
    /// stores: element `j` has group `g = j / 32`, row `k = (j % 32) / 8` and lane `l = j % 8`, and
    /// reads block `8g + l`. With `u(w) = ((w >> 8) + 1) * 2^-24` in (0, 1] (never 0, so the
    /// logarithm is finite) and `t(w) = (w >> 8) * 2^-24` in [0, 1):
    /// row 0 is `sqrt(-2 ln u(w0)) * cos(2 pi t(w1))`, row 1 the same radius times
    /// `sin(2 pi t(w1))`, rows 2 and 3 the same of `(w2, w3)`. The result is `std * z + mean`
    /// with one fused multiply-add. Element `j` is still a function of `j` alone (the counter
    /// contract); only its block is shared with three others. With 24-bit `u`, `|z|` never
    /// exceeds `sqrt(48 ln 2) = 5.77`, a tail of probability 8e-9 that is left out. The logarithm,
    /// cosine and sine are this file's SIMD polynomials (about 1 and 3 ulp, checked exhaustively
    /// by the tests), because the C library's scalar ones would cost more than the Philox block.
    /// Why both branches: the logarithm, the square root and the Philox block are each shared
    /// by several elements, which more than halves the cost of a sample (`noise` benchmark).
    /// NumPy equivalent: `rng.normal(mean, std, size).astype(np.float32)`;
    /// JAX: `mean + std * jax.random.normal(key, shape, jnp.float32)`.
    static func normal(
        _ out: UnsafeMutablePointer<Float>, count: Int, start: UInt64, key: SIMD2<UInt32>,
        mean: Float, std: Float
    ) {
        Philox4x32.withKeySchedule(key) { schedule in
            normalLoop(out, count: count, start: start, schedule: schedule, mean: mean, std: std)
        }
    }

    /// Fills `out[0..<count]` with elements `start..<start + count` of the normal stream of `key`
    /// with mean `mean` and standard deviation `std`, in double precision.
    ///
    /// Element `j` reads all four words: `u1 = (((w0 << 32 | w1) >> 11) + 1) * 2^-53` in (0, 1],
    /// `u2 = ((w2 << 32 | w3) >> 11) * 2^-53` in [0, 1), then the same cosine-branch Box-Muller
    /// as the float stream with the C library's `log` and `sin`, and `std * z + mean` with one
    /// fused multiply-add. The double stream is not the float stream widened.
    /// NumPy equivalent: `rng.normal(mean, std, size)`;
    /// JAX: `mean + std * jax.random.normal(key, shape, jnp.float64)`.
    static func normal(
        _ out: UnsafeMutablePointer<Double>, count: Int, start: UInt64, key: SIMD2<UInt32>,
        mean: Double, std: Double
    ) {
        Philox4x32.withKeySchedule(key) { schedule in
            normalLoop(out, count: count, start: start, schedule: schedule, mean: mean, std: std)
        }
    }

    /// The loop of `normal` (Float); `@inline(never)` keeps the key schedule opaque (see
    /// `Philox4x32.KeySchedule`).
    @inline(never)
    private static func normalLoop(
        _ out: UnsafeMutablePointer<Float>, count: Int, start: UInt64,
        schedule: Philox4x32.KeySchedule, mean: Float, std: Float
    ) {
        let meanLanes = SIMD8<Float>(repeating: mean)
        let stdLanes = SIMD8<Float>(repeating: std)
        let end = start &+ UInt64(count)
        var first = start & ~31
        while first < end {
            let blocks = SIMD8<UInt64>(repeating: first / 4) &+ SIMD8(0, 1, 2, 3, 4, 5, 6, 7)
            let words = Philox4x32.blocks(blocks, blocks &>> 32, .zero, .zero, schedule: schedule)
            let radius0 = radius(logUnitInterval(unitFloat(words.word(0)) + 0x1p-24))
            let radius1 = radius(logUnitInterval(unitFloat(words.word(2)) + 0x1p-24))
            let turns0 = unitFloat(words.word(1)), turns1 = unitFloat(words.word(3))
            let rows = (meanLanes.addingProduct(stdLanes, radius0 * cosTurns(turns0)),
                        meanLanes.addingProduct(stdLanes, radius0 * sinTurns(turns0)),
                        meanLanes.addingProduct(stdLanes, radius1 * cosTurns(turns1)),
                        meanLanes.addingProduct(stdLanes, radius1 * sinTurns(turns1)))
            if first >= start && end - first >= 32 {
                let target = out + Int(first - start)
                store(rows.0, to: target, lanes: 8)
                store(rows.1, to: target + 8, lanes: 8)
                store(rows.2, to: target + 16, lanes: 8)
                store(rows.3, to: target + 24, lanes: 8)
            } else {
                // A group cut by the range's ends: computed whole, only its part in range stored.
                withUnsafeTemporaryAllocation(of: SIMD8<Float>.self, capacity: 4) { group in
                    group.initialize(from: [rows.0, rows.1, rows.2, rows.3])
                    let values = UnsafeRawPointer(group.baseAddress!).assumingMemoryBound(to: Float.self)
                    for j in Swift.max(first, start)..<Swift.min(first + 32, end) {
                        out[Int(j - start)] = values[Int(j - first)]
                    }
                }
            }
            first += 32
        }
    }

    /// The loop of `normal` (Double); `@inline(never)` keeps the key schedule opaque.
    @inline(never)
    private static func normalLoop(
        _ out: UnsafeMutablePointer<Double>, count: Int, start: UInt64,
        schedule: Philox4x32.KeySchedule, mean: Double, std: Double
    ) {
        var i = 0
        while i < count {
            let words = groupWords(start &+ UInt64(i), schedule: schedule)
            let lanes = min(8, count - i)
            let bits1 = words.words01
            let bits2 = words.words23
            var values = SIMD8<Double>()
            for lane in 0..<8 {
                let u1 = unitDouble(bits1[lane]) + 0x1p-53
                let u2 = unitDouble(bits2[lane])
                // cos(2 pi u2) = sin(2 pi (|u2 - 1/2| - 1/4)): an argument within [-pi/2, pi/2],
                // computed exactly, where `sin` is at its most accurate.
                let z = (-2 * log(u1)).squareRoot() * sin(2 * Double.pi * ((u2 - 0.5).magnitude - 0.25))
                values[lane] = mean.addingProduct(std, z)
            }
            store(values, to: out + i, lanes: lanes)
            i += 8
        }
    }

    /// The Box-Muller radius `sqrt(-2 ln u1)` from `ln u1`.
    ///
    /// Written lane by lane with a clamp at zero, which `ln u1 <= 0` never triggers: that is the
    /// form the compiler turns into one `vsqrtps`, while `SIMD8.squareRoot()` and a bare
    /// per-lane `squareRoot()` call the C library's `sqrtf` once per lane (errno handling).
    @inline(__always)
    static func radius(_ logU1: SIMD8<Float>) -> SIMD8<Float> {
        let square = -2 * logU1
        var result = SIMD8<Float>()
        for lane in 0..<8 {
            let x = square[lane]
            result[lane] = (x > 0 ? x : 0).squareRoot()
        }
        return result
    }

    /// `logUnitInterval`'s `P`, highest degree first; the OpenMP target renders the same
    /// constants, so both compute the same bits.
    static let logPolynomial: (Float, Float, Float, Float, Float, Float, Float) = (
        0.08506953716278076, -0.14197471737861633, 0.14950978755950928, -0.165879487991333,
        0.19960597157478333, -0.250009685754776, 0.33333972096443176)
    /// `ln 2` split in two: `k * ln2High` is exact for the exponents `k` of a float.
    static let ln2High: Float = 0.693359375
    /// The rest of `ln 2` (`ln 2 - ln2High`, rounded).
    static let ln2Low: Float = -2.12194440e-4
    /// `cosTurns`'s `Q`, highest degree first (shared with the OpenMP target, as `logPolynomial`).
    static let cosTurnsPolynomial: (Float, Float, Float, Float, Float) = (
        39.71002197265625, -76.57487487792969, 81.60222625732422, -41.341678619384766, 6.2831854820251465)

    /// Natural logarithm of `x` in (0, 1] (positive normal floats in general), about 1 ulp.
    ///
    /// Splits `x = 2^k * m` with `m` in [sqrt(1/2), sqrt(2)), so `f = m - 1` is exact and small,
    /// then `ln x = k ln 2 + f - f^2/2 + f^3 P(f)`. `P` is a degree-6 weighted least-squares fit
    /// of `(log1p(f) - f + f^2/2) / f^3` on that interval (the tests check every 24-bit input
    /// against the double-precision logarithm); `ln 2` is split in two so `k ln 2` stays exact.
    /// Not for zero, negatives, infinities or NaN: the samplers never pass them.
    @inline(__always)
    static func logUnitInterval(_ x: SIMD8<Float>) -> SIMD8<Float> {
        let bits = unsafeBitCast(x, to: SIMD8<Int32>.self)
        // Subtracting sqrt(1/2)'s bits moves the exponent boundary to sqrt(1/2), so the shift
        // yields k and the remaining mantissa bits, re-based, give m in [sqrt(1/2), sqrt(2)).
        let shifted = bits &- 0x3F35_04F3
        let k = SIMD8<Float>(shifted &>> 23)
        let m = unsafeBitCast((shifted & 0x007F_FFFF) &+ 0x3F35_04F3, to: SIMD8<Float>.self)
        let f = m - 1
        let f2 = f * f
        let c = logPolynomial
        var p = SIMD8<Float>(repeating: c.0)
        p = SIMD8(repeating: c.1).addingProduct(p, f)
        p = SIMD8(repeating: c.2).addingProduct(p, f)
        p = SIMD8(repeating: c.3).addingProduct(p, f)
        p = SIMD8(repeating: c.4).addingProduct(p, f)
        p = SIMD8(repeating: c.5).addingProduct(p, f)
        p = SIMD8(repeating: c.6).addingProduct(p, f)
        var y = (p * f2 * f).addingProduct(-0.5, f2)
        y = y.addingProduct(k, SIMD8(repeating: ln2Low))
        return (f + y).addingProduct(k, SIMD8(repeating: ln2High))
    }

    /// `cos(2 pi t)` for `t` in [0, 1], about 3 ulp.
    ///
    /// Uses `cos(2 pi t) = sin(2 pi b)` with `b = |t - 1/2| - 1/4` in [-1/4, 1/4], computed
    /// exactly, which needs no quadrant logic: `sin(2 pi b) = b Q(b^2)`, with `Q` a degree-4
    /// weighted least-squares fit of `sin(2 pi b) / b` on that interval (checked by the tests
    /// on every 24-bit input against the double-precision sine).
    @inline(__always)
    static func cosTurns(_ t: SIMD8<Float>) -> SIMD8<Float> {
        let centered = unsafeBitCast(t - 0.5, to: SIMD8<UInt32>.self) & 0x7FFF_FFFF
        let b = unsafeBitCast(centered, to: SIMD8<Float>.self) - 0.25
        let b2 = b * b
        let c = cosTurnsPolynomial
        var q = SIMD8<Float>(repeating: c.0)
        q = SIMD8(repeating: c.1).addingProduct(q, b2)
        q = SIMD8(repeating: c.2).addingProduct(q, b2)
        q = SIMD8(repeating: c.3).addingProduct(q, b2)
        q = SIMD8(repeating: c.4).addingProduct(q, b2)
        return b * q
    }

    /// `sin(2 pi t)` for `t` in [0, 1), as `cos(2 pi t')` with `t' = t - 1/4` moved into
    /// [0, 1) (`t + 3/4` below 1/4): both exact for multiples of 2^-24, so the error is
    /// `cosTurns`'s.
    @inline(__always)
    static func sinTurns(_ t: SIMD8<Float>) -> SIMD8<Float> {
        cosTurns((t - 0.25).replacing(with: t + 0.75, where: t .< 0.25))
    }
}
