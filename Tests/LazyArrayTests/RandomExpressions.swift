import Testing
@testable import LazyArray
import Kernels

/// A small deterministic generator (SplitMix64) so that a seed rebuilds the same expression (or
/// the fuzz tests mutate the same way every run).
struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }
}

/// Builds random expression DAGs over random leaves: ranks up to 4, broadcasting, views
/// (transpose, slices, expandDims, reshape), every dtype, casts, comparisons, `where`, and shared
/// subexpressions. The same seed always builds the same expression, so a test can build it twice
/// and evaluate one copy fused and the other eagerly.
struct RandomExpressionBuilder {
    var rng: SplitMix64
    /// Whether transcendental functions may appear.
    var transcendentals: Bool
    /// Elements of the largest leaf at most.
    var maxSize: Int

    init(seed: UInt64, transcendentals: Bool = false, maxSize: Int = 600) {
        rng = SplitMix64(state: seed)
        self.transcendentals = transcendentals
        self.maxSize = maxSize
    }

    mutating func randomShape() -> [Int] {
        let rank = rng.int(0...4)
        var shape: [Int] = []
        var size = 1
        for _ in 0..<rank {
            let length = rng.int(1...max(1, min(9, maxSize / size)))
            shape.append(length)
            size *= length
        }
        return shape
    }

    mutating func leaf(shape: [Int]) -> NDArray {
        let dtype = DType.allCases[rng.int(0...(DType.allCases.count - 1))]
        let count = shape.reduce(1, *)
        let values = (0..<count).map { _ in Double(rng.int(-40...40)) / (dtype.isFloatingPoint ? 4 : 1) }
        return makeArray(values, dtype: dtype, shape: shape)
    }

    /// A shape `shape` broadcasts against: some axes set to 1, maybe fewer leading axes.
    mutating func broadcastPartner(of shape: [Int]) -> [Int] {
        var partner = shape.map { rng.chance(30) ? 1 : $0 }
        if !partner.isEmpty && rng.chance(25) { partner.removeFirst(rng.int(0...partner.count)) }
        return partner
    }

    mutating func build(steps: Int = 8) -> NDArray {
        var pool = [leaf(shape: randomShape())]
        for _ in 0..<steps {
            let a = pool[rng.int(0...(pool.count - 1))]
            let next: NDArray
            switch rng.int(0...9) {
            case 0...3:
                let other = rng.chance(40) ? pool[rng.int(0...(pool.count - 1))] : leaf(shape: broadcastPartner(of: a.shape))
                next = (try? NDArray.checking { binary(a, other) }) ?? binary(a, leaf(shape: a.shape))
            case 4: next = unary(a)
            case 5: next = view(a)
            case 6: next = a.astype(DType.allCases[rng.int(0...(DType.allCases.count - 1))])
            case 7:
                let condition = a .> NDArray(0.5)
                next = NDArray.where(condition, a, leaf(shape: broadcastPartner(of: a.shape)))
            case 8: next = (try? NDArray.checking { a * 3 - 1 }) ?? a
            default: next = rng.chance(50) ? a .<= leaf(shape: broadcastPartner(of: a.shape)) : -a.astype(.float32)
            }
            pool.append(next)
        }
        // Combine the last two so that more than one chain feeds the result (shared nodes).
        let last = pool[pool.count - 1], previous = pool[pool.count - 2]
        return (try? NDArray.checking { last.astype(.float64) + previous.astype(.float64) }) ?? last
    }

    mutating func binary(_ a: NDArray, _ b: NDArray) -> NDArray {
        let floats = a.dtype.isFloatingPoint || b.dtype.isFloatingPoint
        switch rng.int(0...10) {
        case 0: return a + b
        case 1: return (a.dtype == .bool && b.dtype == .bool) ? a ^ b : a - b
        case 2: return a * b
        case 3: return a / b
        case 4: return maximum(a, b)
        case 5: return minimum(a, b)
        case 6: return a .< b
        case 7: return floats ? a % b : a & b
        case 8: return a .== b
        case 9: return floorDivide(a, b)
        default: return floats || a.dtype == .bool ? a * b : (a % NDArray(7)) ** NDArray(2)
        }
    }

    mutating func unary(_ a: NDArray) -> NDArray {
        if transcendentals && rng.chance(50) {
            let x = a.astype(.float64) / 16
            switch rng.int(0...14) {
            case 7: return log1p(abs(x))
            case 8: return expm1(x)
            case 9: return atan(x)
            case 10: return sinh(x)
            case 11: return cosh(x)
            case 12: return asin(x / (abs(x) + 1))
            case 13: return hypot(x, acos(x / (abs(x) + 1)))
            case 14: return atan2(x, x + 0.5)
            case 0: return exp(x)
            case 1: return log(abs(x) + 1)
            case 2: return sin(x)
            case 3: return cos(x)
            case 4: return tanh(x)
            case 5: return sigmoid(x)
            default: return sqrt(abs(x))
            }
        }
        switch rng.int(0...10) {
        case 6: return a.dtype == .bool ? trunc(a) : round(a * 0.5)
        case 7: return a.dtype == .bool ? logicalNot(a) : sign(a)
        case 8: return isfinite(a)
        case 9: return logicalNot(a) ^ isnan(a)
        case 10: return isinf(a)
        case 0: return a.dtype == .bool ? ~a : -a
        case 1: return abs(a)
        case 2: return square(a)
        case 3: return relu(a)
        case 4: return floor(a)
        default: return a.dtype.isFloatingPoint ? ceil(a) : a
        }
    }

    mutating func view(_ a: NDArray) -> NDArray {
        switch rng.int(0...3) {
        case 0: return a.T
        case 1: return a.expandDims(axis: rng.int(0...a.ndim))
        case 2: return a.randomSlice(steps: [1, 2, -1, -2], rng: &rng)
        default:
            return a.reshape([a.size])
        }
    }
}

extension NDArray {
    /// A slice along one random axis with a random step of `steps` (negative too) from a random
    /// start; the array itself when it has no axis or an empty one.
    func randomSlice(steps: [Int], rng: inout SplitMix64) -> NDArray {
        guard ndim > 0, shape.allSatisfy({ $0 > 0 }) else { return self }
        let axis = rng.int(0...(ndim - 1))
        let length = shape[axis]
        let step = steps[rng.int(0...(steps.count - 1))]
        let start = step > 0 ? rng.int(0...(length - 1)) : length - 1 - rng.int(0...(length - 1))
        let count = step > 0 ? (length - start + step - 1) / step : (start + 1 + (-step) - 1) / (-step)
        var slices = shape.map { AxisSlice.all($0) }
        slices[axis] = AxisSlice(start: start, step: step, count: count)
        var sliced = shape
        sliced[axis] = count
        return view(.slice(slices), shape: sliced)
    }
}

/// The property checks both backends run over random expression DAGs.
enum RandomExpressionChecks {
    /// Arithmetic, comparisons, `where` and casts share their scalar definitions with the eager
    /// evaluator, so fused results must be bitwise equal.
    static func matchEagerBitwise(seed: Int, backend: Backend) {
        var first = RandomExpressionBuilder(seed: UInt64(seed))
        var second = RandomExpressionBuilder(seed: UInt64(seed))
        let fused = first.build().evaluate(mode: .fused, backend: backend)
        let eager = second.build().evaluate(mode: .eager)
        #expect(fused.shape == eager.shape)
        #expect(fused.dtype == eager.dtype)
        #expect(sameBits(fused.toArray(Double.self), eager.toArray(Double.self)), "seed \(seed)")
    }

    /// With transcendental functions fused kernels use vectorized approximations; each function
    /// is within 4 ulp (VectorMath, libmvec), and the expressions here apply at most a few more
    /// operations after one, which scales that by small factors: 64 ulp of float64 relative to
    /// the magnitude, or an absolute 1e-12 near zero, bounds the difference.
    static func matchEagerWithinBound(seed: Int, backend: Backend) {
        var first = RandomExpressionBuilder(seed: UInt64(seed) + 10_000, transcendentals: true)
        var second = RandomExpressionBuilder(seed: UInt64(seed) + 10_000, transcendentals: true)
        let fused = first.build().evaluate(mode: .fused, backend: backend).toArray(Double.self)
        let eager = second.build().evaluate(mode: .eager).toArray(Double.self)
        for (x, y) in zip(fused, eager) where !(x.isNaN && y.isNaN) && x != y {
            #expect(Swift.abs(x - y) <= Swift.max(64 * Swift.max(Swift.abs(x), Swift.abs(y)).ulp, 1e-12) || (x.isInfinite && x == y),
                    "seed \(seed): \(x) vs \(y)")
        }
    }

    /// Chunk boundaries depend only on the size, so results are bitwise identical whatever the
    /// number of threads.
    static func sameForAnyThreadCount(seed: Int, backend: Backend) {
        var results: [[Double]] = []
        for threads in [1, 2, 7] {
            var builder = RandomExpressionBuilder(seed: UInt64(seed) + 50_000, transcendentals: seed % 2 == 0, maxSize: 400_000)
            let y = builder.build(steps: 6)
            NDArray.withThreadCount(threads) { results.append(y.evaluate(backend: backend).toArray(Double.self)) }
        }
        #expect(sameBits(results[0], results[1]))
        #expect(sameBits(results[0], results[2]))
    }
}
