import Testing
@testable import LazyArray
import Kernels
import Foundation

/// Random arrays: reproducibility, fusion into the kernels that use them, statistics.
@Suite(.serialized, .timeLimit(.minutes(10))) struct RandomTests {
    @Test func sameSeedSameNumbersInEveryModeAndThreadCount() {
        var results: [[Double]] = []
        for (threads, mode) in [(1, EvaluationMode.fused), (2, .fused), (7, .fused), (1, .eager)] {
            NDArray.withThreadCount(threads) {
                let rng = RandomGenerator(seed: 42)
                let x = rng.normal([300_000], dtype: .float32) + rng.uniform([300_000], low: -1, high: 1, dtype: .float32)
                results.append(x.evaluate(mode: mode).toArray(Double.self) + rng.randint(0, 10, shape: [1000]).toArray(Double.self))
            }
        }
        for other in results.dropFirst() { #expect(sameBits(results[0], other)) }
        let differentSeed = RandomGenerator(seed: 43).normal([10]).toArray(Double.self)
        #expect(differentSeed != Array(results[0].prefix(10)))
    }

    @Test func successiveCallsDifferAndOneSeedReproducesTheProgram() {
        let rng = RandomGenerator(seed: 7)
        let first = rng.normal([5]).toArray(Double.self), second = rng.normal([5]).toArray(Double.self)
        #expect(first != second)
        let again = RandomGenerator(seed: 7)
        #expect(again.normal([5]).toArray(Double.self) == first)
        #expect(again.normal([5]).toArray(Double.self) == second)
        sharedGeneratorLock.withLock { _ in
            RandomGenerator.shared.seed(42)
            let a = NDArray.randn(3, 3).toArray(Double.self)
            RandomGenerator.shared.seed(42)
            #expect(NDArray.randn([3, 3]).toArray(Double.self) == a)
        }
    }

    @Test func noiseFusesIntoItsConsumerWithoutAnArray() {
        let x = NDArray([Float](repeating: 1, count: 10_000))
        let rng = RandomGenerator(seed: 1)
        let y = x + rng.normal(x.shape, mean: 0, std: 0.1, dtype: .float32)
        #expect(NDArray.kernelCount(y) == 1)
        #expect(y.explain().contains("random"))
        #expect(NDArray.plan([y])!.intermediateBytes == [40_000], "one buffer: the output, none for the noise")
        let values = y.toArray(Float.self)
        let mean = values.reduce(0, +) / Float(values.count)
        #expect(Swift.abs(mean - 1) < 0.01)
    }

    @Test func samplesReadThroughViewsKeepTheirValues() {
        let rng = RandomGenerator(seed: 3), same = RandomGenerator(seed: 3)
        let transposed = rng.normal([40, 30]).T + 0
        let direct = same.normal([40, 30]).evaluate(mode: .eager)
        #expect(transposed.toArray(Double.self) == direct.T.toArray(Double.self))
        let rngB = RandomGenerator(seed: 4), sameB = RandomGenerator(seed: 4)
        let reduced = rngB.normal([4, 5, 6]).sum(axes: [0, 2])
        let reference = sameB.normal([4, 5, 6]).evaluate(mode: .eager).sum(axes: [0, 2]).evaluate(mode: .eager)
        #expect(zip(reduced.toArray(Double.self), reference.toArray(Double.self)).allSatisfy { Swift.abs($0 - $1) < 1e-12 })
    }

    /// Mean and variance of 1e6 standard normals within 5 standard errors (5/√n and 5·√(2/n)):
    /// a fixed seed, so the test is deterministic; a broken sampler fails it.
    @Test func meanAndVarianceOfAMillionNormals() {
        let x = RandomGenerator(seed: 2024).normal([1_000_000])
        let n = 1_000_000.0
        #expect(Swift.abs(x.mean().item(Double.self)) < 5 / n.squareRoot())
        #expect(Swift.abs(x.variance().item(Double.self) - 1) < 5 * (2 / n).squareRoot())
    }

    /// Kolmogorov-Smirnov statistic against the exact CDF; 1.9495/√n is the critical value at
    /// alpha = 0.001.
    @Test func kolmogorovSmirnovForNormalAndUniform() {
        let n = 100_000
        let critical = 1.9495 / Double(n).squareRoot()
        let normals = RandomGenerator(seed: 11).normal([n]).toArray(Double.self).sorted()
        let uniforms = RandomGenerator(seed: 12).uniform([n], low: 2, high: 5).toArray(Double.self).sorted()
        func statistic(_ sorted: [Double], _ cdf: (Double) -> Double) -> Double {
            sorted.enumerated().map { i, x in Swift.max(Double(i + 1) / Double(n) - cdf(x), cdf(x) - Double(i) / Double(n)) }.max()!
        }
        #expect(statistic(normals) { 0.5 * erfc(-$0 / 2.0.squareRoot()) } < critical)
        #expect(statistic(uniforms) { ($0 - 2) / 3 } < critical)
        #expect(uniforms.first! >= 2 && uniforms.last! < 5)
    }

    /// Chi-square over 10 equally likely values: 27.877 is the critical value for 9 degrees of
    /// freedom at alpha = 0.001.
    @Test func chiSquareForRandint() {
        let n = 200_000
        let values = RandomGenerator(seed: 5).randint(0, 10, shape: [n]).toArray(Int.self)
        var counts = [Int](repeating: 0, count: 10)
        for value in values { counts[value] += 1 }
        let expected = Double(n) / 10
        let chiSquare = counts.reduce(0.0) { $0 + (Double($1) - expected) * (Double($1) - expected) / expected }
        #expect(chiSquare < 27.877)
        let frequency = Double(RandomGenerator(seed: 6).bernoulli([n], p: 0.3).sum().item(Int.self)) / Double(n)
        #expect(Swift.abs(frequency - 0.3) < 5 * (0.3 * 0.7 / Double(n)).squareRoot())
    }

    @Test func permutationsArePermutations() {
        let rng = RandomGenerator(seed: 9)
        for n in [0, 1, 2, 10, 1000] {
            #expect(rng.permutation(n).toArray(Int.self).sorted() == Array(0..<n))
        }
        let rows = NDArray((0..<12).map { Double($0) }, shape: [6, 2])
        let shuffled = rng.shuffled(rows).toArray(Double.self)
        #expect(stride(from: 0, to: 12, by: 2).map { shuffled[$0] }.sorted() == [0, 2, 4, 6, 8, 10])
        #expect(stride(from: 0, to: 12, by: 2).allSatisfy { shuffled[$0 + 1] == shuffled[$0] + 1 }, "rows stay whole")
        #expect(Set(rng.choice(10, count: 10, replace: false).toArray(Int.self)).count == 10)
        #expect(rng.choice(3, count: 50).toArray(Int.self).allSatisfy { (0..<3).contains($0) })
    }

    @Test func tutorialUses() {
        let rng = RandomGenerator(seed: 42)
        let weights = rng.normal([3, 3]) * 0.01
        #expect(weights.shape == [3, 3] && weights.toArray(Double.self).allSatisfy { Swift.abs($0) < 0.06 })
        let data = rng.normal([100, 3]) * 10 + 50
        let normalized = (data - data.mean(axis: 0)) / data.std(axis: 0)
        #expect(normalized.mean(axis: 0).toArray(Double.self).allSatisfy { Swift.abs($0) < 1e-6 })
        #expect(normalized.std(axis: 0).toArray(Double.self).allSatisfy { Swift.abs($0 - 1) < 1e-6 })
    }

    @Test func badArgumentsAreErrors() {
        let rng = RandomGenerator(seed: 0)
        #expect(errorMessage { _ = rng.randint(5, 5, shape: [2]) } == "[randint] low (5) must be below high (5) and both fit int64")
        #expect(errorMessage { _ = rng.bernoulli([2], p: 1.5) } == "[bernoulli] p must be in [0, 1], got 1.5")
        #expect(errorMessage { _ = rng.normal([2], dtype: .int32) } == "[normal] dtype must be float32 or float64, got int32")
        #expect(errorMessage { _ = rng.choice(3, count: 4, replace: false) } != nil)
    }
}
