import Testing
@testable import LazyArray
import Kernels

/// `matmul`: NumPy's shape and dtype rules against hand-computed results, the fused GEMM against
/// the eager triple loop, and epilogue fusion.
///
/// Tolerance of fused against eager (float32 and float64): per element
/// `|fused - eager| <= 2 (k + 2) eps sum_p |a[i,p]| |b[p,j]|`. Both compute the same k-term dot
/// product in working precision, only in different orders (the GEMM sums K blocks with fused
/// multiply-adds; the reference adds one plain product at a time); each is within
/// `gamma_(k+1) sum |a||b|` of the exact value (Higham, Accuracy and Stability, 3.1, with
/// `gamma_n ~ n eps / 2`), so their difference is within twice that; the GEMM tests allow the
/// same per-element bound. `sum |a||b|` comes from the eager product of `abs(a)` and `abs(b)`
/// in float64.
@Suite(.serialized, .timeLimit(.minutes(10))) struct MatmulTests {
    /// Deterministic values in [-1, 1) of `dtype` and `shape`.
    static func random(_ shape: [Int], dtype: DType = .float32, seed: UInt64) -> NDArray {
        var rng = SplitMix64(state: seed)
        let values = (0..<shape.reduce(1, *)).map { _ in Double(rng.next() >> 11) / Double(1 << 53) * 2 - 1 }
        return makeArray(values, dtype: dtype, shape: shape)
    }

    /// Checks fused against eager within the bound above; `build` makes the expression anew for
    /// each mode (evaluating a node fixes its value).
    static func expectClose(_ build: () -> NDArray, magnitude: () -> NDArray, k: Int, dtype: LazyArray.DType,
                            sourceLocation: SourceLocation = #_sourceLocation) {
        let fused = build().toArray(Double.self)
        let eager = build().evaluate(mode: .eager).toArray(Double.self)
        let bound = magnitude().evaluate(mode: .eager).toArray(Double.self)
        let eps = dtype == .float32 ? Double(Float.ulpOfOne) : Double.ulpOfOne
        #expect(fused.count == eager.count, sourceLocation: sourceLocation)
        let worst = zip(zip(fused, eager), bound).map { pair, scale in
            Swift.abs(pair.0 - pair.1) / Swift.max(2 * Double(k + 2) * eps * scale, Double.leastNormalMagnitude)
        }.max() ?? 0
        #expect(worst <= 1, "worst error is \(worst) of the bound", sourceLocation: sourceLocation)
    }

    @Test func tutorialLayerPrintsNumPysDigits() {
        let w = NDArray([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]])
        let x = NDArray([1.0, 2.0, 3.0])
        let y = matmul(w, x)
        #expect(y.shape == [2])
        #expect(y.description == "[1.4 3.2]")
        #expect(w.matmul(x).evaluate(mode: .eager).description == "[1.4 3.2]")
    }

    @Test func vectorAndMatrixShapes() {
        let m = NDArray([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])          // (2, 3)
        let v3 = NDArray([1.0, 0.0, -1.0]), v2 = NDArray([2.0, -1.0])
        for mode in allModes {
            let mv = matmul(m, v3).evaluate(mode: mode)
            #expect(mv.shape == [2] && mv.toArray(Double.self) == [-2, -2])
            let vm = matmul(v2, m).evaluate(mode: mode)
            #expect(vm.shape == [3] && vm.toArray(Double.self) == [-2, -1, 0])
            let vv = matmul(v3, v3).evaluate(mode: mode)
            #expect(vv.shape == [] && vv.item(Double.self) == 2)
            let mm = matmul(m, m.T).evaluate(mode: mode)
            #expect(mm.shape == [2, 2] && mm.toArray(Double.self) == [14, 32, 32, 77])
        }
    }

    @Test func batchDimensionsBroadcast() {
        // (2, 1, 2, 2) @ (3, 2, 2) -> (2, 3, 2, 2): a[i] @ b[j] for every pair.
        let a = NDArray((0..<8).map { Double($0) }, shape: [2, 1, 2, 2])
        let b = NDArray([1.0, 0, 0, 1, 0, 1, 1, 0, 2, 0, 0, 2], shape: [3, 2, 2])   // I, swap, 2I
        for mode in allModes {
            let y = matmul(a, b).evaluate(mode: mode)
            #expect(y.shape == [2, 3, 2, 2])
            #expect(y.toArray(Double.self) == [0, 1, 2, 3, 1, 0, 3, 2, 0, 2, 4, 6,
                                               4, 5, 6, 7, 5, 4, 7, 6, 8, 10, 12, 14])
        }
        // A vector against a stack: (2,) @ (3, 2, 4) -> (3, 4).
        let stack = MatmulTests.random([3, 2, 4], dtype: .float64, seed: 1)
        #expect(matmul(NDArray([1.0, 1.0]), stack).shape == [3, 4])
        #expect(matmul(stack.transposed([0, 2, 1]), NDArray([1.0, 1.0])).shape == [3, 4])
    }

    @Test func dtypesPromoteAsNumPy() {
        let i32 = NDArray([Int32](arrayLiteral: 1, 2, 3, 4), shape: [2, 2])
        let i64 = NDArray([1, 2, 3, 4], shape: [2, 2])
        let f32 = NDArray([Float](arrayLiteral: 1, 2, 3, 4), shape: [2, 2])
        #expect(matmul(i32, i32).dtype == .int32)
        #expect(matmul(i32, i64).dtype == .int64)
        #expect(matmul(f32, f32).dtype == .float32)
        #expect(matmul(f32, i32).dtype == .float64)
        for mode in allModes {
            #expect(matmul(i64, i64).evaluate(mode: mode).toArray(Int.self) == [7, 10, 15, 22])
            #expect(matmul(f32, i32).evaluate(mode: mode).toArray(Double.self) == [7, 10, 15, 22])
            // Integers wrap as NumPy's do.
            let big = NDArray([Int32.max, 1], shape: [1, 2])
            #expect(matmul(big, NDArray([Int32](arrayLiteral: 2, 0), shape: [2, 1])).evaluate(mode: mode).toArray(Int32.self) == [-2])
            // bool: OR of ANDs.
            let p = NDArray([true, false, false, false], shape: [2, 2]), q = NDArray([false, true, true, false], shape: [2, 2])
            let pq = matmul(p, q).evaluate(mode: mode)
            #expect(pq.dtype == .bool && pq.toArray(Bool.self) == [false, true, false, false])
        }
    }

    @Test func shapeErrorsNameBothShapes() {
        let message = errorMessage { _ = matmul(NDArray.ones([2, 4]), NDArray.ones([3, 2])) }
        #expect(message == "[matmul] input operand 1 has a mismatch in its core dimension 0, with gufunc signature (n?,k),(k,m?)->(n?,m?) (size 3 is different from 4); shapes (2, 4) and (3, 2)")
        #expect(errorMessage { _ = matmul(NDArray(1.0), NDArray.ones([3, 2])) }
                == "[matmul] input operand 0 does not have enough dimensions (has 0, gufunc core with signature (n?,k),(k,m?)->(n?,m?) requires 1)")
        let batch = errorMessage { _ = matmul(NDArray.ones([2, 2, 4]), NDArray.ones([3, 4, 2])) } ?? ""
        #expect(batch.hasPrefix("[matmul] operands with shapes (2, 2, 4) and (3, 4, 2) have batch dimensions that do not broadcast"), "\(batch)")
    }

    @Test(arguments: [DType.float32, .float64])
    func oddSizesMatchTheEagerReference(dtype: LazyArray.DType) {
        for (m, k, n) in [(1, 1, 1), (7, 7, 7), (1, 33, 7), (33, 7, 1), (33, 129, 7), (129, 33, 129), (7, 129, 33), (129, 129, 129)] {
            let a = MatmulTests.random([m, k], dtype: dtype, seed: UInt64(m * 1000 + k))
            let b = MatmulTests.random([k, n], dtype: dtype, seed: UInt64(k * 1000 + n))
            MatmulTests.expectClose({ matmul(a, b) }, magnitude: { matmul(abs(a).astype(.float64), abs(b).astype(.float64)) },
                                    k: k, dtype: dtype)
            #expect(NDArray.kernelCount(matmul(a, b)) == 1)
        }
    }

    @Test(arguments: [DType.float32, .float64])
    func transposedAndSlicedOperandsAreReadInPlace(dtype: LazyArray.DType) {
        let (m, k, n) = (33, 129, 7)
        let at = MatmulTests.random([k, m], dtype: dtype, seed: 7).evaluate().T                 // (m, k), column-major
        let big = MatmulTests.random([2 * k + 1, 3 * n + 2], dtype: dtype, seed: 8).evaluate()
        // Every 2nd row from 1 and every 3rd column from 2: (k, n) with strides (2 * ld, 3).
        let sliced = big.view(.slice([AxisSlice(start: 1, step: 2, count: k), AxisSlice(start: 2, step: 3, count: n)]), shape: [k, n])
        MatmulTests.expectClose({ matmul(at, sliced) },
                                magnitude: { matmul(abs(at).astype(.float64), abs(sliced).astype(.float64)) }, k: k, dtype: dtype)
        // No copy kernel: the product reads both views through their strides.
        let explanation = matmul(at, sliced).explain()
        #expect(NDArray.kernelCount(matmul(at, sliced)) == 1, "\(explanation)")
        #expect(explanation.contains("transposed, read in place") && explanation.contains("strided, read in place"), "\(explanation)")
        // A transposed right operand, and both transposed.
        let bt = MatmulTests.random([n, k], dtype: dtype, seed: 9).evaluate().T
        MatmulTests.expectClose({ matmul(at, bt) }, magnitude: { matmul(abs(at).astype(.float64), abs(bt).astype(.float64)) },
                                k: k, dtype: dtype)
    }

    @Test(arguments: [DType.float32, .float64])
    func matrixVectorProductsInEveryLayout(dtype: LazyArray.DType) {
        // One output column (W @ x) or row (x @ W): row-major and transposed matrices take the
        // dot and the axpy loops, a matrix strided both ways goes to the GEMM; 1100 x 1000 is
        // past the threading threshold.
        for (rows, k) in [(7, 33), (1100, 1000)] {
            let w = MatmulTests.random([rows, k], dtype: dtype, seed: UInt64(rows)).evaluate()
            let wt = MatmulTests.random([k, rows], dtype: dtype, seed: UInt64(k)).evaluate().T
            let x = MatmulTests.random([k], dtype: dtype, seed: 3).evaluate()
            let y = MatmulTests.random([rows], dtype: dtype, seed: 4).evaluate()
            let big = MatmulTests.random([2 * rows, 2 * k], dtype: dtype, seed: 5).evaluate()
            let strided = big.view(.slice([AxisSlice(start: 0, step: 2, count: rows), AxisSlice(start: 1, step: 2, count: k)]), shape: [rows, k])
            for matrix in [w, wt, strided] {
                let absolute = abs(matrix).astype(.float64)
                MatmulTests.expectClose({ matmul(matrix, x) }, magnitude: { matmul(absolute, abs(x).astype(.float64)) }, k: k, dtype: dtype)
                MatmulTests.expectClose({ matmul(y, matrix) }, magnitude: { matmul(abs(y).astype(.float64), absolute) }, k: rows, dtype: dtype)
                MatmulTests.expectClose({ relu(matmul(matrix, x) - 0.1) },
                                        magnitude: { matmul(absolute, abs(x).astype(.float64)) + 0.1 }, k: k, dtype: dtype)
            }
            MatmulTests.expectClose({ matmul(x, x) }, magnitude: { matmul(abs(x).astype(.float64), abs(x).astype(.float64)) },
                                    k: k, dtype: dtype)
        }
    }

    @Test func batchedOperandsMatchTheEagerReference() {
        let a = MatmulTests.random([3, 1, 17, 40], dtype: .float32, seed: 11)
        let b = MatmulTests.random([4, 40, 9], dtype: .float32, seed: 12)
        MatmulTests.expectClose({ matmul(a, b) }, magnitude: { matmul(abs(a).astype(.float64), abs(b).astype(.float64)) },
                                k: 40, dtype: .float32)
        // Many small products (split across threads by matrix) against few large ones.
        let many = MatmulTests.random([64, 20, 30], dtype: .float64, seed: 13)
        let w = MatmulTests.random([30, 25], dtype: .float64, seed: 14)
        MatmulTests.expectClose({ matmul(many, w) }, magnitude: { matmul(abs(many), abs(w)) }, k: 30, dtype: .float64)
    }

    @Test func resultsDoNotDependOnTheThreadCount() {
        let a = MatmulTests.random([200, 300], seed: 21), b = MatmulTests.random([300, 150], seed: 22)
        let bias = MatmulTests.random([150], seed: 23)
        let w = MatmulTests.random([1100, 1000], seed: 24), x = MatmulTests.random([1000], seed: 25)
        let (one, vectorOne, rowOne) = NDArray.withThreadCount(1) {
            (relu(matmul(a, b) + bias).toArray(Float.self), matmul(w, x).toArray(Float.self), matmul(x, w.T).toArray(Float.self))
        }
        let (two, vectorTwo, rowTwo) = NDArray.withThreadCount(2) {
            (relu(matmul(a, b) + bias).toArray(Float.self), matmul(w, x).toArray(Float.self), matmul(x, w.T).toArray(Float.self))
        }
        #expect(one == two)
        #expect(vectorOne == vectorTwo && rowOne == rowTwo)
    }

    @Test func integerProductsMatchExactly() {
        let a = NDArray((0..<(33 * 7)).map { Int32($0 % 13 - 6) }, shape: [33, 7])
        let b = NDArray((0..<(7 * 5)).map { Int32($0 % 5 - 2) }, shape: [7, 5])
        let fused = (matmul(a, b) * 3 + 1).toArray(Int32.self)
        let eager = (matmul(a, b) * 3 + 1).evaluate(mode: .eager).toArray(Int32.self)
        #expect(fused == eager)
        #expect(NDArray.kernelCount(matmul(a, b) * 3 + 1) == 1)
    }

    @Test func emptyDimensions() {
        for mode in allModes {
            let zeroK = matmul(NDArray.ones([2, 0]), NDArray.ones([0, 3])).evaluate(mode: mode)
            #expect(zeroK.shape == [2, 3] && zeroK.toArray(Double.self) == [0, 0, 0, 0, 0, 0])
            #expect(matmul(NDArray.ones([0, 4]), NDArray.ones([4, 3])).evaluate(mode: mode).shape == [0, 3])
        }
    }
}
