import Foundation
import Testing
@testable import LazyArray
import Kernels

/// The gradient transformations: closed forms checked by hand, composition, `stopGradient`,
/// values evaluated part way, and the errors.
@Suite(.timeLimit(.minutes(10))) struct GradientTests {
    /// Within a few ulp of float64: the closed forms and the gradients run the same operations
    /// in different orders.
    func close(_ a: [Double], _ b: [Double], tolerance: Double = 1e-12, _ comment: Comment? = nil) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { Swift.abs($0 - $1) <= tolerance * Swift.max(1, Swift.abs($0), Swift.abs($1)) }
    }

    @Test func squareSumIsTwiceTheInput() {
        let df = grad { (x: NDArray) -> NDArray in (x * x).sum() }
        let g = df(NDArray([1.0, -2.0, 3.5]))
        #expect(g.shape == [3])
        #expect(g.toArray(Double.self) == [2, -4, 7])
    }

    @Test func valueAndGradOverAList() {
        let x = NDArray([1.0, 2.0, 3.0]), y = NDArray([2.0, 4.0, 7.0])
        let vg = valueAndGrad { (p: [NDArray]) -> NDArray in square(p[0] * x + p[1] - y).mean() }
        let (value, grads) = vg([NDArray(1.5), NDArray(0.5)])
        // residuals r = 1.5 x + 0.5 - y = [0, -0.5, -2]; loss = mean(r²); dw = 2 mean(r x), db = 2 mean(r)
        let r = [0.0, -0.5, -2.0]
        #expect(close([value.item(Double.self)], [r.map { $0 * $0 }.reduce(0, +) / 3]))
        let rx: Double = r[0] * 1 + r[1] * 2 + r[2] * 3
        #expect(close(grads[0].toArray(Double.self), [2 * rx / 3]))
        #expect(close(grads[1].toArray(Double.self), [2 * r.reduce(0, +) / 3]))
        #expect(grads[0].shape == [] && grads[1].shape == [])
    }

    /// `relu(x @ W + b)` with a squared loss against targets `t`: with `z = xW + b`,
    /// `h = relu(z)`, `L = Σ(h - t)²`: `dL/dh = 2(h - t)`, `dz = dh · [z > 0]`, `dW = xᵀ dz`,
    /// `db = Σ_rows dz`, `dx = dz Wᵀ`, computed here in plain Swift.
    @Test func linearLayerMatchesItsClosedForm() {
        var rng = SplitMix64(state: 7)
        func values(_ n: Int) -> [Double] { (0..<n).map { _ in Double(rng.int(-100...100)) / 50 } }
        let (n, i, o) = (4, 3, 5)
        let xv = values(n * i), wv = values(i * o), bv = values(o), tv = values(n * o)
        let x = NDArray(xv, shape: [n, i]), w = NDArray(wv, shape: [i, o]), b = NDArray(bv), t = NDArray(tv, shape: [n, o])
        let grads = grad { (p: [NDArray]) -> NDArray in square(relu(matmul(p[0], p[1]) + p[2]) - t).sum() }([x, w, b])
        var dz = [Double](repeating: 0, count: n * o)
        for r in 0..<n {
            for c in 0..<o {
                var z = bv[c]
                for k in 0..<i { z += xv[r * i + k] * wv[k * o + c] }
                dz[r * o + c] = z > 0 ? 2 * (z - tv[r * o + c]) : 0
            }
        }
        var dw = [Double](repeating: 0, count: i * o), dx = [Double](repeating: 0, count: n * i), db = [Double](repeating: 0, count: o)
        for r in 0..<n {
            for c in 0..<o {
                db[c] += dz[r * o + c]
                for k in 0..<i {
                    dw[k * o + c] += xv[r * i + k] * dz[r * o + c]
                    dx[r * i + k] += dz[r * o + c] * wv[k * o + c]
                }
            }
        }
        #expect(close(grads[0].toArray(Double.self), dx))
        #expect(close(grads[1].toArray(Double.self), dw))
        #expect(close(grads[2].toArray(Double.self), db))
    }

    /// The Jacobian of softmax is `diag(s) - s sᵀ`, so the vjp with `v` is `s * (v - s·v)`;
    /// log-softmax's is `I - 1 sᵀ`: `v - s Σv`. Along the last axis (the row kernel) and the
    /// first (the reduction formula).
    @Test func softmaxMatchesItsClosedForm() {
        let xv = [0.5, -1.0, 2.0, 0.25, 3.0, -0.5]
        let vv = [1.0, 2.0, -1.0, 0.5, 0.0, 4.0]
        for axis in [-1, 0] {
            let x = NDArray(xv, shape: [2, 3]), v = NDArray(vv, shape: [2, 3])
            let s = softmax(x, axis: axis).toArray(Double.self)
            let g = vjp({ softmax($0, axis: axis) }, at: x, cotangents: v).toArray(Double.self)
            let lg = vjp({ logSoftmax($0, axis: axis) }, at: x, cotangents: v).toArray(Double.self)
            var expected = [Double](repeating: 0, count: 6), expectedLog = expected
            // Groups of indices that one softmax normalizes together.
            let groups = axis == -1 ? [[0, 1, 2], [3, 4, 5]] : [[0, 3], [1, 4], [2, 5]]
            for group in groups {
                let dot = group.map { s[$0] * vv[$0] }.reduce(0, +)
                let total = group.map { vv[$0] }.reduce(0, +)
                for index in group {
                    expected[index] = s[index] * (vv[index] - dot)
                    expectedLog[index] = vv[index] - s[index] * total
                }
            }
            #expect(close(g, expected), "axis \(axis)")
            #expect(close(lg, expectedLog), "axis \(axis)")
        }
    }

    /// Mean, variance and std of a vector: `d mean = 1/n`, `d var = 2(x - m)/(n - ddof)`,
    /// `d std = (x - m) / ((n - ddof) std)`.
    @Test func statisticsMatchTheirClosedForms() {
        let xv = [1.0, 4.0, 2.5, -3.0]
        let x = NDArray(xv)
        let m = xv.reduce(0, +) / 4
        let variance = xv.map { ($0 - m) * ($0 - m) }.reduce(0, +) / 3
        #expect(close(grad { (x: NDArray) -> NDArray in x.mean() }(x).toArray(Double.self), [0.25, 0.25, 0.25, 0.25]))
        #expect(close(grad { (x: NDArray) -> NDArray in x.variance(ddof: 1) }(x).toArray(Double.self), xv.map { 2 * ($0 - m) / 3 }))
        #expect(close(grad { (x: NDArray) -> NDArray in x.std(ddof: 1) }(x).toArray(Double.self), xv.map { ($0 - m) / (3 * variance.squareRoot()) }))
    }

    /// Max splits its cotangent equally among ties (JAX's rule); prod's derivative at a zero is
    /// the product of the others.
    @Test func maxTiesAndProductZeros() {
        let dmax = grad { (x: NDArray) -> NDArray in x.max() }
        #expect(dmax(NDArray([1.0, 3.0, 3.0, 2.0])).toArray(Double.self) == [0, 0.5, 0.5, 0])
        let dprod = grad { (x: NDArray) -> NDArray in x.prod() }
        #expect(dprod(NDArray([2.0, 3.0, 4.0])).toArray(Double.self) == [12, 8, 6])
        #expect(dprod(NDArray([2.0, 0.0, 4.0])).toArray(Double.self) == [0, 8, 0])
        #expect(dprod(NDArray([0.0, 0.0, 4.0])).toArray(Double.self) == [0, 0, 0])
    }

    /// PyTorch's subgradients: relu' and abs' are 0 at 0, maximum splits a tie in half, where's
    /// unselected branch gets 0.
    @Test func subgradientsAtKinks() {
        let x = NDArray([-1.0, 0.0, 2.0])
        #expect(grad { (x: NDArray) -> NDArray in relu(x).sum() }(x).toArray(Double.self) == [0, 0, 1])
        #expect(grad { (x: NDArray) -> NDArray in abs(x).sum() }(x).toArray(Double.self) == [-1, 0, 1])
        #expect(grad { (x: NDArray) -> NDArray in maximum(x, 0.0).sum() }(x).toArray(Double.self) == [0, 0.5, 1])
        #expect(grad { (x: NDArray) -> NDArray in NDArray.where(x .> 0, x * 3, x * x).sum() }(x).toArray(Double.self) == [-2, 0, 3])
        #expect(grad { (x: NDArray) -> NDArray in floor(x * 1.5).sum() }(x).toArray(Double.self) == [0, 0, 0])
    }

    /// `grad(grad(f))`: the rules are array operations, so they differentiate again.
    @Test func secondDerivatives() {
        let x = NDArray([0.5, -1.0, 2.0])
        let d2 = grad { (x: NDArray) -> NDArray in grad { (y: NDArray) -> NDArray in (y * y * y).sum() }(x).sum() }(x)
        #expect(close(d2.toArray(Double.self), [3.0, -6.0, 12.0]))
        let d2sin = grad { (x: NDArray) -> NDArray in grad { (y: NDArray) -> NDArray in sin(y).sum() }(x).sum() }(x)
        #expect(close(d2sin.toArray(Double.self), [0.5, -1.0, 2.0].map { -Foundation.sin($0) }))
    }

    @Test func stopGradientIsAConstant() {
        let x = NDArray([1.0, 2.0])
        // d/dx (x * stop(x)) = stop(x) = x.
        #expect(grad { (x: NDArray) -> NDArray in (x * stopGradient(x)).sum() }(x).toArray(Double.self) == [1, 2])
        // Outside a gradient it is the array itself.
        #expect(stopGradient(x).toArray(Double.self) == [1, 2])
    }

    /// A value evaluated inside the function keeps its inputs while the gradient is taken, so the
    /// gradient passes through it instead of treating it as a constant.
    @Test func valuesEvaluatedInsideTheFunctionStayDifferentiable() {
        let g = grad { (x: NDArray) -> NDArray in
            let y = exp(x)
            y.evaluate()
            return (y * 2).sum()
        }(NDArray([0.0, 1.0]))
        #expect(close(g.toArray(Double.self), [2, 2 * Foundation.exp(1)]))
    }

    /// Views: reshape, transpose, broadcast (summed back), slices with steps and negative steps
    /// (placed among zeros), concatenation (sliced apart).
    @Test func viewsAndSlices() {
        let x = NDArray((0..<6).map(Double.init), shape: [2, 3])
        let weights = NDArray([1.0, 10.0, 100.0])
        #expect(grad { (x: NDArray) -> NDArray in (x.T.reshape([6]) * NDArray((1...6).map(Double.init))).sum() }(x).toArray(Double.self)
                == [1, 3, 5, 2, 4, 6])
        #expect(grad { (x: NDArray) -> NDArray in (x[.all, 0..<3] * weights).sum() }(x).toArray(Double.self) == [1, 10, 100, 1, 10, 100])
        let v = NDArray((0..<7).map(Double.init))
        let stepped = grad { (v: NDArray) -> NDArray in (v.randomSliceForTest(start: 5, step: -2, count: 3) * weights).sum() }(v)
        #expect(stepped.toArray(Double.self) == [0, 100, 0, 10, 0, 1, 0])
        let strided = grad { (v: NDArray) -> NDArray in (v.randomSliceForTest(start: 1, step: 3, count: 2) * NDArray([1.0, 10.0])).sum() }(v)
        #expect(strided.toArray(Double.self) == [0, 1, 0, 0, 10, 0, 0])
        let b = grad { (b: NDArray) -> NDArray in (b.broadcast(to: [4, 3]) * NDArray.ones([4, 3])).sum() }(NDArray([1.0, 2.0, 3.0]))
        #expect(b.toArray(Double.self) == [4, 4, 4])
        let c = grad { (v: NDArray) -> NDArray in (concatenate([v, v * 2]) * NDArray((0..<14).map(Double.init))).sum() }(v)
        let expected: [Double] = (0..<7).map { (i: Int) -> Double in Double(i) + 2 * Double(i + 7) }
        #expect(c.toArray(Double.self) == expected)
    }

    /// Matmul in its vector and batched forms.
    @Test func matmulForms() {
        let a = NDArray([1.0, 2.0, 3.0]), m = NDArray((0..<6).map(Double.init), shape: [3, 2])
        // d(a @ m · [1, 1])/da = m · [1, 1] = row sums of m
        #expect(grad { (a: NDArray) -> NDArray in matmul(a, m).sum() }(a).toArray(Double.self) == [1, 5, 9])
        // d(a · a)/da = 2a
        #expect(grad { (a: NDArray) -> NDArray in matmul(a, a) }(a).toArray(Double.self) == [2, 4, 6])
        let batch = NDArray((0..<12).map(Double.init), shape: [2, 3, 2])
        let g = grad { (w: NDArray) -> NDArray in matmul(batch, w).sum() }(NDArray.ones([2, 4]))
        // Σ over the batch and rows of batch[..., k]: each column of w gets Σ of that column.
        let columnSums = [0.0 + 2 + 4 + 6 + 8 + 10, 1.0 + 3 + 5 + 7 + 9 + 11]
        #expect(g.toArray(Double.self) == columnSums.flatMap { [Double](repeating: $0, count: 4) })
    }

    @Test func floatCastsCastBack() {
        let g = grad { (x: NDArray) -> NDArray in (x.astype(.float64) * 3).sum() }(NDArray([Float(1), 2]))
        #expect(g.dtype == .float32)
        #expect(g.toArray(Float.self) == [3, 3])
    }

    /// The backward pass of an elementwise chain is more elementwise code over the same
    /// inputs: value and gradient of `sum(sigmoid(a * w + b) ** 2)` run as at most 2 kernels
    /// (the sum's reduction and one elementwise kernel for the gradient).
    @Test func elementwiseChainGradientFuses() {
        let w = NDArray((0..<1000).map { Double($0) / 500 - 1 }), b = NDArray(0.25)
        let a = NDArray((0..<1000).map { Double($0) / 1000 })
        let (value, gradient) = valueAndGrad { (a: NDArray) -> NDArray in (sigmoid(a * w + b) ** 3).sum() }(a)
        #expect(NDArray.kernelCount(value, gradient) <= 2, "\(NDArray.explain([value, gradient]))")
        let s = sigmoid(a * w + b).toArray(Double.self), weights = w.toArray(Double.self)
        let expected = (0..<1000).map { (i: Int) -> Double in
            let si = s[i]
            return 3 * si * si * si * (1 - si) * weights[i]
        }
        #expect(close(gradient.toArray(Double.self), expected))
    }

    /// With scalar parameters (the bench's `grad_chain`), the value and both gradients are
    /// three sums over one chain: they run as one kernel, one pass over `a` with nothing stored
    /// between, and agree with the closed forms dL/dw = Σ 2 s² (1 - s) a, dL/db = Σ 2 s² (1 - s).
    @Test func scalarParameterGradientsShareOnePass() {
        let a = NDArray((0..<1000).map { Double($0) / 250 - 2 })
        let (value, gradients) = valueAndGrad { (p: [NDArray]) -> NDArray in (sigmoid(a * p[0] + p[1]) ** 2).sum() }(
            [NDArray(0.75), NDArray(-0.5)])
        let outputs = [value] + gradients
        #expect(NDArray.plan(outputs)?.kernels.count == 1, "\(NDArray.explain(outputs))")
        NDArray.evaluate(outputs)
        let s = a.toArray(Double.self).map { 1 / (1 + Foundation.exp(-($0 * 0.75 - 0.5))) }
        let dz = s.map { 2 * $0 * $0 * (1 - $0) }
        // The fused sigmoid is VectorMath's (a few ulp from the C library's) and the sums run in
        // another order than the loop below: relative 1e-12 covers both by far.
        #expect(close([value.item(Double.self)], [s.reduce(0) { $0 + $1 * $1 }], tolerance: 1e-12))
        #expect(close([gradients[0].item(Double.self)], [zip(dz, a.toArray(Double.self)).reduce(0) { $0 + $1.0 * $1.1 }], tolerance: 1e-12))
        #expect(close([gradients[1].item(Double.self)], [dz.reduce(0, +)], tolerance: 1e-12))
    }

    @Test func errorsNameTheInputOrShape() {
        let integer = errorMessage { _ = grad { (x: NDArray) -> NDArray in x.sum() }(NDArray([1, 2])) }
        #expect(integer?.contains("[grad] cannot differentiate with respect to input 0 of dtype int64") == true, "\(integer ?? "")")
        let vector = errorMessage { _ = grad { (x: NDArray) -> NDArray in x * 2 }(NDArray([1.0, 2.0])) }
        #expect(vector?.contains("output has shape (2,)") == true, "\(vector ?? "")")
        let cotangents = errorMessage { _ = vjp({ $0 * 2 }, at: NDArray([1.0, 2.0]), cotangents: NDArray([1.0])) }
        #expect(cotangents?.contains("[vjp] cotangents of shape (1,) do not match the function's output of shape (2,)") == true, "\(cotangents ?? "")")
        let inverse = errorMessage { _ = grad { (x: NDArray) -> NDArray in ((try? inv(x)) ?? x).sum() }(NDArray.eye(2) * 2) }
        #expect(inverse?.contains("no derivative is defined for inv yet") == true, "\(inverse ?? "")")
        let boolInput = errorMessage { _ = valueAndGrad { (p: [NDArray]) -> NDArray in p[0].sum() }([NDArray([1.0]), NDArray([true])]) }
        #expect(boolInput?.contains("input 1 of dtype bool") == true, "\(boolInput ?? "")")
    }
}

extension NDArray {
    /// A slice of a 1-D array by start, step and count (negative steps too).
    func randomSliceForTest(start: Int, step: Int, count: Int) -> NDArray {
        view(.slice([AxisSlice(start: start, step: step, count: count)]), shape: [count])
    }
}
