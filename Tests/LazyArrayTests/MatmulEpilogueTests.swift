import Testing
@testable import LazyArray
@testable import Kernels
import Scheduler

/// Epilogue fusion: elementwise consumers of a matmul run inside the GEMM's store. Kernel counts
/// per rule, and values against the eager reference (tolerance: `MatmulTests`' bound on the
/// product, plus the elementwise ops' own few-ulp error, which the bound's factor 2 covers for
/// these well-scaled values; transcendentals are compared with an absolute 1e-5 on top).
@Suite(.serialized, .timeLimit(.minutes(10))) struct MatmulEpilogueTests {
    let x = MatmulTests.random([37, 70], seed: 31)
    let w = MatmulTests.random([70, 45], seed: 32)
    let bias = MatmulTests.random([45], seed: 33)

    func magnitude() -> NDArray { matmul(abs(x).astype(.float64), abs(w).astype(.float64)) + abs(bias).astype(.float64) }

    @Test func denseLayerIsOneKernelWrittenOnce() {
        let y = relu(matmul(x, w) + bias)
        #expect(NDArray.kernelCount(y) == 1)
        let explanation = y.explain()
        #expect(explanation.contains("matmul (37, 70) @ (70, 45) float32, epilogue: add relu"), "\(explanation)")
        #expect(explanation.contains("broadcast, gathered per tile row"), "\(explanation)")
        // Reads x, w and the bias once, writes the output once.
        let bytes: Int = (37 * 70 + 70 * 45 + 45 + 37 * 45) * 4
        #expect(explanation.contains("moves \(bytes) bytes"), "\(explanation)")
        MatmulTests.expectClose({ relu(matmul(x, w) + bias) }, magnitude: magnitude, k: 70, dtype: .float32)
    }

    @Test func aRepeatedLayerReusesItsPlan() {
        // Checked on the cache itself: other suites move the process-wide counters in parallel.
        _ = relu(matmul(x, w) + bias).evaluate()
        #expect(NDArray.isPlanCached([relu(matmul(x, w) + bias)]))
        let y = relu(matmul(x, w) + bias).evaluate()
        #expect(y.shape == [37, 45])
    }

    @Test func scalarsRowVectorsAndActivationsFuse() {
        let row = bias.reshape([1, 45])
        let cases: [(String, () -> NDArray)] = [
            ("scale", { matmul(x, w) * 0.5 }),
            ("bias as (1, n), then scale", { (matmul(x, w) + row) * 2 }),
            ("sigmoid", { sigmoid(matmul(x, w) + bias) }),
            ("tanh", { tanh(matmul(x, w) - bias) }),
            ("swish reads the product twice", { let p = matmul(x, w); return p * sigmoid(p) }),
        ]
        for (name, build) in cases {
            #expect(NDArray.kernelCount(build()) == 1, "\(name): \(build().explain())")
            let fused = build().toArray(Double.self)
            let eager = build().evaluate(mode: .eager).toArray(Double.self)
            let bound = magnitude().evaluate(mode: .eager).toArray(Double.self)
            let worst = zip(zip(fused, eager), bound).map { pair, scale in
                Swift.abs(pair.0 - pair.1) / (4 * 72 * Double(Float.ulpOfOne) * scale + 1e-5)
            }.max()!
            #expect(worst <= 1, "\(name): worst error \(worst) of the bound")
        }
    }

    @Test func aResidualMatrixAndAColumnBiasFuseToo() {
        let residual = MatmulTests.random([45, 37], seed: 34).T          // transposed: gathered
        let column = MatmulTests.random([37, 1], seed: 35)
        let y = { matmul(x, w) + residual + column }
        #expect(NDArray.kernelCount(y()) == 1, "\(y().explain())")
        MatmulTests.expectClose(y, magnitude: { self.magnitude() + 2 }, k: 70, dtype: .float32)
    }

    @Test func batchedProductsAndVectorsFuse() {
        let stack = MatmulTests.random([3, 37, 70], seed: 36)
        let y = { relu(matmul(stack, self.w) + self.bias) }
        #expect(NDArray.kernelCount(y()) == 1)
        MatmulTests.expectClose(y, magnitude: { matmul(abs(stack).astype(.float64), abs(self.w).astype(.float64)) + 1 },
                                k: 70, dtype: .float32)
        // The tutorial's layer, W @ x + b with a 1-D x.
        let weights = NDArray([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]])
        let layer = matmul(weights, NDArray([1.0, 2.0, 3.0])) + NDArray([1.0, -1.0])
        #expect(NDArray.kernelCount(layer) == 1)
        #expect(layer.description == "[2.4 2.2]")
    }

    @Test func aProductReadElsewhereIsStoredAndNotFused() {
        // The product is also an output: it must keep its values, so the bias add is a kernel
        // of its own.
        let product = matmul(x, w)
        let y = product + bias
        #expect(NDArray.kernelCount(product, y) == 2)
        evaluate(product, y)
        let p = product.toArray(Float.self), sum = y.toArray(Float.self), b = bias.toArray(Float.self)
        #expect((0..<p.count).allSatisfy { sum[$0] == p[$0] + b[$0 % 45] })
        // Read through a view (transposed): not element for element, so not an epilogue.
        let transposed = matmul(x, w).T + 1
        #expect(NDArray.kernelCount(transposed) == 2)
        // A different dtype cannot be written into the product's buffer.
        let cast = matmul(x, w).astype(.float64)
        #expect(NDArray.kernelCount(cast) == 2)
        // Two products in one expression: one is fused, the other stored first.
        let two = { matmul(self.x, self.w) + matmul(self.x, self.w * 2) }
        #expect(NDArray.kernelCount(two()) == 3, "\(two().explain())")    // w * 2, one plain product, one with epilogue
        MatmulTests.expectClose(two, magnitude: { 3 * self.magnitude() }, k: 70, dtype: .float32)
    }

    @Test func epilogueWorksAtEveryTileEdge() {
        // Sizes around Gemm's tiles (6 x 16 micro-tiles, 96-row blocks, 256-column epilogue
        // chunks) and past the parallel threshold.
        for (m, k, n) in [(1, 5, 1), (97, 33, 257), (200, 384, 300)] {
            let a = MatmulTests.random([m, k], seed: UInt64(m)), b = MatmulTests.random([k, n], seed: UInt64(n))
            let c = MatmulTests.random([n], seed: 99)
            MatmulTests.expectClose({ relu(matmul(a, b) + c) },
                                    magnitude: { matmul(abs(a).astype(.float64), abs(b).astype(.float64)) + abs(c).astype(.float64) },
                                    k: k, dtype: .float32)
        }
    }

    /// The epilogue writes over the product it reads, so its results are computed in scratch
    /// and copied back (`PreparedProgram.overwrites`, for vectorized loops): the bits must be
    /// those of the product stored by itself and the same elementwise work run as its own
    /// kernel, for narrow and wide products, tile edges and batches.
    @Test func anEpilogueGivesTheBitsOfASeparateKernel() {
        for (batch, m, k, n) in [(1, 128, 10, 256), (1, 128, 256, 10), (1, 97, 33, 257), (2, 7, 5, 3), (1, 200, 384, 300)] {
            let a = MatmulTests.random(batch == 1 ? [m, k] : [batch, m, k], seed: UInt64(m + n))
            let b = MatmulTests.random([k, n], seed: UInt64(k))
            let c = MatmulTests.random([n], seed: 7), h = MatmulTests.random([m, n], seed: 8)
            let forms: [(String, (NDArray) -> NDArray)] = [
                ("p + c", { $0 + c }),
                ("where(h + c > 0, p, 0)", { NDArray.where(h + c .> 0, $0, 0) }),
                ("relu(p * 2 + c)", { relu($0 * 2 + c) }),
            ]
            for (label, epilogue) in forms {
                let fused = epilogue(matmul(a, b))
                let epilogues = NDArray.plan([fused])!.kernels.compactMap { kernel -> PreparedProgram? in
                    if case .matrixProduct(let product) = kernel.kind { return product.epilogue }
                    return nil
                }
                #expect(epilogues.count == 1 && epilogues.allSatisfy { !$0.overwrites.isEmpty },
                        "\(label) over (\(batch), \(m), \(k), \(n)): one epilogue over the product")
                let product = matmul(a, b).evaluate()
                let separate = epilogue(product).evaluate()
                #expect(sameBits(fused.evaluate().toArray(Double.self), separate.toArray(Double.self)),
                        "\(label) over (\(batch), \(m), \(k), \(n))")
            }
        }
    }

    /// Products with an empty axis and an epilogue (the reconstruction check of an SVD of a
    /// (2, 0, 4) batch): the plan keeps its epilogue and is valid (an epilogue of no elements
    /// reads nothing it writes), on every placement of the empty axis.
    @Test func emptyProductsWithAnEpilogueArePlanned() {
        for (aShape, bShape) in [([2, 0, 0], [2, 0, 4]), ([2, 3, 0], [2, 0, 4]), ([2, 3, 5], [2, 5, 0]), ([0, 3, 5], [0, 5, 4]), ([3, 0], [0, 4])] {
            let a = MatmulTests.random(aShape, seed: 5), b = MatmulTests.random(bShape, seed: 6)
            let s = MatmulTests.random(Array(aShape.dropLast(2)) + [aShape.last!], seed: 7)
            let scaled = aShape.count == 3 ? a * s.expandDims(axis: -2) : a * s
            let target = MatmulTests.random(Array(aShape.dropLast()) + [bShape.last!], seed: 8)
            let y = abs(matmul(scaled, b) - target)
            let plan = NDArray.plan([y])!
            #expect(plan.kernelsReadingTheirOwnResults.isEmpty, "\(aShape) x \(bShape)")
            let fused = y.evaluate().toArray(Double.self), eager = y.evaluate(mode: .eager).toArray(Double.self)
            #expect(fused.count == y.shape.reduce(1, *) && sameBits(fused, eager), "\(aShape) x \(bShape)")
        }
    }
}
