import Foundation
import Testing
@testable import LazyArray
import Kernels

/// The losses' values and gradients against closed forms computed here in plain Swift doubles,
/// on generated cases; their reductions, stability at large logits, and errors.
@Suite(.timeLimit(.minutes(10))) struct LossTests {
    /// float64 throughout. The closed forms run the same mathematics in another order (and
    /// libm's exp and log where the block VM uses its own polynomials, within 4 ulp), so a few
    /// ulp of the result's magnitude (or of 1, for values near 0) are expected; 1e-12 leaves
    /// room for sums of a few dozen terms.
    func close(_ a: [Double], _ b: [Double], tolerance: Double = 1e-12) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { Swift.abs($0 - $1) <= tolerance * Swift.max(1, Swift.abs($0), Swift.abs($1)) }
    }

    /// `count` values in [-range, range], on a grid of 1/64 so that cases are easy to read back.
    func values(_ count: Int, _ rng: inout SplitMix64, range: Int = 3) -> [Double] {
        (0..<count).map { _ in Double(rng.int(-64 * range...64 * range)) / 64 }
    }

    // MARK: - mean squared error

    @Test(arguments: [1, 2, 3]) func mseMatchesItsClosedForm(seed: UInt64) {
        var rng = SplitMix64(state: seed)
        let shape = [rng.int(1...5), rng.int(1...4)]
        let n = shape[0] * shape[1]
        let pv = values(n, &rng), tv = values(n, &rng)
        let p = NDArray(pv, shape: shape), t = NDArray(tv, shape: shape)
        let squares = zip(pv, tv).map { ($0 - $1) * ($0 - $1) }
        let (value, gradient) = valueAndGrad { (q: NDArray) -> NDArray in mseLoss(q, t) }(p)
        #expect(value.shape == [])
        #expect(close([value.item(Double.self)], [squares.reduce(0, +) / Double(n)]))
        // d/dp mean((p - t)²) = 2 (p - t) / n
        #expect(close(gradient.toArray(Double.self), zip(pv, tv).map { 2 * ($0 - $1) / Double(n) }))
        #expect(close([mseLoss(p, t, reduction: .sum).item(Double.self)], [squares.reduce(0, +)]))
        let unreduced = mseLoss(p, t, reduction: .none)
        #expect(unreduced.shape == shape)
        #expect(close(unreduced.toArray(Double.self), squares))
    }

    @Test func mseKeepsFloat32AndComparesIntegersInFloat64() {
        let p = NDArray([Float(1), 2]), t = NDArray([Float(0), 4])
        #expect(mseLoss(p, t).dtype == .float32)
        #expect(mseLoss(p, t).item(Double.self) == 2.5)
        let integers = mseLoss(NDArray([1, 2]), NDArray([0, 4]))
        #expect(integers.dtype == .float64 && integers.item(Double.self) == 2.5)
    }

    // MARK: - cross-entropy

    /// Per-sample `log Σ exp(z)` and softmax of one row, with the maximum subtracted first.
    func logSumExpAndSoftmax(_ row: [Double]) -> (Double, [Double]) {
        let top = row.max()!
        let exponentials = row.map { Foundation.exp($0 - top) }
        let total = exponentials.reduce(0, +)
        return (top + Foundation.log(total), exponentials.map { $0 / total })
    }

    /// Integer labels, int64 and int32, on 2-D and 3-D logits: the loss is the mean of
    /// `logsumexp(z) - z[label]` and its gradient `(softmax(z) - onehot(label)) / samples`.
    @Test(arguments: [(1, .int64), (2, .int32), (3, .int64), (4, .int32)] as [(UInt64, LazyArray.DType)])
    func crossEntropyOfIndicesMatchesItsClosedForm(seed: UInt64, labelType: LazyArray.DType) {
        var rng = SplitMix64(state: seed)
        let batch = seed % 2 == 0 ? [rng.int(1...3), rng.int(1...3)] : [rng.int(1...6)]
        let classes = rng.int(2...7)
        let samples = batch.reduce(1, *)
        let zv = values(samples * classes, &rng, range: 4)
        let yv = (0..<samples).map { _ in rng.int(0...(classes - 1)) }
        let z = NDArray(zv, shape: batch + [classes])
        let labels = makeArray(yv.map(Double.init), dtype: labelType, shape: batch)
        var losses: [Double] = [], expected: [Double] = []
        for sample in 0..<samples {
            let row = Array(zv[(sample * classes)..<((sample + 1) * classes)])
            let (lse, probabilities) = logSumExpAndSoftmax(row)
            losses.append(lse - row[yv[sample]])
            expected += probabilities.enumerated().map { ($1 - ($0 == yv[sample] ? 1 : 0)) / Double(samples) }
        }
        let (value, gradient) = valueAndGrad { (logits: NDArray) -> NDArray in crossEntropy(logits: logits, labels: labels) }(z)
        #expect(close([value.item(Double.self)], [losses.reduce(0, +) / Double(samples)]))
        #expect(gradient.shape == z.shape)
        #expect(close(gradient.toArray(Double.self), expected))
        let unreduced = crossEntropy(logits: z, labels: labels, reduction: .none)
        #expect(unreduced.shape == batch)
        #expect(close(unreduced.toArray(Double.self), losses))
        #expect(close([crossEntropy(logits: z, labels: labels, reduction: .sum).item(Double.self)], [losses.reduce(0, +)]))
    }

    /// Float targets (probability rows): the loss is `-Σ t · logSoftmax(z)` per sample and its
    /// gradient `softmax(z) - t` per sample (rows of t sum to 1), over the batch for the mean;
    /// the gradient with respect to the targets is `-logSoftmax(z) / samples`.
    @Test(arguments: [5, 6, 7]) func crossEntropyOfProbabilitiesMatchesItsClosedForm(seed: UInt64) {
        var rng = SplitMix64(state: seed)
        let (samples, classes) = (rng.int(1...5), rng.int(2...6))
        let zv = values(samples * classes, &rng, range: 4)
        var tv: [Double] = []
        for _ in 0..<samples {
            let weights = (0..<classes).map { _ in Double(rng.int(0...8)) + 1 }
            tv += weights.map { $0 / weights.reduce(0, +) }
        }
        let z = NDArray(zv, shape: [samples, classes]), t = NDArray(tv, shape: [samples, classes])
        var total = 0.0
        var dz: [Double] = [], dt: [Double] = []
        for sample in 0..<samples {
            let range = (sample * classes)..<((sample + 1) * classes)
            let row = Array(zv[range]), targets = Array(tv[range])
            let (lse, probabilities) = logSumExpAndSoftmax(row)
            total += zip(targets, row).map { -$0 * ($1 - lse) }.reduce(0, +)
            dz += zip(probabilities, targets).map { ($0 - $1) / Double(samples) }
            dt += row.map { -($0 - lse) / Double(samples) }
        }
        let (value, gradients) = valueAndGrad { (p: [NDArray]) -> NDArray in crossEntropy(logits: p[0], labels: p[1]) }([z, t])
        #expect(close([value.item(Double.self)], [total / Double(samples)]))
        #expect(close(gradients[0].toArray(Double.self), dz))
        #expect(close(gradients[1].toArray(Double.self), dt))
    }

    /// Logits far beyond exp's range give finite losses: `logsumexp` subtracts the maximum.
    /// Row 0: the label's logit leads by 1000, so its loss is log(1 + e^-1000) = 0 in float64;
    /// row 1: the label trails by 1000, so its loss is 1000 (+ e^-1000).
    @Test(arguments: [LazyArray.DType.float32, .float64]) func crossEntropyIsStableForLargeLogits(dtype: LazyArray.DType) {
        let z = makeArray([2000, 1000, 3000, 4000], dtype: dtype, shape: [2, 2])
        let losses = crossEntropy(logits: z, labels: NDArray([0, 0]), reduction: .none)
        #expect(losses.dtype == dtype)
        #expect(losses.toArray(Double.self) == [0, 1000])
        let gradient = grad { (logits: NDArray) -> NDArray in crossEntropy(logits: logits, labels: NDArray([0, 0])) }(z)
        // softmax rows (1, 0) and (0, 1) against one-hot (1, 0): (0, 0) and (-1, 1), halved.
        #expect(gradient.toArray(Double.self) == [0, 0, -0.5, 0.5])
    }

    /// A label outside `0..<classes` matches no class: its sample contributes 0 to the loss
    /// and the gradient (documented, since labels are not read to check them).
    @Test func crossEntropyOfAnOutOfRangeLabelIsZero() {
        let z = NDArray([[1.0, 2.0, 3.0], [0.5, 0.5, 0.5]])
        let losses = crossEntropy(logits: z, labels: NDArray([3, 1]), reduction: .none)
        #expect(close(losses.toArray(Double.self), [0, Foundation.log(3)]))
        let gradient = grad { (logits: NDArray) -> NDArray in crossEntropy(logits: logits, labels: NDArray([-1, 1]), reduction: .sum) }(z)
        #expect(close(Array(gradient.toArray(Double.self)[..<3]), [0, 0, 0]))
    }

    // MARK: - binary cross-entropy

    /// Against `-[t log σ(z) + (1 - t) log(1 - σ(z))]` (safe in doubles for |z| ≤ 8) and its
    /// gradient `σ(z) - t`, over the count for the mean; z = 0 is among the cases (the
    /// stable form's max and abs have kinks there).
    @Test(arguments: [8, 9, 10]) func binaryCrossEntropyMatchesItsClosedForm(seed: UInt64) {
        var rng = SplitMix64(state: seed)
        let n = rng.int(2...12)
        let zv = [0.0] + values(n - 1, &rng, range: 8)
        let tv = (0..<n).map { _ in Double(rng.int(0...4)) / 4 }
        let z = NDArray(zv, shape: [n]), t = NDArray(tv)
        func sigmoid(_ x: Double) -> Double { 1 / (1 + Foundation.exp(-x)) }
        let losses = zip(zv, tv).map { z, t in -(t * Foundation.log(sigmoid(z)) + (1 - t) * Foundation.log(1 - sigmoid(z))) }
        let (value, gradient) = valueAndGrad { (logits: NDArray) -> NDArray in binaryCrossEntropy(logits: logits, targets: t) }(z)
        // Here log(1 - σ(z)) loses digits to cancellation (σ(8) is 1 - 3e-4), so this closed form
        // is itself good to about 1e-12 relative; the gradient's has no cancellation.
        #expect(close([value.item(Double.self)], [losses.reduce(0, +) / Double(n)], tolerance: 1e-11))
        #expect(close(gradient.toArray(Double.self), zip(zv, tv).map { (sigmoid($0) - $1) / Double(n) }))
        #expect(close(binaryCrossEntropy(logits: z, targets: t, reduction: .none).toArray(Double.self), losses, tolerance: 1e-11))
    }

    /// σ(±100) rounds to 1 or 0, so the naive form is inf or NaN; the stable one is z itself
    /// (plus e^-100) for the wrong side, and e^-100 for the right one.
    @Test func binaryCrossEntropyIsStableForLargeLogits() {
        let losses = binaryCrossEntropy(logits: NDArray([100.0, -100.0, 100.0]), targets: NDArray([0.0, 1.0, 1.0]), reduction: .none)
        #expect(close(losses.toArray(Double.self), [100, 100, Foundation.exp(-100)]))
        let float32 = binaryCrossEntropy(logits: NDArray([Float(100), -100]), targets: NDArray([Float(0), 1]), reduction: .sum)
        #expect(float32.dtype == .float32 && float32.item(Double.self) == 200)
    }

    // MARK: - normalization, through the same machinery

    /// `y = (x - mean) / std` along the last axis (population std), pulled back with a
    /// cotangent G: `dx = (G - mean(G) - y · mean(G · y)) / std` per row.
    @Test(arguments: [11, 12]) func normalizationGradientMatchesItsClosedForm(seed: UInt64) {
        var rng = SplitMix64(state: seed)
        let (rows, width) = (rng.int(1...4), rng.int(2...6))
        let xv = values(rows * width, &rng, range: 5), gv = values(rows * width, &rng)
        // A constant row has std 0: the formula divides by it. Rebuild the row if so.
        var x = xv
        for row in 0..<rows where Set(x[(row * width)..<((row + 1) * width)]).count == 1 { x[row * width] += 1 }
        let input = NDArray(x, shape: [rows, width]), cotangent = NDArray(gv, shape: [rows, width])
        let pulled = vjp({ (a: NDArray) -> NDArray in (a - a.mean(axis: -1, keepdims: true)) / a.std(axis: -1, keepdims: true) },
                         at: input, cotangents: cotangent)
        var expected: [Double] = []
        for row in 0..<rows {
            let r = (row * width)..<((row + 1) * width)
            let xs = Array(x[r]), gs = Array(gv[r])
            let mean = xs.reduce(0, +) / Double(width)
            let std = (xs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(width)).squareRoot()
            let ys = xs.map { ($0 - mean) / std }
            let meanG = gs.reduce(0, +) / Double(width)
            let meanGY = zip(gs, ys).map(*).reduce(0, +) / Double(width)
            expected += zip(gs, ys).map { ($0 - meanG - $1 * meanGY) / std }
        }
        // The closed form cancels (G - mean(G) - y mean(Gy) sums to 0 over a row): 1e-11.
        #expect(close(pulled.toArray(Double.self), expected, tolerance: 1e-11))
    }

    // MARK: - errors

    @Test func mismatchedShapesAreErrorsNamingTheLossAndShapes() {
        let message = errorMessage { _ = mseLoss(NDArray.zeros([4, 1]), NDArray.zeros([4])) }
        #expect(message?.hasPrefix("[mse_loss] prediction of shape (4, 1) and target of shape (4,) differ") == true, "\(message ?? "no error")")
        let bce = errorMessage { _ = binaryCrossEntropy(logits: NDArray.zeros([3]), targets: NDArray.zeros([2])) }
        #expect(bce?.hasPrefix("[binary_cross_entropy_with_logits] targets of shape (2,) do not match logits of shape (3,)") == true, "\(bce ?? "no error")")
        let indices = errorMessage { _ = crossEntropy(logits: NDArray.zeros([4, 5]), labels: NDArray([1, 2, 3])) }
        #expect(indices?.contains("[cross_entropy] integer labels of shape (3,) do not match logits of shape (4, 5)") == true, "\(indices ?? "no error")")
        #expect(indices?.contains("(4,)") == true)
        let probabilities = errorMessage { _ = crossEntropy(logits: NDArray.zeros([4, 5]), labels: NDArray.zeros([4, 4])) }
        #expect(probabilities?.contains("[cross_entropy] float targets of shape (4, 4) do not match logits of shape (4, 5)") == true, "\(probabilities ?? "no error")")
        let flags = errorMessage { _ = crossEntropy(logits: NDArray.zeros([2, 3]), labels: NDArray([true, false])) }
        #expect(flags?.contains("[cross_entropy] labels of dtype bool") == true, "\(flags ?? "no error")")
        let scalar = errorMessage { _ = crossEntropy(logits: NDArray(1.0), labels: NDArray(0)) }
        #expect(scalar?.contains("[cross_entropy] logits of shape () have no class axis") == true, "\(scalar ?? "no error")")
    }

    @Test func failedLossesHaveTheShapeTheirReductionPromises() throws {
        let unreduced = try? NDArray.checking { crossEntropy(logits: NDArray.zeros([4, 5]), labels: NDArray([1]), reduction: .none) }
        #expect(unreduced == nil, "the checking scope throws")
        var shapes: [[Int]] = []
        _ = errorMessage {
            shapes.append(crossEntropy(logits: NDArray.zeros([4, 5]), labels: NDArray([1]), reduction: .none).shape)
            shapes.append(mseLoss(NDArray.zeros([3]), NDArray.zeros([2])).shape)
        }
        #expect(shapes == [[4], []])
    }
}
