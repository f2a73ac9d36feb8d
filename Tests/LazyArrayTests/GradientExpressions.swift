import Testing
@testable import LazyArray
import Kernels

/// Builds random differentiable expression graphs over a few float64 inputs, for the gradient
/// checks: broadcasting arithmetic, smooth unary functions (their arguments kept inside their
/// domains: `log(a² + 1)`, `asin(0.9 tanh a)`), power with both operands, hypot, atan2,
/// maximum/minimum/relu/abs/clip/where, views (transpose, reshape, expandDims, squeeze,
/// broadcast, slices with steps and negative steps), reductions (sum, mean, max, min, prod,
/// logsumexp, variance along a random axis or all), softmax and logSoftmax along a random
/// axis, matmul (2-D, batched, vector), concatenation and float casts. The output is a 0-d
/// weighted sum of the last values, so every element's gradient matters.
///
/// The structure depends only on the seed, never on the inputs' values: building again with
/// perturbed inputs builds the same function, which is what finite differences need.
/// `exact` keeps to operations that are exact on small dyadic values (quarters): arithmetic
/// without division, maximum, minimum, relu, abs, where, views, sum, max and min (of at most
/// two elements), matmul and concatenation, so that any summation order gives the same bits.
struct GradientExpressionBuilder {
    var rng: SplitMix64
    let exact: Bool
    /// The choices made, for failure messages: which step, operation and axis, with the shapes.
    var trace: [String] = []

    init(seed: UInt64, exact: Bool = false) {
        rng = SplitMix64(state: seed &* 0x9E37_79B9 &+ 17)
        self.exact = exact
    }

    /// The inputs' shapes: one to three arrays of rank 0 to 3 and at most 12 elements.
    mutating func inputShapes() -> [[Int]] {
        (0..<rng.int(1...3)).map { _ in
            var shape: [Int] = []
            var size = 1
            for _ in 0..<rng.int(0...3) {
                let length = rng.int(1...max(1, min(4, 12 / size)))
                shape.append(length)
                size *= length
            }
            return shape
        }
    }

    /// A value: continuous in [-1.5, 1.5], or a quarter in [-2, 2] for the exact graphs.
    mutating func number() -> Double {
        exact ? Double(rng.int(-8...8)) / 4 : Double(rng.next() >> 11) / Double(1 << 53) * 3 - 1.5
    }

    mutating func constant(_ shape: [Int]) -> NDArray {
        NDArray((0..<shape.reduce(1, *)).map { _ in number() }, shape: shape)
    }

    /// The function's 0-d output for `inputs` (built from the seed; call on a fresh builder of
    /// the same seed, after `inputShapes`, for each evaluation).
    mutating func build(_ inputs: [NDArray], steps: Int = 7) -> NDArray {
        var pool = inputs
        for _ in 0..<steps {
            let a = pool[rng.below(pool.count)]
            let b = pool[rng.below(pool.count)]
            let next = (try? NDArray.checking { step(a, b) }) ?? a
            pool.append(next)
        }
        var output = NDArray(0.0)
        for value in pool.suffix(3) {
            output = output + (value * constant(value.shape)).sum()
        }
        return output
    }

    /// A partner for `a`: `b` when the two broadcast, else a constant of a shape `a`
    /// broadcasts with.
    mutating func partner(_ a: NDArray, _ b: NDArray) -> NDArray {
        if (try? NDArray.checking { _ = a + b }) != nil { return b }
        var shape = a.shape.map { rng.chance(30) ? 1 : $0 }
        if !shape.isEmpty && rng.chance(25) { shape.removeFirst() }
        return constant(shape)
    }

    mutating func step(_ a: NDArray, _ b: NDArray) -> NDArray {
        let choice = rng.int(0...11)
        trace.append("step \(choice) on \(a.shape)")
        switch choice {
        case 0...2: return binary(a, partner(a, b))
        case 3, 4: return unary(a)
        case 5: return view(a)
        case 6: return reduction(a)
        case 7: return exact ? relu(a) : (rng.chance(50) ? softmax(a, axis: randomAxis(a)) : logSoftmax(a, axis: randomAxis(a)))
        case 8: return product(a)
        case 9:
            let other = partner(a, b)
            return NDArray.where(other .> (exact ? 0 : 0.3), a, other * 2)
        case 10:
            guard a.ndim > 0 else { return a * 3 }
            let axis = rng.below(a.ndim)
            return concatenate([a, a * 2 - 1], axis: axis)
        default: return exact ? maximum(a, 1.0) - minimum(a, -0.5) : clip(a, -0.8, 0.8)
        }
    }

    mutating func randomAxis(_ a: NDArray) -> Int { a.ndim == 0 ? -1 : rng.below(a.ndim) - (rng.chance(50) ? a.ndim : 0) }

    mutating func binary(_ a: NDArray, _ b: NDArray) -> NDArray {
        if exact {
            switch rng.int(0...5) {
            case 0: return a + b
            case 1: return a - b
            case 2: return a * b
            case 3: return maximum(a, b)
            case 4: return minimum(a, b)
            default: return -a + b * 0.5
            }
        }
        let choice = rng.int(0...9)
        trace.append("binary \(choice) with \(b.shape)")
        switch choice {
        case 0: return a + b
        case 1: return a - b
        case 2: return a * b
        case 3: return a / (b * b + 1)
        case 4: return maximum(a, b)
        case 5: return minimum(a, b)
        case 6: return (a * a + 0.5) ** tanh(b)
        case 7: return hypot(a, b + 2)
        case 8: return atan2(a, b * b + 0.5)
        default: return (a * b).astype(.float32).astype(.float64) * 0 + a * b
        }
    }

    mutating func unary(_ a: NDArray) -> NDArray {
        if exact {
            switch rng.int(0...3) {
            case 0: return -a
            case 1: return abs(a)
            case 2: return square(a)
            default: return relu(a)
            }
        }
        let choice = rng.int(0...19)
        trace.append("unary \(choice)")
        switch choice {
        case 0: return exp(tanh(a))
        case 1: return log(a * a + 1)
        case 2: return sqrt(a * a + 0.5)
        case 3: return sin(a)
        case 4: return cos(a)
        case 5: return tanh(a)
        case 6: return sigmoid(a)
        case 7: return square(a)
        case 8: return log1p(a * a)
        case 9: return expm1(tanh(a))
        case 10: return atan(a)
        case 11: return asin(tanh(a) * 0.9)
        case 12: return acos(tanh(a) * 0.9)
        case 13: return sinh(tanh(a))
        case 14: return cosh(tanh(a))
        case 15: return tan(tanh(a))
        case 16: return abs(a)
        case 17: return relu(a)
        case 18: return -a + floor(a) + a % 1.75
        default: return sign(a) * a
        }
    }

    mutating func view(_ a: NDArray) -> NDArray {
        let choice = rng.int(0...5)
        trace.append("view \(choice)")
        switch choice {
        case 0: return a.T
        case 1: return a.expandDims(axis: rng.int(0...a.ndim))
        case 2: return a.randomSlice(steps: [1, 2, 3, -1, -2], rng: &rng)
        case 3: return a.squeeze()
        case 4: return a.broadcast(to: [2] + a.shape)
        default: return a.reshape([a.size])
        }
    }

    mutating func reduction(_ a: NDArray) -> NDArray {
        let axis: Int? = a.ndim == 0 || rng.chance(30) ? nil : randomAxis(a)
        let keepdims = rng.chance(50)
        if exact {
            // A maximum's cotangent is split among its ties, 1/3 of it among three: keep the
            // extremes to at most 2 elements, so the shares stay dyadic.
            let extent = axis.map { a.shape[($0 + a.ndim) % a.ndim] } ?? a.size
            switch extent <= 2 ? rng.int(0...2) : 0 {
            case 0: return a.sum(axis: axis, keepdims: keepdims)
            case 1: return a.max(axis: axis, keepdims: keepdims)
            default: return a.min(axis: axis, keepdims: keepdims)
            }
        }
        let choice = rng.int(0...6)
        trace.append("reduction \(choice) axis \(axis.map(String.init) ?? "all") keepdims \(keepdims)")
        switch choice {
        case 0: return a.sum(axis: axis, keepdims: keepdims)
        case 1: return a.mean(axis: axis, keepdims: keepdims)
        case 2: return a.max(axis: axis, keepdims: keepdims)
        case 3: return a.min(axis: axis, keepdims: keepdims)
        case 4: return a.prod(axis: axis, keepdims: keepdims)
        case 5: return logsumexp(a, axis: axis, keepdims: keepdims)
        default: return a.variance(axis: axis, keepdims: keepdims)
        }
    }

    mutating func product(_ a: NDArray) -> NDArray {
        switch a.ndim {
        case 0: return a * a
        case 1: return rng.chance(50) ? matmul(a, a) : matmul(a, constant([a.shape[0], 3]))
        default:
            if rng.chance(50) { return matmul(a, a.swappingLastAxes) }
            return matmul(constant([2, a.shape[a.ndim - 2]]), a)
        }
    }
}
