import Kernels

// qr, cholesky, eigh and svd: own Swift code, no LAPACK (the default build has no
// dependencies): Householder QR (HouseholderQR.swift), Cholesky below, cyclic Jacobi for the
// symmetric eigenproblem (JacobiEigenSolver.swift) and one-sided Jacobi for the SVD
// (JacobiSVD.swift). Like inv and solve they are barriers: the argument is evaluated at the
// call and the results are evaluated arrays, one matrix of a stack `(..., m, n)` after another.
// float32 in gives float32 out, computed in float64 and rounded once; integers and bool give
// float64. Eigenvector and singular-vector signs are not unique (nor are they NumPy's).

/// The QR factorization `a = q @ r` of a matrix, or of each matrix of a stack `(..., m, n)`:
/// `q` is `(..., m, k)` with orthonormal columns, `r` is `(..., k, n)` upper triangular,
/// `k = min(m, n)`. NumPy: `np.linalg.qr(a)` (its default `mode='reduced'`).
///
/// ```swift
/// let (q, r) = try qr(a)      // matmul(q, r) ≈ a
/// ```
/// The Householder reflectors are LAPACK's, so `r`'s diagonal has the signs NumPy gives when `a`
/// has full rank. NaN and infinity propagate into the results, as in NumPy.
/// - Throws: ``LazyArrayError`` `[qr] ...` when `a` has fewer than two dimensions.
public func qr(_ a: NDArray) throws -> (q: NDArray, r: NDArray) {
    let stack = try MatrixStack(a, operation: "qr")
    let m = stack.m, n = stack.n, k = Swift.min(m, n)
    var q: [Double] = [], r: [Double] = []
    for index in 0..<stack.count {
        let factorization = HouseholderQR(stack[index], m: m, n: n)
        q += factorization.q(columns: k)
        r += factorization.r(rows: k)
    }
    return (stack.result(q, shape: [m, k], operation: "qr"), stack.result(r, shape: [k, n], operation: "qr"))
}

/// The Cholesky factor `l` of a symmetric positive-definite matrix (or of each matrix of a
/// stack `(..., n, n)`): lower triangular with a positive diagonal, `a = l @ lᵀ`. Only the lower
/// triangle and the diagonal of `a` are read. NumPy: `np.linalg.cholesky(a)`.
///
/// ```swift
/// do {
///     let l = try cholesky(a)
/// } catch {
///     print(error)   // [cholesky] matrix is not positive definite: its leading minor of order 2 is not positive
/// }
/// ```
/// - Throws: ``LazyArrayError`` when a matrix is not positive definite (NumPy's
///   `LinAlgError: Matrix is not positive definite`), when its lower triangle has NaN or
///   infinity (NumPy returns NaN there, or raises, depending on where it is), or when the last
///   two axes are not square.
public func cholesky(_ a: NDArray) throws -> NDArray {
    let n = try squareSize(a, operation: "cholesky")
    let stack = try MatrixStack(a, operation: "cholesky")
    var result: [Double] = []
    result.reserveCapacity(stack.values.count)
    for index in 0..<stack.count {
        var l = Array(stack[index])
        for i in 0..<n {
            for j in 0...i where !l[i * n + j].isFinite {
                throw LazyArrayError("cholesky", "array must not contain infs or NaNs" + stack.which(index))
            }
            for j in (i + 1)..<n { l[i * n + j] = 0 }
        }
        // Row by row (Cholesky-Banachiewicz), each entry one dot product along two contiguous
        // rows: l_ij = (a_ij - l_i,<j · l_j,<j) / l_jj.
        for i in 0..<n {
            for j in 0...i {
                var s = l[i * n + j]
                for p in 0..<j { s -= l[i * n + p] * l[j * n + p] }
                if i == j {
                    guard s > 0 else {
                        throw LazyArrayError("cholesky", "matrix is not positive definite: its leading minor of order \(i + 1) is not positive" + stack.which(index))
                    }
                    l[i * n + i] = s.squareRoot()
                } else {
                    l[i * n + j] = s / l[j * n + j]
                }
            }
        }
        result += l
    }
    return stack.result(result, shape: [n, n], operation: "cholesky")
}

/// The eigenvalues, ascending, and eigenvectors of a real symmetric matrix, or of each matrix of
/// a stack `(..., n, n)`: `eigenvalues` is `(..., n)`, `eigenvectors` `(..., n, n)` with the
/// eigenvector of `eigenvalues[i]` in column `i`, so that
/// `matmul(a, v) ≈ v * w.expandDims(axis: -2)`. Only the lower triangle of `a` is read (NumPy's
/// default `UPLO='L'`). NumPy: `np.linalg.eigh(a)`.
///
/// ```swift
/// let (w, v) = try eigh(a)
/// ```
/// - Throws: ``LazyArrayError`` `[eigh] eigenvalues did not converge: the array contains NaN or
///   infinity` for such a lower triangle (NumPy raises `LinAlgError: Eigenvalues did not converge`
///   for some such matrices and returns NaN for others), or when the last two axes are not square.
public func eigh(_ a: NDArray) throws -> (eigenvalues: NDArray, eigenvectors: NDArray) {
    let (stack, solvers) = try symmetricEigen(a, operation: "eigh", vectors: true)
    return (stack.result(solvers.flatMap(\.values), shape: [stack.n], operation: "eigh"),
            stack.result(solvers.flatMap(\.vectors), shape: [stack.n, stack.n], operation: "eigh"))
}

/// The eigenvalues, ascending, of a real symmetric matrix or of each matrix of a stack
/// `(..., n, n)`: ``eigh(_:)`` without the vectors. NumPy: `np.linalg.eigvalsh(a)`.
/// - Throws: ``LazyArrayError`` as ``eigh(_:)``.
public func eigvalsh(_ a: NDArray) throws -> NDArray {
    let (stack, solvers) = try symmetricEigen(a, operation: "eigvalsh", vectors: false)
    return stack.result(solvers.flatMap(\.values), shape: [stack.n], operation: "eigvalsh")
}

/// Each matrix of `a` made symmetric from its lower triangle, and solved.
private func symmetricEigen(_ a: NDArray, operation: String, vectors: Bool) throws -> (MatrixStack, [JacobiEigenSolver]) {
    let n = try squareSize(a, operation: operation)
    let stack = try MatrixStack(a, operation: operation)
    let solvers = try (0..<stack.count).map { index in
        var symmetric = Array(stack[index])
        for i in 0..<n { for j in 0..<i { symmetric[j * n + i] = symmetric[i * n + j] } }
        guard symmetric.allSatisfy(\.isFinite) else {
            throw LazyArrayError(operation, "eigenvalues did not converge: the array contains NaN or infinity" + stack.which(index))
        }
        return JacobiEigenSolver(symmetric, n: n, vectors: vectors)
    }
    return (stack, solvers)
}

/// The singular value decomposition `a = u @ (s[..., None] * vh)` of a matrix, or of each
/// matrix of a stack `(..., m, n)`: `s` is `(..., k)`, `k = min(m, n)`, descending. With
/// `fullMatrices` (the default, as NumPy's `full_matrices=True`) `u` is `(..., m, m)` and `vh`
/// `(..., n, n)`; without, `u` is `(..., m, k)` and `vh` `(..., k, n)`.
/// NumPy: `np.linalg.svd(a)`, `np.linalg.svd(a, full_matrices=False)`; ``svdvals(_:)`` for
/// `compute_uv=False`.
///
/// ```swift
/// let (u, s, vh) = try svd(a, fullMatrices: false)
/// ```
/// - Throws: ``LazyArrayError`` `[svd] SVD did not converge: the array contains NaN or
///   infinity` (NumPy raises `LinAlgError: SVD did not converge` for NaN and returns NaN for
///   infinity), or when `a` has fewer than two dimensions.
public func svd(_ a: NDArray, fullMatrices: Bool = true) throws -> (u: NDArray, s: NDArray, vh: NDArray) {
    let stack = try MatrixStack(a, operation: "svd")
    let m = stack.m, n = stack.n, k = Swift.min(m, n)
    let parts = try stack.singularValueDecompositions(operation: "svd", vectors: true, full: fullMatrices)
    return (stack.result(parts.flatMap(\.u), shape: [m, fullMatrices ? m : k], operation: "svd"),
            stack.result(parts.flatMap(\.values), shape: [k], operation: "svd"),
            stack.result(parts.flatMap(\.vh), shape: [fullMatrices ? n : k, n], operation: "svd"))
}

/// The singular values, descending, of a matrix or of each matrix of a stack `(..., m, n)`:
/// `(..., min(m, n))`. NumPy: `np.linalg.svdvals(a)`, `np.linalg.svd(a, compute_uv=False)`.
/// - Throws: ``LazyArrayError`` as ``svd(_:fullMatrices:)``.
public func svdvals(_ a: NDArray) throws -> NDArray {
    let stack = try MatrixStack(a, operation: "svdvals")
    let parts = try stack.singularValueDecompositions(operation: "svdvals", vectors: false)
    return stack.result(parts.flatMap(\.values), shape: [Swift.min(stack.m, stack.n)], operation: "svdvals")
}

/// The `(..., m, n)` matrices of an array as float64 values on the host, one after another, and
/// the results built from them.
struct MatrixStack {
    let input: NDArray
    /// The leading (stack) axes.
    let batch: [Int]
    let m: Int
    let n: Int
    let values: [Double]
    /// float32 for float32, float64 for every other dtype (NumPy's rule).
    let type: DType

    init(_ a: NDArray, operation: String) throws {
        guard a.ndim >= 2 else {
            throw LazyArrayError(operation, "\(a.ndim)-dimensional array given. Array must be at least two-dimensional")
        }
        input = a
        batch = Array(a.shape.dropLast(2))
        m = a.shape[a.ndim - 2]
        n = a.shape[a.ndim - 1]
        values = a.toArray(Double.self)
        type = LinearSystem.resultType(a.dtype)
    }

    /// How many matrices.
    var count: Int { batch.reduce(1, *) }

    /// Matrix `index`, row-major.
    subscript(index: Int) -> ArraySlice<Double> { values[(index * m * n)..<((index + 1) * m * n)] }

    /// The words an error adds to name matrix `index` of a stack (nothing for a single matrix).
    func which(_ index: Int) -> String { count > 1 ? " (matrix \(index) of the stack)" : "" }

    /// The evaluated result `(batch..., shape...)` of `values` in the stack's result dtype.
    func result(_ values: [Double], shape: [Int], operation: String) -> NDArray {
        NDArray.barrier(LinearSystem.array(values, shape: batch + shape, dtype: type), operation: operation, inputs: [input])
    }

    /// The SVD of each matrix; throws NumPy's "SVD did not converge" for one with NaN or infinity.
    func singularValueDecompositions(operation: String, vectors: Bool, full: Bool = false) throws -> [JacobiSVD] {
        try (0..<count).map { index in
            let matrix = self[index]
            guard matrix.allSatisfy(\.isFinite) else {
                throw LazyArrayError(operation, "SVD did not converge: the array contains NaN or infinity" + which(index))
            }
            return JacobiSVD(matrix, m: m, n: n, vectors: vectors, full: full)
        }
    }
}
