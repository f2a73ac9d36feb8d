/// Counter-based random samplers: each fills `count` elements of a random stream, starting at
/// element index `start`, into raw memory.
///
/// ## The counter contract
/// A stream is named by a 64-bit seed, split into the Philox key `(low 32 bits, high 32 bits)`.
/// Element `j` of the stream (the sample's base counter plus the element's position, as a
/// `UInt64`) is computed from one Philox-4x32-10 block
///
///     (w0, w1, w2, w3) = Philox4x32.block(counter: (lo32(c), hi32(c), 0, 0), key: key)
///
/// whose counter `c` is a function of `j` alone, and from nothing else: `c = j` for most
/// samplers, and `c = 8 (j / 32) + j % 8` for the float normal, which takes four elements from
/// each block. So element `j` is the same number whichever block, chunk, thread or backend
/// computes it, and filling `[start, start + n)` in one call or in any pieces gives the same
/// bits. Each sampler documents which block and which of `w0...w3` it reads, and how.
///
/// JAX equivalent: `jax.random` with a key and `fold_in`/counter splitting (JAX's layout and
/// Threefry bijection differ, so the numbers differ).
///
/// The samplers compute eight consecutive elements at a time across SIMD lanes (`groupWords`); a
/// partial group at the end is computed whole and only its first elements are stored, so the tail
/// goes through exactly the same arithmetic as the rest.
enum RandomKernels {
    /// The Philox blocks of the eight elements `first ..< first + 8` under the counter contract.
    ///
    /// The samplers' loops call this directly rather than through a closure-taking helper: the
    /// optimizer outlined such a closure and then ran the math lane by lane.
    @inline(__always)
    static func groupWords(_ first: UInt64, schedule: Philox4x32.KeySchedule) -> Philox4x32.Lanes {
        // The 64-bit add carries into hi32(j) per lane, so a group may straddle 2^32.
        let j = SIMD8<UInt64>(repeating: first) &+ SIMD8(0, 1, 2, 3, 4, 5, 6, 7)
        return Philox4x32.blocks(j, j &>> 32, .zero, .zero, schedule: schedule)
    }

    /// Stores the first `lanes` lanes of `values` at `out`: one vector store for a full group.
    @inline(__always)
    static func store<T: SIMDScalar>(_ values: SIMD8<T>, to out: UnsafeMutablePointer<T>, lanes: Int) {
        if lanes == 8 {
            UnsafeMutableRawPointer(out).storeBytes(of: values, as: SIMD8<T>.self)
        } else {
            for lane in 0..<lanes { out[lane] = values[lane] }
        }
    }

    /// The float uniform of a word: its top 24 bits times 2^-24, a multiple of 2^-24 in [0, 1).
    /// JAX equivalent: `jax.random.uniform`'s bits-to-float step (JAX fills the mantissa instead).
    @inline(__always)
    static func unitFloat(_ word: SIMD8<UInt32>) -> SIMD8<Float> {
        // Below 2^24 the value is exact as Int32, and Int32 converts in one instruction (AVX2
        // has no unsigned conversion). Lane by lane because the generic `SIMD8<Float>(_:)`
        // conversion was not inlined into the loops; this form becomes one `vcvtdq2ps`.
        let top = word &>> 8
        var result = SIMD8<Float>()
        for lane in 0..<8 { result[lane] = Float(Int32(bitPattern: top[lane])) }
        return result * 0x1p-24
    }

    /// The double uniform of a 64-bit value: its top 53 bits times 2^-53, in [0, 1).
    @inline(__always)
    static func unitDouble(_ bits: UInt64) -> Double {
        Double(bits >> 11) * 0x1p-53
    }
}
