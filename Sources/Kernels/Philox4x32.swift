/// The Philox-4x32-10 counter-based random number generator (Salmon, Moraes, Dror and Shaw,
/// "Parallel random numbers: as easy as 1, 2, 3", SC 2011; the Random123 library).
///
/// A counter-based generator is a keyed bijection: `block(counter:key:)` scrambles a 128-bit
/// counter into 128 random bits and carries no state from one call to the next. Any element of a
/// random stream can therefore be computed on its own, in any order, on any thread, which is what
/// lets a random sample be a graph node that fuses into a kernel like any elementwise op.
///
/// NumPy equivalent: the bijection behind `numpy.random.Philox` (NumPy lays its stream out
/// differently). JAX uses the same counter-based idea with Threefry-2x32. How LazyArray maps an
/// element index to a counter is the contract documented on `RandomKernels`.
enum Philox4x32 {
    /// Round multiplier for counter word 0 (Random123 `PHILOX_M4x32_0`).
    static let multiplier0: UInt32 = 0xD251_1F53
    /// Round multiplier for counter word 2 (Random123 `PHILOX_M4x32_1`).
    static let multiplier1: UInt32 = 0xCD9E_8D57
    /// Weyl increment added to key word 0 between rounds (golden ratio, `PHILOX_W32_0`).
    static let keyIncrement0: UInt32 = 0x9E37_79B9
    /// Weyl increment added to key word 1 between rounds (sqrt(3) - 1, `PHILOX_W32_1`).
    static let keyIncrement1: UInt32 = 0xBB67_AE85
    /// Rounds: 10 is Random123's default and the variant its known-answer vectors pin down.
    static let rounds = 10

    /// One Philox-4x32-10 block; the scalar reference that the lane-parallel path must match
    /// bit for bit.
    ///
    /// Each round multiplies words 0 and 2 by fixed odd constants into 64-bit products and
    /// rearranges them as `(hi(M1*c2) ^ c1 ^ k0, lo(M1*c2), hi(M0*c0) ^ c3 ^ k1, lo(M0*c0))`;
    /// the key is bumped by the Weyl increments between rounds.
    /// Random123 equivalent: `philox4x32_R(10, ctr, key)`.
    static func block(counter: SIMD4<UInt32>, key: SIMD2<UInt32>) -> SIMD4<UInt32> {
        var x = counter
        var k = key
        for round in 0..<rounds {
            if round > 0 { k &+= SIMD2(keyIncrement0, keyIncrement1) }
            let p0 = UInt64(multiplier0) * UInt64(x[0])
            let p1 = UInt64(multiplier1) * UInt64(x[2])
            x = SIMD4(
                UInt32(truncatingIfNeeded: p1 >> 32) ^ x[1] ^ k[0],
                UInt32(truncatingIfNeeded: p1),
                UInt32(truncatingIfNeeded: p0 >> 32) ^ x[3] ^ k[1],
                UInt32(truncatingIfNeeded: p0))
        }
        return x
    }
}
