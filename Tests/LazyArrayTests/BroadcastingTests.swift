import Testing
@testable import LazyArray
import Kernels

/// Row-major multi-indices of `shape` (one empty index for a 0-d shape, none when a size is 0).
func allIndices(_ shape: [Int]) -> [[Int]] {
    var result: [[Int]] = [[]]
    for length in shape {
        result = result.flatMap { prefix in (0..<length).map { prefix + [$0] } }
    }
    return result
}

/// The row-major position in an array of `shape` that NumPy broadcasting reads for the output
/// index `index`: right-aligned, a length-1 axis always reads position 0.
func broadcastSourcePosition(_ index: [Int], from shape: [Int]) -> Int {
    let lead = index.count - shape.count
    var position = 0
    for axis in 0..<shape.count {
        let coordinate = shape[axis] == 1 ? 0 : index[lead + axis]
        position = position * shape[axis] + coordinate
    }
    return position
}

/// One compatible pair of shapes, with the result shape written down independently of the
/// library: per right-aligned axis, the size that is not 1 (else 1).
struct BroadcastPair: CustomTestStringConvertible, Sendable, Hashable {
    let a: [Int]
    let b: [Int]

    var expectedShape: [Int] {
        let rank = Swift.max(a.count, b.count)
        return (0..<rank).map { axis in
            let fromRight = rank - 1 - axis
            let sizes = [a, b].compactMap { shape in fromRight < shape.count ? shape[shape.count - 1 - fromRight] : nil }
            return sizes.first { $0 != 1 } ?? 1
        }
    }

    var testDescription: String { "\(a) with \(b)" }
}

/// Several compatible shape pairs of ranks `r1` and `r2`: equal shapes, (N, 1) with (1, M)
/// patterns both ways, all-ones on either side, pseudo-random mixes, and size-0 axes.
func broadcastPairs(rankA r1: Int, rankB r2: Int) -> [BroadcastPair] {
    let rank = Swift.max(r1, r2)
    let baseSizes = [3, 2, 4, 5]   // output size at each axis counted from the right
    // A mask says, per axis from the right, whether the operand has size 1 there.
    var seed = UInt64(r1 * 5 + r2 + 1) &* 0x9E37_79B9_7F4A_7C15
    func randomMask() -> [Bool] {
        (0..<4).map { _ in
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return (seed >> 33) & 1 == 1
        }
    }
    let patterns: [(ones: [Bool], otherOnes: [Bool], zeroAt: Int?)] = [
        ([false, false, false, false], [false, false, false, false], nil),
        ([true, false, true, false], [false, true, false, true], nil),       // (N, 1) with (1, M)
        ([false, true, false, true], [true, false, true, false], nil),       // (1, M) with (N, 1)
        ([true, true, true, true], [false, false, false, false], nil),
        ([false, false, false, false], [true, true, true, true], nil),
        (randomMask(), randomMask(), nil),
        (randomMask(), randomMask(), nil),
        ([false, false, false, false], [false, false, false, false], 0),     // size-0 last axis
        ([true, false, true, false], [false, true, false, true], 0),
        ([true, false, true, false], [false, true, false, true], Swift.max(rank - 1, 0)),
    ]
    var pairs: [BroadcastPair] = []
    for pattern in patterns {
        var sizes = baseSizes
        if let zeroAt = pattern.zeroAt, zeroAt < rank { sizes[zeroAt] = 0 }
        func shape(rank r: Int, ones: [Bool]) -> [Int] {
            (0..<r).map { axis in
                let fromRight = r - 1 - axis
                return ones[fromRight] ? 1 : sizes[fromRight]
            }
        }
        let pair = BroadcastPair(a: shape(rank: r1, ones: pattern.ones), b: shape(rank: r2, ones: pattern.otherOnes))
        if !pairs.contains(pair) { pairs.append(pair) }
    }
    return pairs
}

@Suite(.timeLimit(.minutes(10))) struct BroadcastingTests {
    /// Exactly what the generator must produce for one rank pair, so the systematic cases are
    /// known to include the classic (N, 1) with (1, M) and the size-0 forms.
    @Test func generatorCoversTheClassicShapes() {
        let pairs = broadcastPairs(rankA: 2, rankB: 2)
        #expect(pairs.contains(BroadcastPair(a: [2, 1], b: [1, 3])))
        #expect(pairs.contains(BroadcastPair(a: [1, 3], b: [2, 1])))
        #expect(pairs.contains(BroadcastPair(a: [2, 0], b: [2, 0])))
        #expect(pairs.contains(BroadcastPair(a: [2, 1], b: [1, 0])))
        #expect(pairs.contains(BroadcastPair(a: [0, 1], b: [1, 3])))
        #expect(BroadcastPair(a: [2, 1], b: [1, 3]).expectedShape == [2, 3])
        #expect(BroadcastPair(a: [0, 1], b: [1, 3]).expectedShape == [0, 3])
        #expect(BroadcastPair(a: [], b: [4, 1, 5]).expectedShape == [4, 1, 5])
    }

    /// Every rank pair up to 4-D, int64 subtraction (not commutative, so swapped operands show)
    /// and int32 × float32 → float64 (checks promotion under broadcasting), both modes, against
    /// an index-by-index reference. All values are small integers or halves: exact in float64.
    @Test(arguments: 0...4, 0...4)
    func everyRankPair(rankA: Int, rankB: Int) {
        for pair in broadcastPairs(rankA: rankA, rankB: rankB) {
            let sizeA = pair.a.reduce(1, *), sizeB = pair.b.reduce(1, *)
            let valuesA = (0..<sizeA).map { $0 + 1 }             // at most 120
            let valuesB = (0..<sizeB).map { ($0 + 1) * 1000 }    // so a - b identifies both reads
            let expectedShape = pair.expectedShape
            let indices = allIndices(expectedShape)
            let expectedDifference = indices.map {
                valuesA[broadcastSourcePosition($0, from: pair.a)] - valuesB[broadcastSourcePosition($0, from: pair.b)]
            }
            let halvesB = (0..<sizeB).map { Double($0) + 0.5 }
            let expectedProduct = indices.map {
                Double(valuesA[broadcastSourcePosition($0, from: pair.a)]) * halvesB[broadcastSourcePosition($0, from: pair.b)]
            }
            for mode in allModes {
                let a = NDArray(valuesA, shape: pair.a)
                let b = NDArray(valuesB, shape: pair.b)
                let difference = a - b
                #expect(difference.shape == expectedShape, "\(pair) shape")
                #expect(difference.dtype == .int64)
                evaluate(difference, mode: mode)
                #expect(difference.isEvaluated)
                #expect(difference.toArray(Int.self) == expectedDifference, "\(pair) a - b, \(mode)")

                let product = NDArray(valuesA.map { Int32($0) }, shape: pair.a) * NDArray(halvesB.map { Float($0) }, shape: pair.b)
                #expect(product.shape == expectedShape)
                #expect(product.dtype == .float64)
                evaluate(product, mode: mode)
                #expect(product.toArray(Double.self) == expectedProduct, "\(pair) int32 * float32, \(mode)")

                // The reverse order gives the transposed roles: b - a is the negation.
                let reversed = b - a
                evaluate(reversed, mode: mode)
                #expect(reversed.shape == expectedShape)
                #expect(reversed.toArray(Int.self) == expectedDifference.map { -$0 }, "\(pair) b - a, \(mode)")
            }
        }
    }

    /// Three-way broadcasting through `where`, and a Swift scalar (0-d) on either side.
    @Test(arguments: allModes)
    func whereAndScalars(mode: EvaluationMode) {
        let condition = NDArray([true, false, true], shape: [3, 1])          // (3, 1)
        let a = NDArray([10, 20, 30, 40], shape: [1, 4])                     // (1, 4)
        let b = NDArray([-1, -2], shape: [2, 1, 1])                          // (2, 1, 1)
        let y = NDArray.where(condition, a, b)
        #expect(y.shape == [2, 3, 4])
        evaluate(y, mode: mode)
        var expected: [Int] = []
        for i in 0..<2 { for j in 0..<3 { for k in 0..<4 {
            expected.append([true, false, true][j] ? [10, 20, 30, 40][k] : [-1, -2][i])
        } } }
        #expect(y.toArray(Int.self) == expected)

        let left = 100 - NDArray([1, 2, 3, 4, 5, 6], shape: [2, 3])
        let right = NDArray([1, 2, 3, 4, 5, 6], shape: [2, 3]) - 100
        evaluate(left, right, mode: mode)
        #expect(left.toArray(Int.self) == [99, 98, 97, 96, 95, 94])
        #expect(right.toArray(Int.self) == [-99, -98, -97, -96, -95, -94])
    }

    /// Incompatible pairs: NumPy-like messages naming the operation, both shapes and the
    /// first failing axis counted from the right.
    @Test(arguments: [
        ([2, 3], [4], "[add] cannot broadcast (2, 3) with (4,): axis -1 has 3 and 4; sizes must match or be 1"),
        ([4], [2, 3], "[add] cannot broadcast (4,) with (2, 3): axis -1 has 4 and 3; sizes must match or be 1"),
        ([3], [4], "[add] cannot broadcast (3,) with (4,): axis -1 has 3 and 4; sizes must match or be 1"),
        ([0], [2], "[add] cannot broadcast (0,) with (2,): axis -1 has 0 and 2; sizes must match or be 1"),
        ([2, 0], [3, 1], "[add] cannot broadcast (2, 0) with (3, 1): axis -2 has 2 and 3; sizes must match or be 1"),
        ([2, 3, 4], [5, 4], "[add] cannot broadcast (2, 3, 4) with (5, 4): axis -2 has 3 and 5; sizes must match or be 1"),
        ([7, 2, 3, 4], [6, 1, 1, 4], "[add] cannot broadcast (7, 2, 3, 4) with (6, 1, 1, 4): axis -4 has 7 and 6; sizes must match or be 1"),
        ([2, 3, 4, 5], [4], "[add] cannot broadcast (2, 3, 4, 5) with (4,): axis -1 has 5 and 4; sizes must match or be 1"),
        ([1, 3, 1, 5], [2, 2, 1, 5], "[add] cannot broadcast (1, 3, 1, 5) with (2, 2, 1, 5): axis -3 has 3 and 2; sizes must match or be 1"),
    ])
    func incompatiblePairs(a: [Int], b: [Int], message: String) {
        let x = NDArray([Double](repeating: 1, count: a.reduce(1, *)), shape: a)
        let y = NDArray([Double](repeating: 2, count: b.reduce(1, *)), shape: b)
        #expect(errorMessage { _ = x + y } == message)
        #expect(throws: LazyArrayError.self) { try NDArray.checking { x + y } }
    }

    /// Every broadcasting operation names itself.
    @Test func operationNames() {
        let a = NDArray([1, 2, 3, 4, 5, 6], shape: [2, 3])
        let b = NDArray([1, 2, 3, 4])
        let tail = "cannot broadcast (2, 3) with (4,): axis -1 has 3 and 4; sizes must match or be 1"
        #expect(errorMessage { _ = a - b } == "[subtract] " + tail)
        #expect(errorMessage { _ = a * b } == "[multiply] " + tail)
        #expect(errorMessage { _ = a / b } == "[divide] " + tail)
        #expect(errorMessage { _ = a % b } == "[remainder] " + tail)
        #expect(errorMessage { _ = a ** b } == "[power] " + tail)
        #expect(errorMessage { _ = a .== b } == "[equal] " + tail)
        #expect(errorMessage { _ = a .< b } == "[less] " + tail)
        #expect(errorMessage { _ = a & b } == "[bitwise_and] " + tail)
        #expect(errorMessage { _ = maximum(a, b) } == "[maximum] " + tail)
        #expect(errorMessage { _ = minimum(a, b) } == "[minimum] " + tail)
        #expect(errorMessage { _ = NDArray.where(NDArray([true, false]), NDArray([1, 2, 3]), NDArray([4, 5, 6])) }
                == "[where] cannot broadcast (2,) with (3,): axis -1 has 2 and 3; sizes must match or be 1")
    }
}
