import Foundation
import Testing
@testable import LazyArray

/// NumPy's answers for the decompositions and `norm` with `ord`, and the reconstruction and
/// orthogonality residuals of LazyArray's own factorizations:
/// `Fixtures/make_decomposition_reference.py` wrote the inputs, results and per-element
/// tolerances into `Fixtures/numpy/decompositions.npz` (each tolerance, the backward-error bound
/// it comes from and its justification are in that script's header) and the expression of each
/// case into `DecompositionReferenceCases.generated.swift`.
enum DecompositionReference {
    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/numpy/decompositions.npz").path

    /// The archive, read once with the library's own npz reader.
    static let archive = Result { try NDArray.loadArchive(path) }

    /// The inputs of case `index`, from the archive.
    static func inputs(_ index: Int) throws -> [NDArray] {
        let arrays = try archive.get()
        return try cases[index].inputs.map { try #require(arrays[$0], "input \($0) of \(cases[index].name)") }
    }
}

/// The residuals the generated cases compare with zero, each computed in float64 from the
/// factors LazyArray returns.
enum DecompositionChecks {
    static func f64(_ x: NDArray) -> NDArray { x.astype(.float64) }

    /// The last two axes swapped.
    static func mT(_ x: NDArray) -> NDArray { x.transposed(Array(0..<(x.ndim - 2)) + [x.ndim - 1, x.ndim - 2]) }

    /// `matmul(x, y)` of two stacks with the same batch axes; zeros when either is empty, because
    /// the fused planner stops on a batched matmul of empty matrices whose epilogue reads
    /// another array (`[plan] kernels [1] read buffers they write`, a bug outside this suite).
    static func product(_ x: NDArray, _ y: NDArray) -> NDArray {
        guard x.size == 0 || y.size == 0 else { return matmul(x, y) }
        return NDArray.zeros(Array(x.shape.dropLast()) + [y.shape[y.ndim - 1]])
    }

    /// `|gram - I|`: 0 for orthonormal columns (`gram = Qᵀ Q`) or rows (`gram = Q Qᵀ`).
    static func deviationFromIdentity(_ gram: NDArray) -> NDArray { abs(gram - NDArray.eye(gram.shape[gram.ndim - 1])) }

    /// Each matrix's diagonal: `(..., min(m, n))`.
    static func diagonal(_ r: NDArray) -> NDArray {
        (r * NDArray.eye(r.shape[r.ndim - 2], r.shape[r.ndim - 1], dtype: r.dtype)).sum(axis: -1)
    }

    static func qrResidual(_ a: NDArray) throws -> NDArray {
        let (q, r) = try qr(a)
        return abs(product(f64(q), f64(r)) - f64(a))
    }

    static func qrOrthogonality(_ a: NDArray) throws -> NDArray {
        let q = f64(try qr(a).q)
        return deviationFromIdentity(product(mT(q), q))
    }

    /// `|R|` below the diagonal (must be exactly zero), in R's dtype.
    static func qrStrictlyLower(_ a: NDArray) throws -> NDArray {
        let r = try qr(a).r
        let k = r.shape[r.ndim - 2], n = r.shape[r.ndim - 1]
        let mask = NDArray((0..<(k * n)).map { $0 % Swift.max(n, 1) < $0 / Swift.max(n, 1) ? 1.0 : 0.0 }, shape: [k, n])
        return abs(r) * mask.astype(r.dtype)
    }

    /// R with each row's sign flipped to make its diagonal positive: unique for full rank.
    static func qrNormalizedR(_ a: NDArray) throws -> NDArray {
        let r = try qr(a).r
        return r * sign(diagonal(r)).expandDims(axis: -1)
    }

    /// Q with the columns' signs flipped as ``qrNormalizedR(_:)`` flips R's rows.
    static func qrNormalizedQ(_ a: NDArray) throws -> NDArray {
        let (q, r) = try qr(a)
        return q * sign(diagonal(r)).expandDims(axis: -2)
    }

    static func choleskyResidual(_ a: NDArray) throws -> NDArray {
        let l = f64(try cholesky(a))
        return abs(product(l, mT(l)) - f64(a))
    }

    /// `|A V - V diag(w)|` for the eigenpairs of `input` (whose upper triangle is not read) and
    /// the symmetric `a` it stands for.
    static func eighResidual(_ input: NDArray, _ a: NDArray) throws -> NDArray {
        let (w, v) = try eigh(input)
        return abs(product(f64(a), f64(v)) - f64(v) * f64(w).expandDims(axis: -2))
    }

    static func eighOrthogonality(_ input: NDArray) throws -> NDArray {
        let v = f64(try eigh(input).eigenvectors)
        return deviationFromIdentity(product(mT(v), v))
    }

    /// `|U diag(s) Vh - A|` over the first `min(m, n)` singular vectors.
    static func reconstruction(_ a: NDArray, fullMatrices: Bool) throws -> NDArray {
        let (u, s, vh) = try svd(a, fullMatrices: fullMatrices)
        let k = s.shape[s.ndim - 1]
        return abs(product(f64(u[.ellipsis, ..<k]) * f64(s).expandDims(axis: -2), f64(vh[.ellipsis, ..<k, .all])) - f64(a))
    }

    static func svdResidual(_ a: NDArray) throws -> NDArray { try reconstruction(a, fullMatrices: false) }
    static func svdResidualFull(_ a: NDArray) throws -> NDArray { try reconstruction(a, fullMatrices: true) }

    static func svdLeftOrthogonality(_ a: NDArray) throws -> NDArray { try left(a, fullMatrices: false) }
    static func svdLeftOrthogonalityFull(_ a: NDArray) throws -> NDArray { try left(a, fullMatrices: true) }
    static func svdRightOrthogonality(_ a: NDArray) throws -> NDArray { try right(a, fullMatrices: false) }
    static func svdRightOrthogonalityFull(_ a: NDArray) throws -> NDArray { try right(a, fullMatrices: true) }

    /// `|Uᵀ U - I|`.
    static func left(_ a: NDArray, fullMatrices: Bool) throws -> NDArray {
        let u = f64(try svd(a, fullMatrices: fullMatrices).u)
        return deviationFromIdentity(product(mT(u), u))
    }

    /// `|Vh Vhᵀ - I|`.
    static func right(_ a: NDArray, fullMatrices: Bool) throws -> NDArray {
        let vh = f64(try svd(a, fullMatrices: fullMatrices).vh)
        return deviationFromIdentity(product(vh, mT(vh)))
    }
}

@Suite(.timeLimit(.minutes(10)))
struct DecompositionTests {
    static func check(index: Int, mode: EvaluationMode, backend: Backend) throws {
        let c = DecompositionReference.cases[index]
        let result = try c.build(try DecompositionReference.inputs(index)).evaluate(mode: mode, backend: backend)
        if let mismatch = NumPyReference.mismatch(result, index: index, in: try DecompositionReference.archive.get()) {
            Issue.record("\(c.name), \(mode) on \(backend): \(mismatch)")
        }
    }

    /// float16 and bfloat16, which NumPy's linalg refuses, decompose as their float64 values
    /// do (LazyArray widens them as it widens integers): the same bits as the float64 input's
    /// results, which the NumPy cases above check. The inputs are small integers and halves,
    /// exact in both types.
    @Test(arguments: [DType.float16, .bfloat16])
    func halfPrecisionDecomposesAsItsFloat64Values(dtype: DType) throws {
        let values: [Double] = [4, 1, -2, 0.5, 1, 3, 0, -1, -2, 0, 5, 1.5, 0.5, -1, 1.5, 6]
        let square = NDArray(values, shape: [4, 4]).astype(dtype)
        let symmetric = (square + square.T).astype(dtype)
        let spd = (matmul(square.astype(.float64), square.astype(.float64).T) + NDArray.eye(4) * 4).astype(dtype)
        let wide = NDArray(Array(values.prefix(12)), shape: [3, 4]).astype(dtype)
        func same(_ half: [NDArray], _ wide: [NDArray], _ name: String) {
            for (h, w) in zip(half, wide) {
                #expect(h.dtype == .float64 && h.shape == w.shape && h.toArray(Double.self).map(\.bitPattern) == w.toArray(Double.self).map(\.bitPattern),
                        "\(name) of \(dtype)")
            }
        }
        func widened(_ a: NDArray) -> NDArray { a.astype(.float64) }
        let (q, r) = try qr(wide), (q64, r64) = try qr(widened(wide))
        same([q, r], [q64, r64], "qr")
        same([try cholesky(spd)], [try cholesky(widened(spd))], "cholesky")
        let (w, v) = try eigh(symmetric), (w64, v64) = try eigh(widened(symmetric))
        same([w, v], [w64, v64], "eigh")
        let (u, sv, vh) = try svd(wide), (u64, sv64, vh64) = try svd(widened(wide))
        same([u, sv, vh], [u64, sv64, vh64], "svd")
        same([try pinv(wide), try matrixRank(wide).astype(.float64)], [try pinv(widened(wide)), try matrixRank(widened(wide)).astype(.float64)], "pinv, matrixRank")
        let rhs = NDArray([1.0, -2, 0.5]).astype(dtype)
        let (x, _, _, _) = try lstsq(wide, rhs), (x64, _, _, _) = try lstsq(widened(wide), widened(rhs))
        same([x], [x64], "lstsq")
        same([norm(square, ord: .nuc), norm(square, ord: 2)], [norm(widened(square), ord: .nuc), norm(widened(square), ord: 2)], "norm")
    }

    @Test func archiveHoldsEveryCase() throws {
        let arrays = try DecompositionReference.archive.get()
        #expect(DecompositionReference.cases.count > 1000)
        for (index, c) in DecompositionReference.cases.enumerated() {
            #expect(c.inputs.allSatisfy { arrays[$0] != nil } && arrays["\(index)_out"] != nil && arrays["\(index)_tol"] != nil, "\(c.name)")
        }
    }

    @Test(arguments: DecompositionReference.cases.indices)
    func eagerMatchesNumPy(index: Int) throws {
        try Self.check(index: index, mode: .eager, backend: .dispatch)
    }

    @Test(arguments: DecompositionReference.cases.indices)
    func fusedMatchesNumPy(index: Int) throws {
        try Self.check(index: index, mode: .fused, backend: .dispatch)
    }

    /// The norms built from lazy ops (sums, maxima, powers) on the C target too.
    @Test(.enabled(if: openMPAvailable, skipComment),
          arguments: DecompositionReference.cases.indices.filter { DecompositionReference.cases[$0].name.hasPrefix("norm ") })
    func openMPNormsMatchNumPy(index: Int) throws {
        try Self.check(index: index, mode: .fused, backend: .openMP)
    }

    /// The fixture's backward-error bounds assume at most 15 Jacobi sweeps: every SVD and eigh
    /// input matrix of the archive takes no more.
    @Test func jacobiSweepsStayWithinTheBoundsAssumption() throws {
        var checked = 0
        for (index, c) in DecompositionReference.cases.enumerated() where c.name.hasPrefix("svd s ") || c.name.hasPrefix("eigh eigenvalues ") {
            let a = try DecompositionReference.inputs(index)[0]
            guard a.size > 0 else { continue }
            let stack = try MatrixStack(a, operation: "test")
            for matrix in 0..<stack.count {
                let sweeps: Int
                if c.name.hasPrefix("svd") {
                    sweeps = JacobiSVD(stack[matrix], m: stack.m, n: stack.n, vectors: true).sweeps
                } else {
                    var symmetric = Array(stack[matrix])
                    let n = stack.n
                    for i in 0..<n { for j in 0..<i { symmetric[j * n + i] = symmetric[i * n + j] } }
                    sweeps = JacobiEigenSolver(symmetric, n: n, vectors: true).sweeps
                }
                #expect(sweeps <= 15, "\(c.name) matrix \(matrix): \(sweeps) sweeps")
                checked += 1
            }
        }
        #expect(checked > 50)
    }

    @Test func nonFiniteInputsThrowWhereNumPyRaises() {
        // NaN and inf below the diagonal, where cholesky and eigh read.
        let nan = NDArray([[1.0, 2.0], [.nan, 3.0]]), inf = NDArray([[1.0, 2.0], [.infinity, 3.0]])
        for a in [nan, inf] {
            #expect(throwsMessage { _ = try svd(a) } == "[svd] SVD did not converge: the array contains NaN or infinity")
            #expect(throwsMessage { _ = try svdvals(a) } == "[svdvals] SVD did not converge: the array contains NaN or infinity")
            #expect(throwsMessage { _ = try pinv(a) } == "[pinv] SVD did not converge: the array contains NaN or infinity")
            #expect(throwsMessage { _ = try matrixRank(a) } == "[matrixRank] SVD did not converge: the array contains NaN or infinity")
            #expect(throwsMessage { _ = try lstsq(a, NDArray([1.0, 2.0])) }
                    == "[lstsq] SVD did not converge in Linear Least Squares: a contains NaN or infinity")
            #expect(throwsMessage { _ = try cholesky(a) } == "[cholesky] array must not contain infs or NaNs")
            #expect(throwsMessage { _ = try eigh(a) } == "[eigh] eigenvalues did not converge: the array contains NaN or infinity")
        }
        let matrices = stack([NDArray.eye(2), nan])
        #expect(throwsMessage { _ = try eigvalsh(matrices) }
                == "[eigvalsh] eigenvalues did not converge: the array contains NaN or infinity (matrix 1 of the stack)")
        // qr lets NaN through, as NumPy does.
        #expect(((try? qr(nan))?.r.toArray(Double.self) ?? []).contains { $0.isNaN })
    }

    @Test func choleskyNamesTheMinorThatIsNotPositive() {
        #expect(throwsMessage { _ = try cholesky(NDArray([[4.0, 0, 0], [2, 2, 0], [1, 5, 2]])) }
                == "[cholesky] matrix is not positive definite: its leading minor of order 3 is not positive")
        #expect(throwsMessage { _ = try cholesky(NDArray([[-1.0, 0], [0, 1]])) }
                == "[cholesky] matrix is not positive definite: its leading minor of order 1 is not positive")
        let matrices = stack([NDArray.eye(2), NDArray([[1.0, 2.0], [2.0, 1.0]])])
        #expect(throwsMessage { _ = try cholesky(matrices) }
                == "[cholesky] matrix is not positive definite: its leading minor of order 2 is not positive (matrix 1 of the stack)")
    }

    @Test func shapeErrorsNameTheOperationAndShape() {
        let v = NDArray([1.0, 2.0])
        #expect(throwsMessage { _ = try qr(v) } == "[qr] 1-dimensional array given. Array must be at least two-dimensional")
        #expect(throwsMessage { _ = try svd(v) } == "[svd] 1-dimensional array given. Array must be at least two-dimensional")
        #expect(throwsMessage { _ = try pinv(NDArray(1.0)) } == "[pinv] 0-dimensional array given. Array must be at least two-dimensional")
        #expect(throwsMessage { _ = try cholesky(NDArray.ones([2, 3])) }
                == "[cholesky] last 2 dimensions of the array must be square, got shape (2, 3)")
        #expect(throwsMessage { _ = try eigh(NDArray.ones([2, 3, 2])) }
                == "[eigh] last 2 dimensions of the array must be square, got shape (2, 3, 2)")
        #expect(throwsMessage { _ = try lstsq(NDArray.ones([2, 2, 2]), v) }
                == "[lstsq] 3-dimensional array given. Array must be two-dimensional")
        #expect(throwsMessage { _ = try lstsq(NDArray.ones([3, 2]), v) }
                == "[lstsq] b of shape (2,) does not match a of shape (3, 2): it needs 3 rows and 1 or 2 dimensions")
    }

    @Test func normOrderErrors() {
        let m = NDArray.ones([2, 3]), t = NDArray.ones([2, 2, 2])
        #expect(errorMessage { _ = norm(m, ord: .fro, axis: 1) } == "[norm] invalid norm order 'fro' for vectors")
        #expect(errorMessage { _ = norm(m, ord: 3, axes: [0, 1]) } == "[norm] invalid norm order 3 for matrices")
        #expect(errorMessage { _ = norm(t, ord: 1) }
                == "[norm] improper number of dimensions to norm: an order without axes needs a 1-D or 2-D array, got shape (2, 2, 2)")
        #expect(errorMessage { _ = norm(t, axes: [0, 1, 2]) } == "[norm] improper number of dimensions to norm: 3 axes [0, 1, 2]")
        #expect(errorMessage { _ = norm(m, axes: [1, -1]) } == "[norm] duplicate axes given: [1, -1]")
        #expect(errorMessage { _ = norm(m, axes: [0, 2]) } == "[norm] axis 2 is out of bounds for an array of dimension 2")
        #expect(errorMessage { _ = norm(NDArray.zeros([0, 3]), ord: -2) }
                == "[norm] the -2 norm of an empty matrix (shape (0, 3)) has no value")
    }

    /// NumPy raises "SVD did not converge" for the singular-value norms of a matrix with NaN;
    /// `norm` does not throw, so they are NaN, matrix by matrix.
    @Test func singularValueNormsOfNonFiniteMatricesAreNaN() {
        let matrices = stack([NDArray([[3.0, 0], [0, 4]]), NDArray([[1.0, .nan], [0, 1]]), NDArray([[1.0, 0], [.infinity, 1]])])
        for ord: NormOrder in [2, -2, .nuc] {
            let values = norm(matrices, ord: ord, axes: [-2, -1]).toArray(Double.self)
            #expect(values[0] == (ord == 2 ? 4 : ord == -2 ? 3 : 7) && values[1].isNaN && values[2].isNaN, "\(ord)")
        }
    }

    /// The documented forms: the existing Euclidean norm is unchanged, the orders read as NumPy's.
    @Test func normFormsReadAsNumPys() {
        let m = NDArray([[1.0, -2.0], [3.0, 4.0]])
        #expect(norm(m).item(Double.self) == (30.0).squareRoot())
        #expect(m.norm(axis: 1, keepdims: true).shape == [2, 1])
        #expect(norm(m, ord: 1).item(Double.self) == 6)
        #expect(norm(m, ord: .inf).item(Double.self) == 7)
        #expect(norm(m, ord: .negativeInf).item(Double.self) == 3)
        #expect(norm(NDArray([3.0, -4.0]), ord: .inf).item(Double.self) == 4)
        #expect(norm(NDArray([3.0, 0, -4.0]), ord: 0).item(Double.self) == 2)
        #expect(m.norm(ord: .fro, axes: [0, 1], keepdims: true).shape == [1, 1])
    }

    /// The decompositions are barriers: their results are evaluated arrays, and a lazy argument
    /// is evaluated at the call.
    @Test func resultsAreEvaluatedAtTheCall() throws {
        let a = NDArray([[2.0, 1.0], [1.0, 3.0]]) * 2
        #expect(!a.isEvaluated)
        let (q, r) = try qr(a)
        let (u, s, vh) = try svd(a)
        let (w, v) = try eigh(a)
        let results = [q, r, u, s, vh, w, v, try cholesky(a), try pinv(a), try svdvals(a), try eigvalsh(a), try matrixRank(a), norm(a, ord: 2)]
        let evaluated = results.map(\.isEvaluated)
        #expect(!evaluated.contains(false))
        #expect(zip(w.toArray(Double.self), [5 - (5.0).squareRoot(), 5 + (5.0).squareRoot()]).allSatisfy { Swift.abs($0 - $1) < 1e-14 })
        let rank = try matrixRank(a)
        #expect(rank.dtype == .int64 && rank.item(Int.self) == 2)
        let fit = try lstsq(NDArray([[1.0, 0], [0, 1], [1, 1]]), NDArray([1.0, 2.0, 3.0]))
        #expect(fit.rank == 2 && fit.solution.toArray(Double.self).enumerated().allSatisfy { Swift.abs($1 - [1.0, 2.0][$0]) < 1e-14 })
    }
}

/// The message of the error `body` throws, or nil.
private func throwsMessage(_ body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch {
        return String(describing: error)
    }
}
