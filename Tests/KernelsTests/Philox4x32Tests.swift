import Testing
@testable import Kernels

/// Philox-4x32-10: the lane-parallel path against the scalar one (Random123's known answers are
/// in `Tests/LazyArrayTests/PhiloxExpectations.swift`, with the C target's).
@Suite(.timeLimit(.minutes(10))) struct Philox4x32Tests {
    @Test("lane-parallel blocks equal the scalar reference bit for bit on random counters and keys")
    func lanesMatchScalar() {
        var generator = SplitMix64(seed: 0x5EED)
        for _ in 0..<2000 {
            let key = SIMD2(generator.word(), generator.word())
            var counters = (SIMD8<UInt64>(), SIMD8<UInt64>(), SIMD8<UInt64>(), SIMD8<UInt64>())
            for lane in 0..<8 {
                // Random high halves too: the lane-parallel path must read only the low 32 bits.
                counters.0[lane] = generator.next()
                counters.1[lane] = generator.next()
                counters.2[lane] = generator.next()
                counters.3[lane] = generator.next()
            }
            let lanes = Philox4x32.withKeySchedule(key) { schedule in
                Philox4x32.blocks(counters.0, counters.1, counters.2, counters.3, schedule: schedule)
            }
            for lane in 0..<8 {
                let counter = SIMD4(
                    UInt32(truncatingIfNeeded: counters.0[lane]), UInt32(truncatingIfNeeded: counters.1[lane]),
                    UInt32(truncatingIfNeeded: counters.2[lane]), UInt32(truncatingIfNeeded: counters.3[lane]))
                let expected = Philox4x32.block(counter: counter, key: key)
                let got = SIMD4(lanes.word(0)[lane], lanes.word(1)[lane], lanes.word(2)[lane], lanes.word(3)[lane])
                #expect(got == expected)
            }
        }
    }

    @Test("joined words put the first word in the high half")
    func joinedWords() {
        let lanes = Philox4x32.Lanes(
            x0: SIMD8(repeating: 0xDEAD_0000_0000_0001), x1: SIMD8(repeating: 0xBEEF_0000_0000_0002),
            x2: SIMD8(repeating: 0x1234_0000_0000_0003), x3: SIMD8(repeating: 0x5678_0000_0000_0004))
        #expect(lanes.words01 == SIMD8(repeating: 0x0000_0001_0000_0002))
        #expect(lanes.words23 == SIMD8(repeating: 0x0000_0003_0000_0004))
    }

    /// SplitMix64 (Steele, Lea and Flood 2014): a tiny independent generator for test inputs.
    struct SplitMix64 {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func word() -> UInt32 { UInt32(truncatingIfNeeded: next()) }
    }
}
