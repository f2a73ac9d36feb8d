extension Philox4x32 {
    /// Eight Philox blocks side by side, one per lane, each 32-bit word held in the low half of a
    /// 64-bit lane; the high halves are garbage that nothing reads.
    ///
    /// Why 64-bit lanes: AVX2's only 32x32→64 vector multiply (`vpmuludq`) multiplies the low
    /// halves of 64-bit lanes, so keeping each word there makes a round one multiply, one shift
    /// and two xors per word pair, with no shuffles, and lets the product itself stand in for its
    /// low half. Use `word(_:)` to get clean 32-bit words.
    struct Lanes {
        /// Words 0 to 3 of the eight blocks; only the low 32 bits of each lane are meaningful.
        var x0, x1, x2, x3: SIMD8<UInt64>

        /// Word `index` (0 to 3) of the eight blocks as clean 32-bit lanes.
        @inline(__always)
        func word(_ index: Int) -> SIMD8<UInt32> {
            let wide = index == 0 ? x0 : index == 1 ? x1 : index == 2 ? x2 : x3
            // Lane by lane rather than `SIMD8(truncatingIfNeeded:)`: the optimizer did not inline
            // that generic initializer into the samplers' loops and called it per group; this
            // form it inlines and turns into two shuffles.
            var result = SIMD8<UInt32>()
            for lane in 0..<8 { result[lane] = UInt32(truncatingIfNeeded: wide[lane]) }
            return result
        }

        /// Words 0 and 1 as one 64-bit value per lane, word 0 in the high half.
        @inline(__always)
        var words01: SIMD8<UInt64> { (x0 &<< 32) | (x1 & SIMD8(repeating: 0xFFFF_FFFF)) }

        /// Words 2 and 3 as one 64-bit value per lane, word 2 in the high half.
        @inline(__always)
        var words23: SIMD8<UInt64> { (x2 &<< 32) | (x3 & SIMD8(repeating: 0xFFFF_FFFF)) }
    }

    /// The round keys of one key, each splatted across eight 64-bit lanes and kept in memory:
    /// entry `2r` is key word 0 of round `r`, entry `2r + 1` key word 1.
    ///
    /// Why memory: held in registers, twenty splatted keys crowd out the eight blocks' state, and
    /// the compiler re-creates each splat inside the loop (two instructions per use). Read from
    /// memory that the compiler cannot see through, each use is one xor with a memory operand.
    /// So the loops that use a schedule take it as a parameter of an `@inline(never)` function.
    struct KeySchedule {
        /// `2 * rounds` splatted round keys.
        let roundKeys: UnsafePointer<SIMD8<UInt64>>
    }

    /// Calls `body` with the key schedule of `key`, held in stack memory for the call's duration.
    @inline(__always)
    static func withKeySchedule<R>(_ key: SIMD2<UInt32>, _ body: (KeySchedule) -> R) -> R {
        withUnsafeTemporaryAllocation(of: SIMD8<UInt64>.self, capacity: 2 * rounds) { table in
            var k = key
            for round in 0..<rounds {
                table[2 * round] = SIMD8(repeating: UInt64(k[0]))
                table[2 * round + 1] = SIMD8(repeating: UInt64(k[1]))
                k &+= SIMD2(keyIncrement0, keyIncrement1)
            }
            return body(KeySchedule(roundKeys: UnsafePointer(table.baseAddress!)))
        }
    }

    /// Eight Philox-4x32-10 blocks at once: lane `l` of the result equals
    /// `block(counter: (c0[l], c1[l], c2[l], c3[l]), key: key)` in the low 32 bits of each word,
    /// where only the low 32 bits of each counter lane are read.
    ///
    /// Always inlined: with constant counter words (the samplers pass `c2 = c3 = 0`) the first
    /// round's multiply folds away, and words a caller never reads drop their last-round work.
    @inline(__always)
    static func blocks(
        _ c0: SIMD8<UInt64>, _ c1: SIMD8<UInt64>, _ c2: SIMD8<UInt64>, _ c3: SIMD8<UInt64>,
        schedule: KeySchedule
    ) -> Lanes {
        // The mask is free: `vpmuludq` ignores the high halves, so the compiler drops it.
        let low32 = SIMD8<UInt64>(repeating: 0xFFFF_FFFF)
        let m0 = SIMD8<UInt64>(repeating: UInt64(multiplier0))
        let m1 = SIMD8<UInt64>(repeating: UInt64(multiplier1))
        var x = Lanes(x0: c0, x1: c1, x2: c2, x3: c3)
        let keys = schedule.roundKeys
        @inline(__always) func round(_ r: Int) {
            let p0 = (x.x0 & low32) &* m0
            let p1 = (x.x2 & low32) &* m1
            x = Lanes(
                x0: (p1 &>> 32) ^ x.x1 ^ keys[2 * r], x1: p1,
                x2: (p0 &>> 32) ^ x.x3 ^ keys[2 * r + 1], x3: p0)
        }
        // Written out: the optimizer does not unroll a loop of ten rounds, and only unrolled
        // rounds let it fold the constant counter words.
        round(0); round(1); round(2); round(3); round(4)
        round(5); round(6); round(7); round(8); round(9)
        return x
    }
}
