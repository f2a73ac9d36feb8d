import Foundation
import Testing
@testable import LazyArray
import Kernels

/// The `Linear` layer: its output and gradients against closed forms, one kernel forward,
/// its initializations' ranges and spreads, rebuilding from parameters, and its errors.
@Suite(.timeLimit(.minutes(10))) struct LinearTests {
    /// float64; the closed forms sum the same few products in another order: a few ulp.
    func close(_ a: [Double], _ b: [Double], tolerance: Double = 1e-12) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { Swift.abs($0 - $1) <= tolerance * Swift.max(1, Swift.abs($0), Swift.abs($1)) }
    }

    /// Pulled back with a cotangent G through `y = x W + b`: `dW = xᵀ G`, `db = Σ_rows G`,
    /// `dx = G Wᵀ`, computed here in plain Swift.
    @Test(arguments: [1, 2, 3]) func gradientsMatchTheirClosedForm(seed: UInt64) {
        var rng = SplitMix64(state: seed)
        func values(_ n: Int) -> [Double] { (0..<n).map { _ in Double(rng.int(-128...128)) / 64 } }
        let (n, i, o) = (rng.int(1...5), rng.int(1...4), rng.int(1...6))
        let xv = values(n * i), wv = values(i * o), bv = values(o), gv = values(n * o)
        let x = NDArray(xv, shape: [n, i]), g = NDArray(gv, shape: [n, o])
        let layer = Linear(weight: NDArray(wv, shape: [i, o]), bias: NDArray(bv))
        var y = [Double](repeating: 0, count: n * o)
        var dw = [Double](repeating: 0, count: i * o), db = [Double](repeating: 0, count: o), dx = [Double](repeating: 0, count: n * i)
        for r in 0..<n {
            for c in 0..<o {
                y[r * o + c] = bv[c]
                db[c] += gv[r * o + c]
                for k in 0..<i {
                    y[r * o + c] += xv[r * i + k] * wv[k * o + c]
                    dw[k * o + c] += xv[r * i + k] * gv[r * o + c]
                    dx[r * i + k] += gv[r * o + c] * wv[k * o + c]
                }
            }
        }
        #expect(close(layer(x).toArray(Double.self), y))
        let pulled = vjp({ (p: [NDArray]) -> NDArray in Linear(parameters: [p[1], p[2]])(p[0]) },
                         at: [x] + layer.parameters, cotangents: g)
        #expect(close(pulled[0].toArray(Double.self), dx))
        #expect(close(pulled[1].toArray(Double.self), dw))
        #expect(close(pulled[2].toArray(Double.self), db))
        #expect(pulled[1].shape == [i, o] && pulled[2].shape == [o])
    }

    @Test func forwardIsOneKernelAndTakesBatchedInputs() {
        let layer = Linear(inFeatures: 3, outFeatures: 2, generator: RandomGenerator(seed: 5), dtype: .float64)
        #expect(layer.weight.isEvaluated && layer.bias.isEvaluated, "initialization evaluates the parameters")
        let x = NDArray((0..<12).map(Double.init), shape: [2, 2, 3])
        let y = layer(x)
        #expect(y.shape == [2, 2, 2])
        #expect(NDArray.kernelCount(y) == 1, "\(y.explain())")
    }

    @Test func parametersRebuildTheLayer() {
        var layer = Linear(inFeatures: 2, outFeatures: 3, generator: RandomGenerator(seed: 1), dtype: .float64)
        #expect(layer.parameters.map(\.shape) == [[2, 3], [3]])
        #expect(layer.inFeatures == 2 && layer.outFeatures == 3)
        layer.parameters = [NDArray.ones([2, 3]), NDArray([1.0, 2.0, 3.0])]
        #expect(layer(NDArray([[1.0, 1.0]])).toArray(Double.self) == [3, 4, 5])
        #expect(Linear(parameters: layer.parameters).bias.toArray(Double.self) == [1, 2, 3])
    }

    /// Samples lie within each scheme's bound, and their spread matches its variance. With
    /// 40 000 samples the standard deviation of a sample's standard deviation is about
    /// σ / √(2n) = 0.35% of σ (normal; less for uniform), so 3% is about 8 of those: a fixed
    /// seed that passes cannot be a fluke of it.
    @Test(arguments: WeightInitialization.allCases) func initializationHasItsScale(scheme: WeightInitialization) {
        let (fanIn, fanOut) = (200, 200)
        let layer = Linear(inFeatures: fanIn, outFeatures: fanOut, initialization: scheme, generator: RandomGenerator(seed: 9))
        #expect(layer.weight.dtype == .float32 && layer.bias.dtype == .float32)
        let weights = layer.weight.toArray(Double.self)
        let std = (weights.map { $0 * $0 }.reduce(0, +) / Double(weights.count)).squareRoot()
        let expected: Double = switch scheme {
        case .kaimingUniform, .kaimingNormal: (2.0 / Double(fanIn)).squareRoot()
        case .xavierUniform, .xavierNormal: (2.0 / Double(fanIn + fanOut)).squareRoot()
        case .pyTorchDefault: (1.0 / Double(3 * fanIn)).squareRoot()
        }
        #expect(Swift.abs(std / expected - 1) < 0.03, "std \(std), expected \(expected)")
        let bound: Double? = switch scheme {
        case .kaimingUniform: (6.0 / Double(fanIn)).squareRoot()
        case .xavierUniform: (6.0 / Double(fanIn + fanOut)).squareRoot()
        case .pyTorchDefault: 1 / Double(fanIn).squareRoot()
        case .kaimingNormal, .xavierNormal: nil
        }
        if let bound { #expect(weights.allSatisfy { Swift.abs($0) <= bound * (1 + 1e-6) }, "bound \(bound) (float32 rounding allowed)") }
        let bias = layer.bias.toArray(Double.self)
        if scheme == .pyTorchDefault {
            #expect(bias.allSatisfy { Swift.abs($0) <= 1 / Double(fanIn).squareRoot() * (1 + 1e-6) } && Set(bias).count > 1)
        } else {
            #expect(bias.allSatisfy { $0 == 0 })
        }
    }

    @Test func sameSeedSameLayer() {
        let a = Linear(inFeatures: 3, outFeatures: 4, generator: RandomGenerator(seed: 3))
        let b = Linear(inFeatures: 3, outFeatures: 4, generator: RandomGenerator(seed: 3))
        #expect(a.weight.toArray(Float.self) == b.weight.toArray(Float.self))
        #expect(Set(a.weight.toArray(Float.self)).count == 12, "a layer's weights are not all alike")
    }

    @Test func errorsNameTheLayerAndShapes() {
        let layer = Linear(weight: NDArray.zeros([3, 2]), bias: NDArray.zeros([2]))
        let input = errorMessage { _ = layer(NDArray.zeros([4, 5])) }
        #expect(input == "[Linear] input of shape (4, 5) needs 3 features in its last axis for a weight of shape (3, 2)")
        let bias = errorMessage { _ = Linear(weight: NDArray.zeros([3, 2]), bias: NDArray.zeros([3])) }
        #expect(bias?.hasPrefix("[Linear] the bias has shape (3,); a weight of shape (3, 2) needs a bias of shape (2,)") == true, "\(bias ?? "no error")")
        let matrix = errorMessage { _ = Linear(weight: NDArray.zeros([3]), bias: NDArray.zeros([3])) }
        #expect(matrix?.hasPrefix("[Linear] the weight has shape (3,)") == true, "\(matrix ?? "no error")")
        let dtypes = errorMessage { _ = Linear(weight: NDArray.zeros([3, 2]), bias: NDArray.zeros([2], dtype: .float32)) }
        #expect(dtypes?.contains("must have the same float dtype") == true, "\(dtypes ?? "no error")")
        let count = errorMessage { _ = Linear(parameters: [NDArray.zeros([3, 2])]) }
        #expect(count == "[Linear] a layer is made of 2 parameters [weight, bias], got 1")
        let negative = errorMessage { _ = Linear(inFeatures: -1, outFeatures: 2) }
        #expect(negative?.hasPrefix("[Linear] cannot make a layer of -1 inputs") == true, "\(negative ?? "no error")")
    }
}
