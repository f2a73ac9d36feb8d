import Testing
@testable import LazyArray
import Kernels

/// dot, outer, inner, trace, norm against hand-computed values; inv, solve, det by their
/// defining identities.
///
/// Tolerances for the LU functions: the residuals of a backward-stable LU solve are about
/// `n eps |A| |x|` (Higham, 9.3); these matrices are well conditioned (diagonally dominant, or
/// small integers), so `1e-12` (float64) and `1e-5` (float32 results, rounded once from
/// float64) leave room of about 100x.
@Suite(.timeLimit(.minutes(10))) struct LinalgTests {
    @Test func dotFollowsNumPysRules() {
        let m = NDArray([[1.0, 2.0], [3.0, 4.0]]), v = NDArray([1.0, -1.0])
        #expect(dot(v, v).shape == [] && dot(v, v).item(Double.self) == 2)
        #expect(dot(m, v).toArray(Double.self) == [-1, -1])
        #expect(dot(m, m).toArray(Double.self) == [7, 10, 15, 22])
        #expect(dot(m, NDArray(2.0)).toArray(Double.self) == [2, 4, 6, 8])
        // N-D . M-D: every pair of a's rows and b's matrices (no batch broadcasting).
        let a = NDArray((0..<6).map { Double($0) }, shape: [3, 2])             // rows (0,1) (2,3) (4,5)
        let b = NDArray((0..<8).map { Double($0) }, shape: [2, 2, 2])          // [[0,1],[2,3]], [[4,5],[6,7]]
        let y = dot(a, b)
        #expect(y.shape == [3, 2, 2])
        #expect(y.toArray(Double.self) == [2, 3, 6, 7, 6, 11, 26, 31, 10, 19, 46, 55])
        #expect(errorMessage { _ = dot(NDArray.ones([2, 3]), NDArray.ones([4, 5])) }
                == "[dot] shapes (2, 3) and (4, 5) not aligned: 3 (dim 1) != 4 (dim 0)")
    }

    @Test func outerAndInner() {
        let a = NDArray([1.0, 2.0, 3.0]), b = NDArray([1.0, 10.0])
        let o = outer(a, b)
        #expect(o.shape == [3, 2] && o.toArray(Double.self) == [1, 10, 2, 20, 3, 30])
        #expect(inner(a, a).item(Double.self) == 14)
        let m = NDArray([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
        let i = inner(m, NDArray([[1.0, 0.0], [0.0, 1.0]]))
        #expect(i.shape == [3, 2] && i.toArray(Double.self) == [1, 2, 3, 4, 5, 6])
        #expect(inner(m, b).toArray(Double.self) == [21, 43, 65])
        #expect(errorMessage { _ = inner(m, a) } == "[inner] shapes (3, 2) and (3,) not aligned: 2 (dim 1) != 3 (dim 0)")
    }

    @Test func traceOfMatricesAndStacks() {
        let m = NDArray((1...12).map { $0 }, shape: [3, 4])                   // int64
        #expect(m.trace().dtype == .int64 && m.trace().item(Int.self) == 1 + 6 + 11)
        #expect(trace(m, offset: 1).item(Int.self) == 2 + 7 + 12)
        #expect(trace(m, offset: -1).item(Int.self) == 5 + 10)
        #expect(trace(m, offset: 5).item(Int.self) == 0)
        #expect(NDArray([Int32](arrayLiteral: 1, 2, 3, 4), shape: [2, 2]).trace().dtype == .int64)
        let stack = NDArray((0..<8).map { Double($0) }, shape: [2, 2, 2])    // trace over axes 0, 1
        #expect(stack.trace().toArray(Double.self) == [0 + 6, 1 + 7])
        #expect(NDArray.eye(5).trace().item(Double.self) == 5)
    }

    @Test func norms() {
        let v = NDArray([3.0, 4.0])
        #expect(norm(v).item(Double.self) == 5)
        let m = NDArray([Float](arrayLiteral: 1, 2, 2, 3, 4, 12), shape: [2, 3])
        #expect(norm(m).dtype == .float32)
        #expect(Swift.abs(norm(m).item(Double.self) - (1 + 4 + 4 + 9 + 16 + 144).squareRoot()) < 1e-5)
        #expect(norm(m, axis: 1).toArray(Float.self) == [3, 13])
        #expect(norm(m, axis: -1, keepdims: true).shape == [2, 1])
        let columns = norm(m, axis: 0).toArray(Double.self)
        #expect(zip(columns, [Double(10).squareRoot(), Double(20).squareRoot(), Double(148).squareRoot()]).allSatisfy { Swift.abs($0 - $1) < 1e-5 })
        #expect(norm(NDArray([3, 4])).dtype == .float64)
        #expect(norm(m, keepdims: true).shape == [1, 1])
        #expect(errorMessage { _ = norm(m, axis: 2) } == "[norm] axis 2 is out of bounds for an array of dimension 2")
    }

    /// A diagonally dominant `n x n` matrix (well conditioned) with deterministic values.
    static func wellConditioned(_ n: Int, seed: UInt64) -> [Double] {
        var rng = SplitMix64(state: seed)
        var values = (0..<(n * n)).map { _ in Double(rng.next() >> 11) / Double(1 << 53) * 2 - 1 }
        for i in 0..<n { values[i * n + i] += Double(n) }
        return values
    }

    @Test(arguments: [1, 2, 7, 33])
    func inverseTimesMatrixIsIdentity(n: Int) throws {
        let a = NDArray(LinalgTests.wellConditioned(n, seed: UInt64(n)), shape: [n, n])
        let product = matmul(try inv(a), a).toArray(Double.self)
        let identity = NDArray.eye(n).toArray(Double.self)
        #expect(zip(product, identity).allSatisfy { Swift.abs($0 - $1) < 1e-12 })
        let a32 = a.astype(.float32)
        let inverse32 = try inv(a32)
        #expect(inverse32.dtype == .float32)
        #expect(zip(matmul(inverse32, a32).toArray(Double.self), identity).allSatisfy { Swift.abs($0 - $1) < 1e-5 })
    }

    @Test func inverseNeedsPivoting() throws {
        // A zero in the top-left corner: elimination without row swaps would divide by zero.
        let a = NDArray([[0.0, 1.0], [2.0, 3.0]])
        #expect(try inv(a).toArray(Double.self) == [-1.5, 0.5, 1, 0])
        #expect(try det(a).item(Double.self) == -2)
    }

    @Test func solveResiduals() throws {
        let n = 33
        let a = NDArray(LinalgTests.wellConditioned(n, seed: 5), shape: [n, n])
        let b = MatmulTests.random([n, 4], dtype: .float64, seed: 6)
        let x = try solve(a, b)
        #expect(x.shape == [n, 4])
        let residual = (matmul(a, x) - b).toArray(Double.self)
        #expect(residual.allSatisfy { Swift.abs($0) < 1e-12 })
        // A vector right-hand side, and a stack of systems with a shared b.
        let vector = try solve(a, NDArray((0..<n).map { Double($0) }))
        #expect(vector.shape == [n])
        #expect((matmul(a, vector) - NDArray((0..<n).map { Double($0) })).toArray(Double.self).allSatisfy { Swift.abs($0) < 1e-11 })
        let stack = NDArray(LinalgTests.wellConditioned(3, seed: 7) + LinalgTests.wellConditioned(3, seed: 8), shape: [2, 3, 3])
        let solutions = try solve(stack, NDArray([1.0, 2.0, 3.0]))
        #expect(solutions.shape == [2, 3])
        let check = matmul(stack, solutions.expandDims(axis: -1)).toArray(Double.self)
        #expect(zip(check, [1.0, 2, 3, 1, 2, 3]).allSatisfy { Swift.abs($0 - $1) < 1e-12 })
        #expect(try solve(NDArray([[2, 0], [0, 4]]), NDArray([2, 2])).toArray(Double.self) == [1, 0.5])
    }

    @Test func determinantsOfKnownMatrices() throws {
        #expect(try det(NDArray([[1.0, 2.0], [3.0, 4.0]])).item(Double.self) == -2)
        #expect(try det(NDArray.eye(4) * 3).item(Double.self) == 81)
        // Upper triangular: the product of the diagonal.
        #expect(try det(NDArray([[2.0, 5.0, 7.0], [0.0, 3.0, 1.0], [0.0, 0.0, -4.0]])).item(Double.self) == -24)
        // A row swap flips the sign.
        #expect(try det(NDArray([[0, 1], [1, 0]])).item(Double.self) == -1)
        // Singular: 0, not an error (NumPy gives 0.0).
        #expect(try det(NDArray([[1.0, 2.0], [2.0, 4.0]])).item(Double.self) == 0)
        let stack = try det(NDArray([1.0, 0, 0, 1, 2, 0, 0, 2], shape: [2, 2, 2]))
        #expect(stack.shape == [2] && stack.toArray(Double.self) == [1, 4])
        #expect(try det(NDArray([[1, 2], [3, 4]])).dtype == .float64)
    }

    @Test func singularMatricesThrow() {
        let singular = NDArray([[1.0, 2.0], [2.0, 4.0]])
        #expect(throws: LazyArrayError("inv", "singular matrix")) { try inv(singular) }
        #expect(throws: LazyArrayError("solve", "singular matrix")) { try solve(singular, NDArray([1.0, 1.0])) }
        #expect(throws: LazyArrayError("inv", "singular matrix (matrix 1 of the stack)")) {
            try inv(NDArray([1.0, 0, 0, 1, 0, 0, 0, 0], shape: [2, 2, 2]))
        }
        #expect(throws: LazyArrayError("inv", "last 2 dimensions of the array must be square, got shape (2, 3)")) {
            try inv(NDArray.ones([2, 3]))
        }
        #expect(throws: LazyArrayError("det", "1-dimensional array given. Array must be at least two-dimensional")) {
            try det(NDArray.ones([3]))
        }
        do {
            _ = try inv(singular)
        } catch {
            #expect(String(describing: error) == "[inv] singular matrix")
        }
    }
}
