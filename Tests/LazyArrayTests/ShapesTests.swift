import Testing
@testable import LazyArray
import Kernels

/// How the shape functions and contractions are lowered (views with no kernel, one fused
/// kernel, one matmul), their laziness and their errors; their values are checked against NumPy
/// in `ShapesReferenceTests`, and fused against eager on random compositions here.
@Suite(.timeLimit(.minutes(10)))
struct ShapesTests {
    /// A float32 matrix already in memory.
    static func matrix(_ rows: Int, _ columns: Int) -> NDArray {
        NDArray((0..<(rows * columns)).map { Float($0 % 17) - 8 }, shape: [rows, columns])
    }

    @Test func flipSwapaxesAndMoveaxisAreViews() {
        let a = Self.matrix(6, 5)
        var views: [NDArray] = [flip(a), flip(a, axis: -1), a.swapaxes(0, 1)]
        views.append(moveaxis(a.reshape([2, 3, 5]), 0, -1))
        views.append(einsum("ij->ji", a))
        views.append(einsum("ii->i", Self.matrix(4, 4)))
        views.append(meshgrid(a[0], a[.all, 0])[1])
        for view in views {
            #expect(NDArray.kernelCount(view) == 0)
            let statistics = NDArray.statistics(during: { view.evaluate() })
            #expect(statistics.kernelsRun == 0 && statistics.bytesMoved == 0)
        }
        #expect(flip(a).toArray(Float.self) == a.toArray(Float.self).reversed())
    }

    @Test func viewsFuseIntoTheirConsumer() {
        let a = Self.matrix(6, 5)
        #expect(NDArray.kernelCount(flip(a) * 2 + a.T.swapaxes(0, 1)) == 1)
        #expect(NDArray.kernelCount((meshgrid(a[0], a[.all, 0])[0] - 1).sum()) == 1)
    }

    @Test func triangleTimesTwoIsOneKernelReadingTheArrayOnce() {
        let a = Self.matrix(64, 48)
        let batch: NDArray = tril(a.reshape([4, 16, 48]), k: -1) * 2
        let triangles: [(NDArray, rows: Int)] = [(tril(a) * 2, 64), (triu(a, k: 3) * 2, 64), (batch, 16)]
        for (y, rows) in triangles {
            #expect(NDArray.kernelCount(y) == 1)
            let statistics = NDArray.statistics(during: { y.evaluate() })
            #expect(statistics.kernelsRun == 1)
            // a once, the result once, and the two int64 index vectors of the mask.
            #expect(statistics.bytesMoved == 2 * 64 * 48 * 4 + (rows + 48) * 8)
        }
        let t = tril(a) * 2
        let values = t.toArray(Float.self), source = a.toArray(Float.self)
        #expect(values[1] == 0 && values[48] == 2 * source[48] && values[49] == 2 * source[49])
    }

    @Test func batchedEinsumIsOneMatmulKernel() {
        let rng = RandomGenerator(seed: 7)
        let a = rng.normal([8, 16, 32], dtype: .float32).evaluate(), b = rng.normal([8, 32, 24], dtype: .float32).evaluate()
        let product = einsum("bij,bjk->bik", a, b)
        #expect(NDArray.kernelCount(product) == 1)
        #expect(product.explain().contains("matmul"))
        #expect(NDArray.statistics(during: { product.evaluate() }).kernelsRun == 1)
        #expect(NDArray.kernelCount(einsum("ij,jk->ik", a[0], b[0])) == 1)
        #expect(NDArray.kernelCount(relu(einsum("...ij,...jk->...ik", a, b) + 1)) == 1)
        #expect(sameBits(product.toArray(Double.self), matmul(a, b).toArray(Double.self)))
    }

    @Test func rowDotsAndTracesAreOneFusedReduction() {
        let a = Self.matrix(40, 30), b = Self.matrix(40, 30) + 1
        var products: [NDArray] = [einsum("ij,ij->i", a, b), einsum("i,i->", a[0], b[0])]
        products.append(einsum("ii->", a[..<30]))
        products.append(einsum("bi,bj->bij", a, b))
        products.append(kron(a[..<3], b[..<2]))
        for y in products {
            #expect(NDArray.kernelCount(y) == 1, "\(y.shape)")
        }
    }

    @Test func resultsAreLazyAndLeaveInputsUnevaluated() {
        let x = Self.matrix(5, 4) * 3
        var results: [NDArray] = [pad(x, 2, mode: .reflect), tile(x, [2, 1]), `repeat`(x, 3, axis: 0)]
        results.append(x.repeat([1, 0, 2, 1, 1], axis: 0))
        results.append(roll(x, 2))
        results.append(tril(x))
        results.append(einsum("ij,kj->ik", x, x))
        results.append(tensordot(x, x, axes: ([1], [1])))
        results.append(kron(x, x))
        #expect(results.allSatisfy { !$0.isEvaluated })
        #expect(!x.isEvaluated)
    }

    @Test func tileAndRepeatAreViewsWhereTheLayoutAllows() {
        let row = Self.matrix(1, 6)
        // Copies along a length-1 axis, or new leading axes, are broadcasts: no kernel.
        #expect(NDArray.kernelCount(tile(row, [4, 1])) == 0)
        #expect(NDArray.kernelCount(tile(row, [3, 1, 1])) == 0)
        #expect(NDArray.kernelCount(row.repeat(5, axis: 0)) == 0)
        #expect(tile(row, [4, 1]).toArray(Float.self) == Array([[Float]](repeating: row.toArray(Float.self), count: 4).joined()))
        // Otherwise one copy, as NumPy's tile allocates.
        #expect(NDArray.kernelCount(tile(Self.matrix(3, 4), [2, 2])) == 1)
    }

    @Test func errorsNameTheOperationAndShapes() {
        let a = Self.matrix(2, 3), b = Self.matrix(4, 5)
        // One statement each: a literal array of these closures is one expression to the type
        // checker, which its overloads (pad's, einsum's) made take gigabytes.
        #expect(errorMessage { _ = einsum("ijk,jk->ik", a, b) } ==
                "[einsum] einstein sum subscripts string contains too many subscripts for operand 0 (subscripts 'ijk,jk->ik', operand shapes (2, 3), (4, 5))")
        #expect(errorMessage { _ = einsum("ij,jk->ik", a, b) } ==
                "[einsum] operands could not be broadcast together: 'j' has length 3 in an earlier operand and 4 in operand 1 (subscripts 'ij,jk->ik', operand shapes (2, 3), (4, 5))")
        #expect(errorMessage { _ = einsum("ij,jk", a) } ==
                "[einsum] fewer operands provided to einstein sum function than specified in the subscripts string (subscripts 'ij,jk', operand shapes (2, 3))")
        #expect(errorMessage { _ = einsum("ij->z", a) } ==
                "[einsum] einstein sum subscripts string included output subscript 'z' which never appeared in an input (subscripts 'ij->z', operand shapes (2, 3))")
        #expect(errorMessage { _ = einsum("ij->ii", a) } ==
                "[einsum] einstein sum subscripts string includes output subscript 'i' multiple times (subscripts 'ij->ii', operand shapes (2, 3))")
        #expect(errorMessage { _ = einsum("i1", a) } ==
                "[einsum] invalid subscript '1' in einstein sum subscripts string, subscripts must be letters (subscripts 'i1', operand shapes (2, 3))")
        #expect(errorMessage { _ = einsum("ii->i", a) } ==
                "[einsum] dimensions in single operand for collapsing index 'i' don't match (2 != 3) (subscripts 'ii->i', operand shapes (2, 3))")
        #expect(errorMessage { _ = einsum("...ij->ij", NDArray.zeros([4, 2, 3])) } ==
                "[einsum] output has more dimensions than subscripts given in einstein sum, but no '...' ellipsis provided to broadcast the extra dimensions. (subscripts '...ij->ij', operand shapes (4, 2, 3))")
        #expect(errorMessage { _ = einsum("i.j", a) } ==
                "[einsum] einstein sum subscripts string contains a '.' that is not part of an ellipsis ('...') in operand 0 (subscripts 'i.j', operand shapes (2, 3))")
        #expect(errorMessage { _ = tensordot(a, b, axes: 1) } ==
                "[tensordot] shape-mismatch for sum: axis 1 of a has length 3, axis 0 of b 4; shapes (2, 3) and (4, 5), axes [1] and [0]")
        #expect(errorMessage { _ = pad(a, (1, -1)) } ==
                "[pad] index can't contain negative values: pad_width ((1, -1))")
        #expect(errorMessage { _ = pad(NDArray.zeros([0, 3]), 1, mode: .edge) } ==
                "[pad] can't extend empty axis 0 using modes other than 'constant' or 'empty' (shape (0, 3))")
        #expect(errorMessage { _ = pad(a, [(1, 1), (2, 2), (3, 3)]) } ==
                "[pad] pad_width ((1, 1), (2, 2), (3, 3)) does not match an array of shape (2, 3): give one (before, after) pair, or one per axis")
        #expect(errorMessage { _ = tile(a, [-1]) } ==
                "[tile] negative dimensions are not allowed: reps [-1]")
        #expect(errorMessage { _ = a.repeat([1, 2], axis: 1) } ==
                "[repeat] operands could not be broadcast together with shape (3,) (2,): 2 counts for axis 1 of length 3")
        #expect(errorMessage { _ = a.repeat(2, axis: 2) } ==
                "[repeat] axis 2 is out of bounds for array of dimension 2")
        #expect(errorMessage { _ = a.swapaxes(0, -3) } ==
                "[swapaxes] axis2: axis -3 is out of bounds for array of dimension 2")
        #expect(errorMessage { _ = moveaxis(a, [0, -2], [0, 1]) } ==
                "[moveaxis] repeated axis in `source` argument: [0, -2]")
        #expect(errorMessage { _ = flip(a, axis: 2) } ==
                "[flip] axis: axis 2 is out of bounds for array of dimension 2")
        #expect(errorMessage { _ = roll(a, 1, axis: -3) } ==
                "[roll] axis -3 is out of bounds for array of dimension 2")
        #expect(errorMessage { _ = meshgrid(a[0], indexing: "yx") } ==
                "[meshgrid] Valid values for `indexing` are 'xy' and 'ij', got 'yx'")
        #expect(errorMessage { _ = tril(NDArray(1.0)) } ==
                "[tril] input must be at least 1-d, got shape ()")
        #expect(errorMessage { _ = arraySplit(a, 0) } ==
                "[array_split] number sections must be larger than 0, got 0")
    }

    /// Random chains of the shape functions over a fused producer, fused against eager,
    /// bitwise: every function only moves elements, so any difference is a lowering bug.
    @Test(arguments: 0..<60)
    func randomCompositionsFuseAsTheyEvaluateEagerly(seed: Int) {
        let build = { () -> NDArray in
            var rng = SplitMix64(state: UInt64(seed) &* 0x2545_F491_4F6C_DD1D)
            let dtype = [LazyArray.DType.bool, .int32, .int64, .float32, .float64][rng.below(5)]
            let shape = (0..<rng.int(1...3)).map { _ in rng.chance(8) ? 0 : rng.int(1...5) }
            let count = shape.reduce(1, *)
            var x = makeArray((0..<count).map { Double(($0 * 7919) % 23) - 11 }, dtype: dtype, shape: shape)
            x = dtype == .bool ? x ^ flip(x) : x * 2 - roll(x, 1)
            for _ in 0..<4 { x = Self.randomStep(x, &rng) }
            return x
        }
        let fused = build().evaluate(mode: .fused), eager = build().evaluate(mode: .eager)
        #expect(fused.shape == eager.shape)
        #expect(sameBits(fused.toArray(Double.self), eager.toArray(Double.self)), "seed \(seed): \(fused.shape) \(fused.dtype)")
    }

    /// One random shape function applied to `x`.
    private static func randomStep(_ x: NDArray, _ rng: inout SplitMix64) -> NDArray {
        let axis = x.ndim > 0 ? rng.int(-x.ndim...(x.ndim - 1)) : 0
        let empty = x.shape.contains(0)
        switch rng.below(10) {
        case 0: return flip(x, axis: rng.chance(30) ? nil : axis)
        case 1: return x.ndim >= 2 ? x.swapaxes(0, -1) : moveaxis(x, 0, -1)
        case 2: return roll(x, rng.int(-7...7), axis: rng.chance(30) ? nil : axis)
        case 3:
            let modes: [PadMode] = empty ? [.constant(1)] : [.edge, .reflect, .constant]
            let width: (Int, Int) = (rng.int(0...2), rng.int(0...3))
            return pad(x, width, mode: modes[rng.below(modes.count)])
        case 4: return x.size > 200 ? x : tile(x, [rng.int(1...2)] + [Int](repeating: 1, count: x.ndim - 1))
        case 5: return x.size > 200 ? x : x.repeat(rng.int(0...2), axis: axis)
        case 6: return x.ndim >= 1 ? tril(x, k: rng.int(-2...2)) : x
        case 7: return x.ndim >= 1 ? triu(x, k: rng.int(-2...2)) : x
        case 8: return x.ndim >= 1 && x.shape[0] > 0 ? x.repeat((0..<x.shape[0]).map { _ in rng.int(0...2) }, axis: 0) : x
        default: return x.dtype == .bool ? x ^ flip(x) : x + 1
        }
    }
}
