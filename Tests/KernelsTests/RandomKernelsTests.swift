import Foundation
import Testing
@testable import Kernels

/// The random samplers: the counter contract, block independence, the math kernels' accuracy,
/// and the distributions, all with fixed keys so a failure reproduces.
@Suite(.timeLimit(.minutes(10))) struct RandomKernelsTests {
    static let key = SIMD2<UInt32>(0x1234_5678, 0x9ABC_DEF0)
    /// A start just below 2^32, so groups straddle the carry into the counter's second word.
    static let straddle: UInt64 = (1 << 32) - 37

    /// The contract: element `j` reads Philox block `(lo32(j), hi32(j), 0, 0)` under the key.
    static func words(_ j: UInt64, key: SIMD2<UInt32> = key) -> SIMD4<UInt32> {
        Philox4x32.block(counter: SIMD4(UInt32(truncatingIfNeeded: j), UInt32(j >> 32), 0, 0), key: key)
    }

    static func fill<T: Numeric>(
        _ count: Int, _ sampler: (UnsafeMutablePointer<T>, Int) -> Void
    ) -> [T] {
        var result = [T](repeating: 0, count: count)
        result.withUnsafeMutableBufferPointer { sampler($0.baseAddress!, count) }
        return result
    }

    // MARK: - The counter contract

    @Test("uniform Float element j is (w0 >> 8) * 2^-24 of block (lo32 j, hi32 j, 0, 0), scaled")
    func uniformFloatContract() {
        let values: [Float] = Self.fill(100) { RandomKernels.uniform($0, count: $1, start: Self.straddle, key: Self.key, low: -2, high: 3) }
        for (i, value) in values.enumerated() {
            let u = Float(Self.words(Self.straddle + UInt64(i))[0] >> 8) * 0x1p-24
            #expect(value == Float(-2).addingProduct(5, u))
        }
    }

    @Test("uniform Double element j is ((w0 << 32 | w1) >> 11) * 2^-53, scaled")
    func uniformDoubleContract() {
        let values: [Double] = Self.fill(100) { RandomKernels.uniform($0, count: $1, start: Self.straddle, key: Self.key, low: -2, high: 3) }
        for (i, value) in values.enumerated() {
            let w = Self.words(Self.straddle + UInt64(i))
            let u = Double((UInt64(w[0]) << 32 | UInt64(w[1])) >> 11) * 0x1p-53
            #expect(value == Double(-2).addingProduct(5, u))
        }
    }

    @Test("normal Float element j is one Box-Muller branch of a word pair of block 8(j/32) + j%8, within float error")
    func normalFloatContract() {
        let values: [Float] = Self.fill(4000) { RandomKernels.normal($0, count: $1, start: Self.straddle, key: Self.key, mean: 0, std: 1) }
        for (i, value) in values.enumerated() {
            let j = Self.straddle + UInt64(i)
            let row = Int(j % 32) / 8
            let w = Self.words(8 * (j / 32) + j % 8)
            let u1 = Double((w[row < 2 ? 0 : 2] >> 8) + 1) * 0x1p-24
            let u2 = Double(w[row < 2 ? 1 : 3] >> 8) * 0x1p-24
            let radius = (-2 * Foundation.log(u1)).squareRoot()
            let angle = 2 * Double.pi * u2
            let expected = radius * (row % 2 == 0 ? Foundation.cos(angle) : Foundation.sin(angle))
            // log about 1 ulp, cos and sin about 3 ulp, sqrt and the products a few more: 8
            // float ulps of the radius bounds the error, which a wrong word or formula far exceeds.
            #expect(Swift.abs(Double(value) - expected) <= 8 * 0x1p-24 * Swift.max(radius, 1))
        }
    }

    @Test("normal Double element j is Box-Muller's cosine branch of (w0:w1, w2:w3)")
    func normalDoubleContract() {
        let values: [Double] = Self.fill(1000) { RandomKernels.normal($0, count: $1, start: Self.straddle, key: Self.key, mean: 1, std: 2) }
        for (i, value) in values.enumerated() {
            let w = Self.words(Self.straddle + UInt64(i))
            let u1 = Double(((UInt64(w[0]) << 32 | UInt64(w[1])) >> 11) + 1) * 0x1p-53
            let u2 = Double((UInt64(w[2]) << 32 | UInt64(w[3])) >> 11) * 0x1p-53
            let expected = 1 + 2 * (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
            #expect(Swift.abs(value - expected) <= 1e-13)
        }
    }

    @Test("randint element j is Lemire's map of w0:w1, retried once with w2:w3")
    func randintContract() {
        // A range of 2^63 + 1 rejects almost half of all first tries, so the retry is exercised.
        let low = Int64.min, high: Int64 = 1
        let range = UInt64(1) << 63 + 1
        let values: [Int64] = Self.fill(2000) { RandomKernels.randint($0, count: $1, start: Self.straddle, key: Self.key, low: low, high: high) }
        var retries = 0
        for (i, value) in values.enumerated() {
            let w = Self.words(Self.straddle + UInt64(i))
            let first = (UInt64(w[0]) << 32 | UInt64(w[1])).multipliedFullWidth(by: range)
            let second = (UInt64(w[2]) << 32 | UInt64(w[3])).multipliedFullWidth(by: range)
            let rejected = first.low < (0 &- range) % range
            if rejected { retries += 1 }
            #expect(value == low &+ Int64(bitPattern: rejected ? second.high : first.high))
            #expect(value >= low && value < high)
        }
        #expect(retries > 800 && retries < 1200)
    }

    @Test("randint Int32 draws the same numbers as Int64 for the same bounds")
    func randintWidthsAgree() {
        let wide: [Int64] = Self.fill(1000) { RandomKernels.randint($0, count: $1, start: 5, key: Self.key, low: -1_000_000, high: Int64(Int32.max)) }
        let narrow: [Int32] = Self.fill(1000) { RandomKernels.randint($0, count: $1, start: 5, key: Self.key, low: -1_000_000, high: Int32.max) }
        #expect(wide == narrow.map(Int64.init))
    }

    @Test("randint covers the full Int64 range and a range of one")
    func randintEdges() {
        let full: [Int64] = Self.fill(1000) { RandomKernels.randint($0, count: $1, start: 0, key: Self.key, low: .min, high: .max) }
        #expect(full.contains { $0 < 0 } && full.contains { $0 > 0 })
        let one: [Int32] = Self.fill(100) { RandomKernels.randint($0, count: $1, start: 0, key: Self.key, low: 7, high: 8) }
        #expect(one.allSatisfy { $0 == 7 })
    }

    @Test("bernoulli element j is (w0 >> 8) * 2^-24 < p; p = 0 and 1 are exact")
    func bernoulliContract() {
        let values: [UInt8] = Self.fill(1000) { RandomKernels.bernoulli($0, count: $1, start: Self.straddle, key: Self.key, p: 0.37) }
        for (i, value) in values.enumerated() {
            let u = Double(Self.words(Self.straddle + UInt64(i))[0] >> 8) * 0x1p-24
            #expect(value == (u < 0.37 ? 1 : 0))
        }
        let never: [UInt8] = Self.fill(1000) { RandomKernels.bernoulli($0, count: $1, start: 0, key: Self.key, p: 0) }
        let always: [UInt8] = Self.fill(1000) { RandomKernels.bernoulli($0, count: $1, start: 0, key: Self.key, p: 1) }
        #expect(never.allSatisfy { $0 == 0 } && always.allSatisfy { $0 == 1 })
    }

    // MARK: - Block independence

    /// Fills `[start, start + count)` once whole and once in pieces of random sizes (1 to 40,
    /// so pieces start at every lane offset) and returns both.
    static func wholeAndPieces<T: Numeric>(
        _ count: Int, start: UInt64, _ sampler: (UnsafeMutablePointer<T>, Int, UInt64) -> Void
    ) -> ([T], [T]) {
        let whole: [T] = fill(count) { sampler($0, $1, start) }
        var pieces = [T](repeating: 0, count: count)
        var generator = Philox4x32Tests.SplitMix64(seed: 99)
        pieces.withUnsafeMutableBufferPointer { buffer in
            var offset = 0
            while offset < count {
                let size = Swift.min(count - offset, Int(generator.next() % 40) + 1)
                sampler(buffer.baseAddress! + offset, size, start + UInt64(offset))
                offset += size
            }
        }
        return (whole, pieces)
    }

    @Test("every sampler gives the same bits whole or in pieces", arguments: [0, straddle])
    func blockIndependence(start: UInt64) {
        let n = 1003
        let key = Self.key
        let uf = Self.wholeAndPieces(n, start: start) { (p: UnsafeMutablePointer<Float>, c, s) in RandomKernels.uniform(p, count: c, start: s, key: key, low: 0, high: 1) }
        #expect(uf.0.map(\.bitPattern) == uf.1.map(\.bitPattern))
        let ud = Self.wholeAndPieces(n, start: start) { (p: UnsafeMutablePointer<Double>, c, s) in RandomKernels.uniform(p, count: c, start: s, key: key, low: 0, high: 1) }
        #expect(ud.0.map(\.bitPattern) == ud.1.map(\.bitPattern))
        let nf = Self.wholeAndPieces(n, start: start) { (p: UnsafeMutablePointer<Float>, c, s) in RandomKernels.normal(p, count: c, start: s, key: key, mean: 0, std: 1) }
        #expect(nf.0.map(\.bitPattern) == nf.1.map(\.bitPattern))
        let nd = Self.wholeAndPieces(n, start: start) { (p: UnsafeMutablePointer<Double>, c, s) in RandomKernels.normal(p, count: c, start: s, key: key, mean: 0, std: 1) }
        #expect(nd.0.map(\.bitPattern) == nd.1.map(\.bitPattern))
        let i64 = Self.wholeAndPieces(n, start: start) { (p: UnsafeMutablePointer<Int64>, c, s) in RandomKernels.randint(p, count: c, start: s, key: key, low: -9, high: 1 << 40) }
        #expect(i64.0 == i64.1)
        let i32 = Self.wholeAndPieces(n, start: start) { (p: UnsafeMutablePointer<Int32>, c, s) in RandomKernels.randint(p, count: c, start: s, key: key, low: -9, high: 99) }
        #expect(i32.0 == i32.1)
        let b = Self.wholeAndPieces(n, start: start) { (p: UnsafeMutablePointer<UInt8>, c, s) in RandomKernels.bernoulli(p, count: c, start: s, key: key, p: 0.5) }
        #expect(b.0 == b.1)
    }

    @Test("different keys and different starts give different streams")
    func streamsDiffer() {
        let a: [Float] = Self.fill(64) { RandomKernels.uniform($0, count: $1, start: 0, key: SIMD2(1, 0), low: 0, high: 1) }
        let b: [Float] = Self.fill(64) { RandomKernels.uniform($0, count: $1, start: 0, key: SIMD2(2, 0), low: 0, high: 1) }
        let c: [Float] = Self.fill(64) { RandomKernels.uniform($0, count: $1, start: 64, key: SIMD2(1, 0), low: 0, high: 1) }
        #expect(a != b && a != c)
    }

    // MARK: - Math kernels

    /// Every input when optimized (2^24 of them, about a second); every 97th in a debug build,
    /// where SIMD code runs lane by lane and the full sweep would take minutes.
    static let sweepStride = _isDebugAssertConfiguration() ? 97 : 1

    @Test("logUnitInterval is within 1.5 ulp of ln on every 24-bit u1 in (0, 1]")
    func logAccuracy() {
        var worst = 0.0
        var k = 1
        while k <= 1 << 24 {
            var x = SIMD8<Float>()
            for lane in 0..<8 { x[lane] = Float(Swift.min(k + lane * Self.sweepStride, 1 << 24)) * 0x1p-24 }
            let got = RandomKernels.logUnitInterval(x)
            for lane in 0..<8 where x[lane] < 1 {
                let exact = Foundation.log(Double(x[lane]))
                worst = Swift.max(worst, Swift.abs(Double(got[lane]) - exact) / Double(Float(exact).ulp.magnitude))
            }
            k += 8 * Self.sweepStride
        }
        #expect(worst <= 1.5)
        #expect(RandomKernels.logUnitInterval(SIMD8(repeating: 1)) == SIMD8(repeating: 0))
    }

    @Test("cosTurns and sinTurns are within 4 ulp (or 2^-22 absolute near zeros) of cos and sin of 2 pi t on every 24-bit t",
          arguments: [false, true])
    func turnsAccuracy(sine: Bool) {
        var worst = 0.0
        var worstAbsolute = 0.0
        var k = 0
        while k < 1 << 24 {
            var t = SIMD8<Float>()
            for lane in 0..<8 { t[lane] = Float((k + lane * Self.sweepStride) & 0xFF_FFFF) * 0x1p-24 }
            let got = sine ? RandomKernels.sinTurns(t) : RandomKernels.cosTurns(t)
            for lane in 0..<8 {
                let angle = 2 * Double.pi * Double(t[lane])
                let exact = sine ? Foundation.sin(angle) : Foundation.cos(angle)
                let error = Swift.abs(Double(got[lane]) - exact)
                // Relative error in ulps, but no finer than the ulp of 2^-22: near the zeros
                // the float input itself carries that much.
                worst = Swift.max(worst, error / Swift.max(Double(Float(exact).ulp), 0x1p-46))
                worstAbsolute = Swift.max(worstAbsolute, error)
            }
            k += 8 * Self.sweepStride
        }
        #expect(worst <= 4)
        #expect(worstAbsolute <= 0x1p-22)
    }

    // MARK: - Distributions (fixed seeds; each bound is stated where it is checked)

    /// The standard normal CDF.
    static func phi(_ x: Double) -> Double { 0.5 * Foundation.erfc(-x / 2.0.squareRoot()) }

    /// Kolmogorov-Smirnov statistic of `sample` against `cdf`.
    static func ksStatistic(_ sample: [Double], cdf: (Double) -> Double) -> Double {
        let sorted = sample.sorted()
        let n = Double(sorted.count)
        var d = 0.0
        for (i, x) in sorted.enumerated() {
            let f = cdf(x)
            d = Swift.max(d, Swift.abs(f - Double(i) / n), Swift.abs(Double(i + 1) / n - f))
        }
        return d
    }

    /// Critical value of the one-sample KS statistic at alpha = 0.001 (asymptotic: 1.9495/sqrt(n)).
    static func ksCritical(_ n: Int) -> Double { 1.9495 / Double(n).squareRoot() }

    @Test("normal Float: mean and variance of 1e6 samples within 5 standard errors")
    func normalMoments() {
        let n = 1_000_000
        let values: [Float] = Self.fill(n) { RandomKernels.normal($0, count: $1, start: 12345, key: Self.key, mean: 2, std: 3) }
        let z = values.map { (Double($0) - 2) / 3 }
        let mean = z.reduce(0, +) / Double(n)
        let variance = z.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
        // Standard errors: 1/sqrt(n) for the mean, sqrt(2/n) for the variance of a normal.
        #expect(Swift.abs(mean) <= 5 / Double(n).squareRoot())
        #expect(Swift.abs(variance - 1) <= 5 * (2 / Double(n)).squareRoot())
    }

    @Test("normal Double: mean and variance of 1e6 samples within 5 standard errors")
    func normalDoubleMoments() {
        let n = 1_000_000
        let z: [Double] = Self.fill(n) { RandomKernels.normal($0, count: $1, start: 0, key: SIMD2(3, 4), mean: 0, std: 1) }
        let mean = z.reduce(0, +) / Double(n)
        let variance = z.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
        #expect(Swift.abs(mean) <= 5 / Double(n).squareRoot())
        #expect(Swift.abs(variance - 1) <= 5 * (2 / Double(n)).squareRoot())
    }

    @Test("normal Float passes Kolmogorov-Smirnov against N(0, 1) at alpha = 0.001")
    func normalKS() {
        let n = 200_000
        let values: [Float] = Self.fill(n) { RandomKernels.normal($0, count: $1, start: 777, key: Self.key, mean: 0, std: 1) }
        #expect(Self.ksStatistic(values.map(Double.init), cdf: Self.phi) <= Self.ksCritical(n))
    }

    @Test("uniform Float and Double pass Kolmogorov-Smirnov against U(0, 1) at alpha = 0.001")
    func uniformKS() {
        let n = 200_000
        let floats: [Float] = Self.fill(n) { RandomKernels.uniform($0, count: $1, start: 0, key: Self.key, low: 0, high: 1) }
        let doubles: [Double] = Self.fill(n) { RandomKernels.uniform($0, count: $1, start: 1 << 40, key: Self.key, low: 0, high: 1) }
        let uniformCDF = { (x: Double) in Swift.min(Swift.max(x, 0), 1) }
        #expect(Self.ksStatistic(floats.map(Double.init), cdf: uniformCDF) <= Self.ksCritical(n))
        #expect(Self.ksStatistic(doubles, cdf: uniformCDF) <= Self.ksCritical(n))
        #expect(floats.allSatisfy { $0 >= 0 && $0 < 1 } && doubles.allSatisfy { $0 >= 0 && $0 < 1 })
    }

    @Test("the KS check rejects a wrong distribution (it can fail)")
    func ksHasPower() {
        let n = 200_000
        let values: [Float] = Self.fill(n) { RandomKernels.normal($0, count: $1, start: 777, key: Self.key, mean: 0, std: 1.02) }
        #expect(Self.ksStatistic(values.map(Double.init), cdf: Self.phi) > Self.ksCritical(n))
    }

    @Test("randint over 10 values passes chi-square at alpha = 0.001 (9 degrees of freedom)")
    func randintChiSquare() {
        let n = 1_000_000
        let values: [Int32] = Self.fill(n) { RandomKernels.randint($0, count: $1, start: 0, key: Self.key, low: -5, high: 5) }
        var counts = [Int](repeating: 0, count: 10)
        for value in values { counts[Int(value) + 5] += 1 }
        let expected = Double(n) / 10
        let chiSquare = counts.reduce(0) { $0 + (Double($1) - expected) * (Double($1) - expected) / expected }
        // The chi-square(9) quantile at 0.999 is 27.877.
        #expect(chiSquare <= 27.877)
    }

    @Test("bernoulli frequency of 1e6 draws within 5 standard errors of p")
    func bernoulliFrequency() {
        let n = 1_000_000
        let p = 0.3
        let values: [UInt8] = Self.fill(n) { RandomKernels.bernoulli($0, count: $1, start: 0, key: Self.key, p: p) }
        let frequency = Double(values.reduce(0) { $0 + Int($1) }) / Double(n)
        #expect(Swift.abs(frequency - p) <= 5 * (p * (1 - p) / Double(n)).squareRoot())
    }
}
