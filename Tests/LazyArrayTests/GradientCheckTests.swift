import Testing
@testable import LazyArray
import Kernels

/// Gradients of generated expression graphs (`GradientExpressionBuilder`) against central
/// finite differences in float64, and fused gradients against eager ones bitwise. Serialized:
/// hundreds of debug-build evaluations per second would otherwise take both cores from the
/// suites with tighter time limits.
@Suite(.serialized, .timeLimit(.minutes(10))) struct GradientCheckTests {
    /// Central differences `(f(x + h) - f(x - h)) / 2h` err by about `h² f‴ / 6` (truncation)
    /// plus `ε |f| / h` (the rounding of the two evaluations, ε = 2⁻⁵², relative to the size of
    /// `f` however the difference cancels). The generated functions keep their derivatives of
    /// order 1 to 100 (inputs in [-1.5, 1.5], arguments squashed into the functions' domains, at
    /// most 7 steps), so with h = 1e-5 truncation stays below about 1e-8 · max(1, |g|): a
    /// relative and absolute allowance of 1e-6 leaves a hundredfold margin, and 16 ε |f| / h
    /// covers the rounding where a product chain made `f` large. A wrong rule (a factor or a
    /// sign) is off by the gradient's own order, far beyond either.
    static let step = 1e-5
    static let tolerance = 1e-6

    /// Whether `gradient` agrees with a finite difference at step `h` of a function of size `size`.
    static func agrees(_ gradient: Double, _ difference: Double, size: Double, h: Double = GradientCheckTests.step) -> Bool {
        let rounding = 16 * Double.ulpOfOne * Swift.max(1, Swift.abs(size)) / h
        return Swift.abs(gradient - difference) <= tolerance * Swift.max(1, Swift.abs(gradient), Swift.abs(difference)) + rounding
    }

    @Test(arguments: 0..<320)
    func gradientMatchesFiniteDifferences(seed: Int) throws {
        try Self.checkFiniteDifferences(seed: seed)
    }

    static func checkFiniteDifferences(seed: Int) throws {
        var builder = GradientExpressionBuilder(seed: UInt64(seed))
        let shapes = builder.inputShapes()
        let values = shapes.map { shape in (0..<shape.reduce(1, *)).map { _ in builder.number() } }
        let template = builder
        var traced = template
        _ = traced.build(shapes.map { NDArray.zeros($0) })
        func f(_ inputs: [NDArray]) -> NDArray {
            var copy = template
            return copy.build(inputs)
        }
        func value(_ values: [[Double]]) -> Double {
            f(zip(values, shapes).map { NDArray($0, shape: $1) }).item(Double.self)
        }
        let inputs = zip(values, shapes).map { NDArray($0, shape: $1) }
        let center = value(values)
        try #require(center.isFinite, "seed \(seed)")
        let gradients = grad(f)(inputs)
        NDArray.evaluate(gradients)
        var straddling = 0, checked = 0
        for (i, shape) in shapes.enumerated() {
            #expect(gradients[i].shape == shape)
            let gradient = gradients[i].toArray(Double.self)
            // At most four elements per input (the first, the last and two between): every
            // rule is still crossed on each graph, at a third of the evaluations, which the
            // suite's other timed tests share two cores with.
            let count = values[i].count
            for j in Set([0, count / 3, (2 * count) / 3, count - 1]).sorted() {
                func difference(_ h: Double) -> Double {
                    var plus = values, minus = values
                    plus[i][j] += h
                    minus[i][j] -= h
                    return (value(plus) - value(minus)) / (2 * h)
                }
                checked += 1
                let coarse = difference(step)
                if agrees(gradient[j], coarse, size: center) { continue }
                // A kink (relu, abs, where, a maximum's tie, floor) within h of the point makes the
                // difference depend on h: one eight times smaller tells the two cases apart.
                let fine = difference(step / 8)
                if agrees(gradient[j], fine, size: center, h: step / 8) { continue }
                if !agrees(coarse, fine, size: center, h: step / 8) {
                    straddling += 1
                    continue
                }
                Issue.record("seed \(seed), input \(i) of shape \(shape), element \(j): gradient \(gradient[j]), finite difference \(coarse); graph: \(traced.trace.joined(separator: ", "))")
            }
        }
        // Points that straddle a kink are rare (continuous random inputs); many would mean the
        // check is not checking.
        #expect(straddling * 10 <= Swift.max(checked, 10), "seed \(seed): \(straddling) of \(checked) elements straddle a kink")
    }

    /// On exact operations over quarters every sum is exact in any order, so the fused
    /// gradient (forward and backward planned together) must equal the eager one bit for bit,
    /// on 1 and 2 threads and on the OpenMP target where it is available.
    @Test(arguments: 0..<120)
    func fusedGradientEqualsEagerBitwise(seed: Int) {
        Self.checkBitwise(seed: seed)
    }

    static func checkBitwise(seed: Int) {
        func gradients() -> [NDArray] {
            var builder = GradientExpressionBuilder(seed: UInt64(seed) + 100_000, exact: true)
            let shapes = builder.inputShapes()
            let inputs = shapes.map { builder.constant($0) }
            let template = builder
            return grad { (p: [NDArray]) -> NDArray in
                var copy = template
                return copy.build(p)
            }(inputs)
        }
        let eager = gradients().map { $0.evaluate(mode: .eager).toArray(Double.self) }
        var runs: [(String, [[Double]])] = []
        for threads in [1, 2] {
            NDArray.withThreadCount(threads) {
                runs.append(("\(threads) threads", gradients().map { $0.evaluate().toArray(Double.self) }))
            }
        }
        if Backend.openMP.isAvailable {
            runs.append(("openmp", gradients().map { $0.evaluate(backend: .openMP).toArray(Double.self) }))
        }
        for (name, fused) in runs {
            #expect(zip(fused, eager).allSatisfy { sameBits($0, $1) }, "seed \(seed), \(name)")
        }
    }
}
