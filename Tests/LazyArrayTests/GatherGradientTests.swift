import Testing
@testable import LazyArray
import Kernels

/// Gradients through the barriers that select by value: integer gathers (`take`, `a[indices]`),
/// boolean masks (`a[mask]`) and placed assignments (`a[1..<3] = rows`, `a[indices] = rows`,
/// `a[mask] = values`), whose cotangents go back through the lazy gather and scatter-add node
/// (`Operation.indexed`). Serialized, like GradientCheckTests: the finite differences are
/// thousands of small debug-build evaluations.
@Suite(.serialized, .timeLimit(.minutes(10))) struct GatherGradientTests {
    /// Random inputs in [-1.5, 1.5], as GradientCheckTests draws them.
    struct Draw {
        var rng: SplitMix64
        init(_ seed: Int, salt: UInt64) { rng = SplitMix64(state: UInt64(seed) &* 0x9E37_79B9 &+ salt) }
        mutating func numbers(_ count: Int) -> [Double] { (0..<count).map { _ in Double(rng.int(-1500...1500)) / 1000 } }
        mutating func shape(rank: Int, lengths: ClosedRange<Int>) -> [Int] { (0..<rank).map { _ in rng.int(lengths) } }
        mutating func array(_ shape: [Int]) -> NDArray { NDArray(numbers(shape.reduce(1, *)), shape: shape) }
    }

    /// `grad(f)` at `values` (of `shapes`) against central differences at every element, with
    /// GradientCheckTests' step and tolerance: its reasoning holds here, since each `f` is
    /// `sum(sin(op(...)) * weights)` over inputs and weights in [-1.5, 1.5] with a product or two
    /// before the selection, so its derivatives stay of order 1 to 10, and `sin` has no kinks
    /// (a selection is linear, and an overwritten row a constant zero).
    static func checkFiniteDifferences(_ label: String, shapes: [[Int]], values: [[Double]], _ f: @escaping ([NDArray]) -> NDArray) {
        func value(_ values: [[Double]]) -> Double { f(zip(values, shapes).map { NDArray($0, shape: $1) }).item(Double.self) }
        let center = value(values)
        let gradients = grad(f)(zip(values, shapes).map { NDArray($0, shape: $1) })
        let h = GradientCheckTests.step
        for (i, shape) in shapes.enumerated() {
            #expect(gradients[i].shape == shape, "\(label)")
            let gradient = gradients[i].toArray(Double.self)
            for j in values[i].indices {
                var plus = values, minus = values
                plus[i][j] += h
                minus[i][j] -= h
                let difference = (value(plus) - value(minus)) / (2 * h)
                #expect(GradientCheckTests.agrees(gradient[j], difference, size: center),
                        "\(label), input \(i) element \(j): gradient \(gradient[j]), finite difference \(difference)")
            }
        }
    }

    /// A random gather: rank 1-3, axis any (negative too), indices of rank 0-2 with repeats and
    /// negative positions. Returns the source shape, the indices, their shape and the axis.
    static func gatherCase(_ draw: inout Draw) -> (shape: [Int], indices: [Int], indexShape: [Int], axis: Int) {
        let rank = draw.rng.int(1...3)
        let shape = draw.shape(rank: rank, lengths: 1...4)
        let axis = draw.rng.int(-rank...(rank - 1))
        let length = shape[axis < 0 ? axis + rank : axis]
        let indexShape = draw.shape(rank: draw.rng.int(0...2), lengths: 1...3)
        let indices = (0..<indexShape.reduce(1, *)).map { _ in draw.rng.int(-length...(length - 1)) }
        return (shape, indices, indexShape, axis)
    }

    @Test(arguments: 0..<40)
    func takeMatchesFiniteDifferences(seed: Int) {
        var draw = Draw(seed, salt: 1)
        let (shape, indices, indexShape, axis) = Self.gatherCase(&draw)
        let resolved = axis < 0 ? axis + shape.count : axis
        let weights = draw.array(Array(shape[..<resolved]) + indexShape + Array(shape[(resolved + 1)...]))
        let values = [draw.numbers(shape.reduce(1, *))]
        Self.checkFiniteDifferences("seed \(seed): take \(indices) of shape \(indexShape) along \(axis) of \(shape)", shapes: [shape], values: values) { p in
            (sin((p[0] * p[0] + p[0]).take(NDArray(indices, shape: indexShape), axis: axis)) * weights).sum()
        }
    }

    /// Which positions of a mask of `count` are true: none (seed % 3 == 0), all (1), or a random part.
    static func maskFlags(_ count: Int, seed: Int, _ draw: inout Draw) -> [Bool] {
        switch seed % 3 {
        case 0: [Bool](repeating: false, count: count)
        case 1: [Bool](repeating: true, count: count)
        default: (0..<count).map { _ in draw.rng.chance(50) }
        }
    }

    /// A random shape of rank 1-3 with lengths in `lengths`, and a bool mask over a prefix of its
    /// axes: none, all or about half selected (`maskFlags`).
    static func maskedShape(seed: Int, lengths: ClosedRange<Int>, _ draw: inout Draw) -> (shape: [Int], maskShape: [Int], flags: [Bool], mask: NDArray) {
        let shape = draw.shape(rank: draw.rng.int(1...3), lengths: lengths)
        let maskShape = Array(shape.prefix(draw.rng.int(1...shape.count)))
        let flags = maskFlags(maskShape.reduce(1, *), seed: seed, &draw)
        return (shape, maskShape, flags, NDArray(flags, shape: maskShape))
    }

    @Test(arguments: 0..<30)
    func booleanMaskMatchesFiniteDifferences(seed: Int) {
        var draw = Draw(seed, salt: 2)
        let (shape, maskShape, flags, mask) = Self.maskedShape(seed: seed, lengths: 1...4, &draw)
        let weights = draw.array([flags.filter { $0 }.count] + shape.dropFirst(maskShape.count))
        let values = [draw.numbers(shape.reduce(1, *))]
        Self.checkFiniteDifferences("seed \(seed): mask \(flags) of shape \(maskShape) over \(shape)", shapes: [shape], values: values) { p in
            (sin((p[0] * 1.5 - 0.25)[mask]) * weights).sum()
        }
    }

    /// `b[start..<stop]` or `b[:, start..<stop]` (step 1 or 2) assigned a value that varies along
    /// the sliced axis (so it is placed) and is broadcast along some of the others.
    @Test(arguments: 0..<24)
    func placedSliceMatchesFiniteDifferences(seed: Int) {
        var draw = Draw(seed, salt: 3)
        var shape = draw.shape(rank: draw.rng.int(2...3), lengths: 1...3)
        let axis = seed % 2
        shape[axis] = draw.rng.int(3...5)
        let step = draw.rng.int(1...2)
        let count = draw.rng.int(2...(shape[axis] + step - 1) / step)
        let start = draw.rng.int(0...(shape[axis] - 1 - (count - 1) * step))
        let slice = ArrayIndex.slice(start, start + (count - 1) * step + 1, step: step)
        var valueShape = shape.map { draw.rng.chance(50) ? $0 : 1 }
        valueShape[axis] = count
        if draw.rng.chance(30) { valueShape.insert(1, at: 0) }  // dropped by assignment broadcasting
        let weights = draw.array(shape)
        let values = [draw.numbers(shape.reduce(1, *)), draw.numbers(valueShape.reduce(1, *))]
        Self.checkFiniteDifferences("seed \(seed): \(valueShape) placed at \(start) step \(step) along \(axis) of \(shape)",
                                    shapes: [shape, valueShape], values: values) { p in
            var b = p[0] * 1.25
            if axis == 0 { b[slice] = p[1] * p[1] - p[1] } else { b[.all, slice] = p[1] * p[1] - p[1] }
            return (sin(b) * weights).sum()
        }
    }

    /// `b[indices] = rows` with repeated and negative indices (the last row placed at a position
    /// wins): one row per index, rows broadcast along the rest, or one row for all.
    @Test(arguments: 0..<24)
    func placedRowsMatchFiniteDifferences(seed: Int) {
        var draw = Draw(seed, salt: 4)
        let shape = draw.shape(rank: draw.rng.int(1...3), lengths: 2...4)
        let indices = (0..<draw.rng.int(1...5)).map { _ in draw.rng.int(-shape[0]...(shape[0] - 1)) }
        let rest = Array(shape.dropFirst())
        let rowShape: [Int] = switch seed % 3 {
        case 0: [indices.count] + rest
        case 1: [indices.count] + rest.map { _ in 1 }
        default: rest
        }
        let weights = draw.array(shape)
        let values = [draw.numbers(shape.reduce(1, *)), draw.numbers(rowShape.reduce(1, *))]
        Self.checkFiniteDifferences("seed \(seed): rows \(rowShape) at \(indices) of \(shape)", shapes: [shape, rowShape], values: values) { p in
            var b = p[0] * 1.25
            b[NDArray(indices)] = p[1] * p[1] - p[1]
            return (sin(b) * weights).sum()
        }
    }

    /// `b[mask] = values` with one value (or row) per selected position, none to all selected.
    @Test(arguments: 0..<18)
    func placedMaskValuesMatchFiniteDifferences(seed: Int) {
        var draw = Draw(seed, salt: 5)
        let (shape, maskShape, flags, mask) = Self.maskedShape(seed: seed, lengths: 2...4, &draw)
        let valueShape = [flags.filter { $0 }.count] + shape.dropFirst(maskShape.count)
        let weights = draw.array(shape)
        let values = [draw.numbers(shape.reduce(1, *)), draw.numbers(valueShape.reduce(1, *))]
        Self.checkFiniteDifferences("seed \(seed): \(valueShape) at mask \(flags) of \(shape)", shapes: [shape, valueShape], values: values) { p in
            var b = p[0] * 1.25
            b[mask] = p[1] * p[1] - p[1]
            return (sin(b) * weights).sum()
        }
    }

    /// An embedding lookup's gradient is each id's count of the upstream rows: with `sum` the
    /// count itself in every column, with weights the sum of the rows of that id. Quarters make
    /// every sum exact, so the comparison is exact.
    @Test func embeddingGradientIsCountWeightedRows() {
        let vocabulary = 5, width = 3
        let ids = [3, 0, 3, -1, 3, 1]
        let table = NDArray.arange(0.0, Double(vocabulary * width)).reshape(vocabulary, width)
        let counts = grad { (w: NDArray) -> NDArray in w.take(NDArray(ids)).sum() }(table).toArray(Double.self)
        var expected = [Double](repeating: 0, count: vocabulary * width)
        for id in ids { for column in 0..<width { expected[((id + vocabulary) % vocabulary) * width + column] += 1 } }
        #expect(counts == expected)
        let upstream = (0..<ids.count * width).map { Double($0 % 7) / 4 - 0.75 }
        let weighted = grad { (w: NDArray) -> NDArray in
            (w[NDArray(ids)] * NDArray(upstream, shape: [ids.count, width])).sum()
        }(table).toArray(Double.self)
        expected = [Double](repeating: 0, count: vocabulary * width)
        for (row, id) in ids.enumerated() {
            for column in 0..<width { expected[((id + vocabulary) % vocabulary) * width + column] += upstream[row * width + column] }
        }
        #expect(weighted == expected)
    }

    /// One-hot targets made by a gather of a constant (`oneHot`, `NDArray.eye(n)[labels]`) carry
    /// no gradient and give cross-entropy the gradient of integer labels: `(softmax - onehot) / n`.
    /// Both forms compute the same sums in the same order, so they agree to rounding of the
    /// log-softmax's exp and log (relative 1e-12, far above float64's 1e-16).
    @Test func oneHotTargetsInCrossEntropy() {
        let logits = NDArray([[0.5, -1.0, 2.0, 0.25], [1.5, 0.0, -0.5, 0.75], [-2.0, 1.0, 0.5, 0.0]])
        let labels = NDArray([2, 0, 3])
        let integer = grad { (z: NDArray) -> NDArray in crossEntropy(logits: z, labels: labels) }(logits).toArray(Double.self)
        let oneHotted = grad { (z: NDArray) -> NDArray in crossEntropy(logits: z, labels: oneHot(labels, classes: 4)) }(logits).toArray(Double.self)
        let eye = grad { (z: NDArray) -> NDArray in crossEntropy(logits: z, labels: NDArray.eye(4)[labels]) }(logits).toArray(Double.self)
        let probabilities = softmax(logits).toArray(Double.self)
        let targets = oneHot(labels, classes: 4).toArray(Double.self)
        let expected = zip(probabilities, targets).map { ($0 - $1) / 3 }
        for gradient in [integer, oneHotted, eye] {
            #expect(zip(gradient, expected).allSatisfy { abs($0 - $1) <= 1e-12 * max(1, abs($1)) }, "\(gradient) vs \(expected)")
        }
    }

    /// The gradients of a gather, a mask and placed rows, over `size`-scaled arrays, built afresh
    /// each call (evaluating one consumes it). Elementwise products only around the selections,
    /// so every value is computed the same way fused and eager.
    static func selectionGradients(seed: Int, large: Bool) -> [NDArray] {
        var draw = Draw(seed, salt: 6)
        let shape = large ? [256, 40, 24] : draw.shape(rank: 3, lengths: 2...5)
        let x = draw.array(shape), rows = draw.array([6, shape[1], shape[2]])
        let taken = (0..<(large ? 50 : 7)).map { _ in draw.rng.int(-shape[1]...(shape[1] - 1)) }
        let flags = (0..<shape[0]).map { _ in draw.rng.chance(60) }
        let placed = (0..<6).map { _ in draw.rng.int(0...(shape[0] - 1)) }
        let table = draw.array(large ? [20, 9000] : [4, 3])
        let ids = (0..<(large ? 30 : 5)).map { _ in draw.rng.int(0...(large ? 19 : 3)) }
        return grad { (p: [NDArray]) -> NDArray in
            let gathered = (p[0] * p[0]).take(NDArray(taken), axis: -2)
            let masked = (p[0] * 0.5)[NDArray(flags)]
            var assigned = p[0] * 1.5
            assigned[NDArray(placed)] = p[1] * p[1]
            let embedded = p[2][NDArray(ids)]
            return (gathered * gathered).sum() + (masked * masked).sum() + (assigned * assigned).sum() + (embedded * embedded).sum()
        }([x, rows, table])
    }

    /// The gradients fused (1 and 2 threads, the OpenMP backend where it is available) equal the
    /// eager ones bit for bit: elementwise arithmetic is bitwise equal in both, and every
    /// scatter-add sums each element's contributions in ascending position order in both.
    /// The large case gives the scatter-adds enough work for two threads (256 outer blocks,
    /// and an embedding of 9000 columns, three column chunks).
    @Test(arguments: [(0, false), (1, false), (2, false), (3, true)])
    func fusedEqualsEagerAndThreadsAgree(seed: Int, large: Bool) {
        let eager = Self.selectionGradients(seed: seed, large: large).map { $0.evaluate(mode: .eager).toArray(Double.self) }
        var runs: [(String, [[Double]])] = []
        for threads in [1, 2] {
            NDArray.withThreadCount(threads) {
                runs.append(("\(threads) threads", Self.selectionGradients(seed: seed, large: large).map { $0.evaluate().toArray(Double.self) }))
            }
        }
        if Backend.openMP.isAvailable {
            runs.append(("openmp", Self.selectionGradients(seed: seed, large: large).map { $0.evaluate(backend: .openMP).toArray(Double.self) }))
        }
        for (name, fused) in runs {
            #expect(zip(fused, eager).allSatisfy { sameBits($0, $1) }, "seed \(seed), \(name)")
        }
    }

    /// Building the gradient evaluates nothing (the positions were known when the gather ran),
    /// evaluating it runs a scatter-add kernel of the backward pass, and a second batch with other
    /// indices of the same shape reuses the plan: the positions are data, not structure.
    @Test func gradientIsLazyAndPositionsAreData() {
        let table = NDArray.arange(0.0, 12.0).reshape(4, 3).evaluate()
        func gradient(_ ids: [Int]) -> NDArray {
            grad { (w: NDArray) -> NDArray in (w.take(NDArray(ids)) * w.take(NDArray(ids))).sum() }(table)
        }
        var first = NDArray.zeros([1])
        let building = NDArray.statistics { first = gradient([1, 3, 1]) }
        #expect(building.kernelsRun == 0)
        #expect(!first.isEvaluated)
        let explanation = NDArray.explain([first])
        #expect(explanation.contains("(backward): scatterAdd of 3 rows of 3 into the middle axis of (1, 4, 3)"), "\(explanation)")
        // Twice 2 w[1] at row 1, once 2 w[3] at row 3.
        #expect(first.toArray(Double.self) == [0, 0, 0, 12, 16, 20, 0, 0, 0, 18, 20, 22])
        let second = gradient([0, 2, 2])
        let again = NDArray.statistics { second.evaluate() }
        #expect(again.planCacheMisses == 0, "\(again)")
        #expect(second.toArray(Double.self) == [0, 2, 4, 0, 0, 0, 24, 28, 32, 0, 0, 0])
    }

    /// `grad(grad(f))`: the scatter-add's derivative is a gather at the same positions, so the
    /// second derivative goes through it; checked against central differences of the first.
    @Test func secondOrderThroughGather() {
        var draw = Draw(7, salt: 7)
        let ids = [2, 0, 2, -1]
        let weights = draw.array([4, 2]), direction = draw.array([3, 2])
        func f(_ x: NDArray) -> NDArray { (sin(x.take(NDArray(ids))) * weights).sum() }
        let values = [draw.numbers(6)]
        Self.checkFiniteDifferences("grad of grad through take", shapes: [[3, 2]], values: values) { p in
            (grad(f)(p[0]) * direction).sum()
        }
    }

    /// Integer sources carry no gradient: asking for one is the usual clear error, and an
    /// integer gather inside a float function passes nothing (zeros).
    @Test func integerSourcesHaveNoGradient() {
        let message = errorMessage { _ = grad { (x: NDArray) -> NDArray in x.take(NDArray([1, 1])).astype(.float64).sum() }(NDArray([1, 2, 3])) }
        #expect(message?.contains("[grad] cannot differentiate with respect to input 0 of dtype int64") == true, "\(message ?? "")")
        let zeros = grad { (x: NDArray) -> NDArray in x.astype(.int64).take(NDArray([0, 2])).astype(.float64).sum() + x.sum() * 0 }(NDArray([1.5, 2.5, 3.5]))
        #expect(zeros.toArray(Double.self) == [0, 0, 0])
    }
}
