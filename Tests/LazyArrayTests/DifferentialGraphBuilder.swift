import Testing
@testable import LazyArray
import Kernels

/// The leaves of one generated graph, made by its first build and shared by the later ones: an
/// array made from data is immutable, so every build of a seed reads the same buffers, and the
/// seven evaluations of a graph pay for its (debug-build) leaf generation once.
final class DifferentialLeaves {
    var arrays: [NDArray] = []
}

/// How one output of a generated graph is compared with eager, by the operations that made it.
enum DifferentialClass {
    /// Exact operations only (arithmetic, comparisons, casts, views, gathers, masks,
    /// concatenations, random sampling, reductions that are exact in any order): fused and eager
    /// share their scalar definitions, so the results are bitwise equal.
    case exact
    /// A float sum or mean over `count` elements; `magnitude` is the eager `sum |x|` (or its mean)
    /// over the same axes.
    case sum(count: Int, magnitude: NDArray)
    /// A float matrix product with inner extent `k`; `magnitude` is the eager `|a| @ |b|`.
    case product(k: Int, magnitude: NDArray)
    /// One transcendental function of float64 arguments, followed by exact operations.
    case transcendental
}

/// Builds random graphs at sizes that cross the block VM's 1024-element blocks and
/// 16384-element chunks, from 0 to more than 100K elements. Leaves hold NaN, ±inf, -0, huge
/// values and the integer extremes, or are random samples that fuse into the kernels reading
/// them; some shapes have a size-0 axis. The body is a DAG of exact operations (arithmetic,
/// comparisons, `where`, casts, strided and negative-step views, broadcasts, gathers, masks,
/// concatenations, and max/min/any/all/argmax/argmin or integer sum/prod along a random axis
/// set); the tail is one of a float sum or mean along a random axis set, a matrix product (2-D,
/// batched, or with a vector) or a transcendental, each with its own tolerance
/// (`DifferentialClass`). The same seed always builds the same graph.
struct DifferentialGraphBuilder {
    var rng: SplitMix64
    let leaves: DifferentialLeaves
    var nextLeaf = 0
    /// Evaluates the inputs of a barrier (gather, mask) the way the build under test evaluates,
    /// so that an eager build is eager up to its barriers too.
    let evaluateBarrier: ([NDArray]) -> Void

    init(seed: UInt64, leaves: DifferentialLeaves, evaluateBarrier: @escaping ([NDArray]) -> Void) {
        rng = SplitMix64(state: seed &* 0x2545_F491_4F6C_DD1D &+ 1)
        self.leaves = leaves
        self.evaluateBarrier = evaluateBarrier
    }

    /// One graph: the exact body and the tail, with the tail's class.
    mutating func build() -> (body: NDArray, tail: NDArray, tailClass: DifferentialClass) {
        let body = buildBody(steps: rng.int(3...7))
        let (tail, tailClass) = buildTail(body)
        return (body, tail, tailClass)
    }

    // MARK: Sizes and leaves

    /// The most elements any node of a graph holds.
    static let sizeLimit = 150_000

    /// An element count near a block or chunk boundary, small, or past 100K.
    mutating func elementCount() -> Int {
        let nearBoundary = rng.int(-2...2)
        switch rng.below(100) {
        case 0..<4: return 0
        case 4..<44: return rng.int(1...200)
        case 44..<72: return Swift.max(1, rng.int(1...3) * BlockVM.blockSize + nearBoundary)
        case 72..<92: return BlockVM.chunkSize + nearBoundary
        case 92..<97: return rng.int(2...4) * BlockVM.chunkSize + nearBoundary
        default: return rng.int(100_001...140_000)
        }
    }

    /// A shape of about `count` elements: rank 1 exactly, or a few short leading axes and a long
    /// last one; sometimes one axis is 0.
    mutating func shape(count: Int) -> [Int] {
        let rank = rng.int(1...4)
        if rank == 1 || count == 0 { return count == 0 && rng.chance(50) ? [rng.int(1...3), 0] : [count] }
        var shape = (1..<rank).map { _ in rng.int(1...5) }
        let leading = shape.reduce(1, *)
        shape.append(Swift.max(1, (count + leading - 1) / leading))
        if rng.chance(5) { shape[rng.below(rank)] = 0 }
        return shape
    }

    /// A leaf of `shape`: data of a random dtype (specials included), or a random sample.
    mutating func leaf(_ shape: [Int]) -> NDArray {
        let valueSeed = rng.next()
        let dtype = DType.allCases[rng.below(DType.allCases.count)]
        if rng.chance(12) {
            // Sampled: the same seed gives the same numbers fused, eager, on either backend.
            let generator = RandomGenerator(seed: valueSeed)
            switch rng.below(3) {
            case 0: return generator.normal(shape, dtype: rng.chance(50) ? .float32 : .float64)
            case 1: return generator.uniform(shape, low: -2, high: 2, dtype: rng.chance(50) ? .float32 : .float64)
            default: return generator.randint(-20, 20, shape: shape, dtype: rng.chance(50) ? .int32 : .int64)
            }
        }
        let specials = rng.chance(60)
        defer { nextLeaf += 1 }
        if nextLeaf < leaves.arrays.count { return leaves.arrays[nextLeaf] }
        let array = Self.data(shape, dtype: dtype, seed: valueSeed, specials: specials)
        leaves.arrays.append(array)
        return array
    }

    /// Quarter-integers in [-10, 10] (integers in [-40, 40]), with about 3% special values when
    /// `specials`: NaN, ±inf, ±0, huge and subnormal floats; the extremes, 0 and -1 for integers
    /// (unsigned: integers in [0, 80], the maximum, 0, 1 and the top bit).
    static func data(_ shape: [Int], dtype: DType, seed: UInt64, specials: Bool) -> NDArray {
        var rng = SplitMix64(state: seed)
        let count = shape.reduce(1, *)
        let special = specials ? 3 : 0
        switch dtype {
        case .bool:
            return NDArray((0..<count).map { _ in rng.chance(50) }, shape: shape)
        case .int8:
            let extremes: [Int8] = [.min, .max, .min + 1, 0, -1]
            return NDArray((0..<count).map { _ in rng.chance(special) ? extremes[rng.below(5)] : Int8(rng.int(-40...40)) }, shape: shape)
        case .int16:
            let extremes: [Int16] = [.min, .max, .min + 1, 0, -1]
            return NDArray((0..<count).map { _ in rng.chance(special) ? extremes[rng.below(5)] : Int16(rng.int(-40...40)) }, shape: shape)
        case .int32:
            let extremes: [Int32] = [.min, .max, .min + 1, 0, -1]
            return NDArray((0..<count).map { _ in rng.chance(special) ? extremes[rng.below(5)] : Int32(rng.int(-40...40)) }, shape: shape)
        case .int64:
            let extremes: [Int64] = [.min, .max, .min + 1, 0, -1]
            return NDArray((0..<count).map { _ in rng.chance(special) ? extremes[rng.below(5)] : Int64(rng.int(-40...40)) }, shape: shape)
        case .uint8:
            let extremes: [UInt8] = [.max, .max - 1, 0, 1, 1 << 7]
            return NDArray((0..<count).map { _ in rng.chance(special) ? extremes[rng.below(5)] : UInt8(rng.int(0...80)) }, shape: shape)
        case .uint16:
            let extremes: [UInt16] = [.max, .max - 1, 0, 1, 1 << 15]
            return NDArray((0..<count).map { _ in rng.chance(special) ? extremes[rng.below(5)] : UInt16(rng.int(0...80)) }, shape: shape)
        case .uint32:
            let extremes: [UInt32] = [.max, .max - 1, 0, 1, 1 << 31]
            return NDArray((0..<count).map { _ in rng.chance(special) ? extremes[rng.below(5)] : UInt32(rng.int(0...80)) }, shape: shape)
        case .uint64:
            let extremes: [UInt64] = [.max, .max - 1, 0, 1, 1 << 63]
            return NDArray((0..<count).map { _ in rng.chance(special) ? extremes[rng.below(5)] : UInt64(rng.int(0...80)) }, shape: shape)
        case .float32:
            let extremes: [Float] = [.nan, .infinity, -.infinity, -0.0, 1e30, -1e30, .leastNonzeroMagnitude]
            return NDArray((0..<count).map { _ in rng.chance(special) ? extremes[rng.below(7)] : Float(rng.int(-40...40)) / 4 }, shape: shape)
        case .float64:
            let extremes: [Double] = [.nan, .infinity, -.infinity, -0.0, 1e300, -1e300, .leastNonzeroMagnitude]
            return NDArray((0..<count).map { _ in rng.chance(special) ? extremes[rng.below(7)] : Double(rng.int(-40...40)) / 4 }, shape: shape)
        case .float16, .bfloat16:
            // float32's values, which either type rounds (1e30 and the subnormal to inf and 0
            // in float16).
            return data(shape, dtype: .float32, seed: seed, specials: specials).astype(dtype)
        }
    }

    // MARK: The exact body

    mutating func buildBody(steps: Int) -> NDArray {
        var pool = [leaf(shape(count: elementCount()))]
        for _ in 0..<steps {
            let a = pool[rng.below(pool.count)]
            // Concatenations and gathers grow arrays; a graph stays within about 150K elements.
            let next = exactStep(a, pool: pool)
            pool.append(next.size <= Self.sizeLimit ? next : a)
        }
        let last = pool[pool.count - 1], previous = pool[pool.count - 2]
        let combined = (try? NDArray.checking { maximum(last, previous) }) ?? last
        return combined.size <= Self.sizeLimit ? combined : last
    }

    mutating func exactStep(_ a: NDArray, pool: [NDArray]) -> NDArray {
        switch rng.below(14) {
        case 0, 1, 2:
            let other = rng.chance(40) ? pool[rng.below(pool.count)] : leaf(broadcastPartner(of: a.shape))
            let partner = leaf(a.shape)
            return (try? NDArray.checking { binary(a, other) }) ?? (try? NDArray.checking { binary(a, partner) }) ?? a
        case 3: return unary(a)
        case 4, 5: return view(a)
        case 6: return a.astype(DType.allCases[rng.below(DType.allCases.count)])
        case 7: return NDArray.where(a .> NDArray(0.5), a, leaf(broadcastPartner(of: a.shape)))
        case 8: return scalarOperand(a)
        case 9: return gather(a)
        case 10: return mask(a)
        case 11: return concatenation(a, pool: pool)
        default: return exactReduction(a)
        }
    }

    /// A shape `shape` broadcasts against: some axes set to 1, maybe fewer leading axes.
    mutating func broadcastPartner(of shape: [Int]) -> [Int] {
        var partner = shape.map { rng.chance(30) ? 1 : $0 }
        if !partner.isEmpty && rng.chance(25) { partner.removeFirst(rng.int(0...partner.count)) }
        return partner
    }

    mutating func binary(_ a: NDArray, _ b: NDArray) -> NDArray {
        let integers = !a.dtype.isFloatingPoint && !b.dtype.isFloatingPoint && !(a.dtype == .bool && b.dtype == .bool)
        switch rng.below(13) {
        case 0: return a + b
        case 1: return a.dtype == .bool && b.dtype == .bool ? a ^ b : a - b
        case 2: return a * b
        case 3: return a / b
        case 4: return maximum(a, b)
        case 5: return minimum(a, b)
        case 6: return a .< b
        case 7: return a.dtype == .bool && b.dtype == .bool ? a | b : a % b
        case 8: return a .!= b
        case 9: return floorDivide(a, b)
        case 10: return integers ? a & b : a .>= b
        case 11: return integers ? (a % 7) ** (b % 5) : a .== b
        default: return integers ? a ^ b : a * b
        }
    }

    mutating func unary(_ a: NDArray) -> NDArray {
        switch rng.below(11) {
        case 0: return a.dtype == .bool ? ~a : -a
        case 1: return abs(a)
        case 2: return square(a)
        case 3: return relu(a)
        case 4: return floor(a)
        case 5: return a.dtype.isFloatingPoint ? ceil(a) : ~a
        case 6: return a.dtype == .bool ? trunc(a) : round(a * 0.5)
        case 7: return a.dtype == .bool ? logicalNot(a) : sign(a)
        case 8: return isfinite(a)
        case 9: return logicalNot(a) ^ isnan(a)
        default: return a.dtype.isFloatingPoint ? sqrt(a) : isinf(a)
        }
    }

    /// A Swift scalar on either side.
    mutating func scalarOperand(_ a: NDArray) -> NDArray {
        let result = try? NDArray.checking { () -> NDArray in
            switch rng.below(6) {
            case 0: return 2 - a
            case 1: return 3 / a
            case 2: return a * 3 - 1
            case 3: return maximum(a, 0.5)
            case 4: return minimum(-1, a)
            default: return clip(a, -3, 7)
            }
        }
        return result ?? a
    }

    mutating func view(_ a: NDArray) -> NDArray {
        switch rng.below(5) {
        case 0: return a.T
        case 1: return a.expandDims(axis: rng.int(0...a.ndim))
        case 2: return a.randomSlice(steps: [1, 2, 3, -1, -2], rng: &rng)
        case 3:
            guard a.ndim > 1 else { return a.reshape([a.size]) }
            return a.transposed(Array(0..<a.ndim).shuffled(using: &rng))
        default:
            return a.reshape([a.size])
        }
    }

    /// `a[indices]` or `a.take(indices, axis:)` with repeated and negative indices.
    mutating func gather(_ a: NDArray) -> NDArray {
        guard a.ndim > 0 else { return a }
        let axis = rng.below(a.ndim)
        let length = a.shape[axis]
        guard length > 0 else { return a }
        let count = rng.int(0...Swift.min(2 * length, 3000))
        let indices = NDArray((0..<count).map { _ in Int64(rng.int(-length...(length - 1))) })
        evaluateBarrier([indices, a])
        return axis == 0 && rng.chance(50) ? a[indices] : a.take(indices, axis: axis)
    }

    /// `a[a > t]` (a boolean mask over all axes), or a mask over the leading axis.
    mutating func mask(_ a: NDArray) -> NDArray {
        guard a.ndim > 0 else { return a }
        if rng.chance(50) {
            let selector = a.dtype == .bool ? a : a .> NDArray(Double(rng.int(-2...2)))
            evaluateBarrier([selector, a])
            return a[selector]
        }
        let rows = Self.data([a.shape[0]], dtype: .bool, seed: rng.next(), specials: false)
        evaluateBarrier([rows, a])
        return a[rows]
    }

    /// `a` joined along a random axis with another array of its shape there, or with a
    /// differently long computed part.
    mutating func concatenation(_ a: NDArray, pool: [NDArray]) -> NDArray {
        guard a.ndim > 0 else { return a }
        let axis = rng.below(a.ndim)
        let partners = pool.filter { candidate in
            candidate.ndim == a.ndim && (0..<a.ndim).allSatisfy { $0 == axis || candidate.shape[$0] == a.shape[$0] }
        }
        var otherShape = a.shape
        otherShape[axis] = rng.int(0...3)
        let other = !partners.isEmpty && rng.chance(50) ? partners[rng.below(partners.count)] : leaf(otherShape) * 2
        return rng.chance(50) ? concatenate([a, other], axis: axis) : concatenate([other, a, a * 2], axis: axis - a.ndim)
    }

    /// A random non-empty subset of the axes (or nil, all of them), in a random order and sign.
    mutating func axes(rank: Int) -> [Int]? {
        guard rank > 0, !rng.chance(15) else { return nil }
        var chosen = (0..<rank).filter { _ in rng.chance(50) }
        if chosen.isEmpty { chosen = [rng.below(rank)] }
        return chosen.map { rng.chance(50) ? $0 - rank : $0 }.shuffled(using: &rng)
    }

    /// A reduction that is exact in any order: max, min, any, all, argmax, argmin, or an integer
    /// sum or product (wrapping) along a random axis set, with or without keepdims.
    mutating func exactReduction(_ a: NDArray) -> NDArray {
        let axes = axes(rank: a.ndim), keepdims = rng.chance(50)
        let integer = !a.dtype.isFloatingPoint
        let result = try? NDArray.checking { () -> NDArray in
            switch rng.below(7) {
            case 0: return a.max(axes: axes, keepdims: keepdims)
            case 1: return a.min(axes: axes, keepdims: keepdims)
            case 2: return a.any(axes: axes, keepdims: keepdims)
            case 3: return a.all(axes: axes, keepdims: keepdims)
            case 4: return a.argmax(axis: axes?.first, keepdims: keepdims)
            case 5: return integer ? a.sum(axes: axes, keepdims: keepdims) : a.argmin(axis: axes?.first, keepdims: keepdims)
            default: return integer ? a.prod(axes: axes, keepdims: keepdims) : a.min(axes: axes, keepdims: keepdims)
            }
        }
        return result ?? a
    }

    // MARK: The tail

    mutating func buildTail(_ body: NDArray) -> (NDArray, DifferentialClass) {
        switch rng.below(4) {
        case 0: return floatSum(body)
        case 1: return product(body)
        case 2: return transcendental(body)
        default: return (body.astype(.float32) * 2, .exact)
        }
    }

    /// A float sum or mean along a random axis set.
    mutating func floatSum(_ body: NDArray) -> (NDArray, DifferentialClass) {
        let x = body.astype(rng.chance(50) ? .float32 : .float64)
        let axes = axes(rank: x.ndim), keepdims = rng.chance(50)
        let count = (axes ?? Array(0..<x.ndim)).reduce(1) { $0 * x.shape[($1 + x.ndim) % x.ndim] }
        let magnitude = abs(x.astype(.float64)).sum(axes: axes, keepdims: keepdims)
        if rng.chance(50) {
            return (x.sum(axes: axes, keepdims: keepdims), .sum(count: count, magnitude: magnitude))
        }
        let scaled = count == 0 ? magnitude : magnitude / Double(count)
        return (x.mean(axes: axes, keepdims: keepdims), .sum(count: count, magnitude: scaled))
    }

    /// The body's rows (its last axis as the inner extent) times a matrix or a vector leaf,
    /// batched when the body has more than two axes.
    mutating func product(_ body: NDArray) -> (NDArray, DifferentialClass) {
        let dtype: DType = rng.chance(50) ? .float32 : .float64
        var x = body.astype(dtype)
        if x.ndim == 0 { x = x.reshape([1, 1]) }
        if x.ndim > 2 && rng.chance(50) { x = x.reshape([x.shape.dropLast().reduce(1, *), x.shape[x.ndim - 1]]) }
        let k = x.shape[x.ndim - 1]
        let right = rng.chance(25) ? [k] : [k, rng.int(1...6)]
        let w = Self.data(right, dtype: dtype, seed: rng.next(), specials: false) / 8
        let magnitude = matmul(abs(x.astype(.float64)), abs(w.astype(.float64)))
        return (matmul(x, w), .product(k: k, magnitude: magnitude))
    }

    /// A transcendental of float64 arguments clipped to where VectorMath is checked against
    /// libm, then an exact operation.
    mutating func transcendental(_ body: NDArray) -> (NDArray, DifferentialClass) {
        let x = clip(body.astype(.float64), -40, 40)
        let y: NDArray
        switch rng.below(8) {
        case 0: y = exp(x)
        case 1: y = log(abs(x) + 1)
        case 2: y = sin(x)
        case 3: y = cos(x)
        case 4: y = tanh(x)
        case 5: y = sigmoid(x)
        case 6: y = atan(x)
        default: y = expm1(x / 8)
        }
        return (y * 2 - 1, .transcendental)
    }
}

extension SplitMix64: RandomNumberGenerator {}
