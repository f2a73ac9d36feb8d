// lstsq, pinv and matrixRank: from the SVD (JacobiSVD.swift), as NumPy's are (LAPACK gelsd and
// its own svd). Barriers like the decompositions (NDArray+Decompositions.swift), with the same
// dtype rule: float32 in gives float32 out, computed in float64; the rank cutoffs use the
// machine epsilon of the result dtype, as NumPy's do, so that float32 input gets NumPy's ranks.

/// The least-squares solution `x` minimizing `||b - a @ x||`, the minimum-norm one when `a` does
/// not have full rank. NumPy: `np.linalg.lstsq(a, b)` (its `rcond=None`).
///
/// `a` is `(m, n)`, `b` is `(m,)` or `(m, k)`; `solution` is `(n,)` or `(n, k)`. Singular values
/// below `rcond` times the largest count as zero; `nil` means `eps · max(m, n)`, `eps` that of the
/// result dtype. `residuals` holds the squared 2-norm of each column of `b - a @ x` (`(1,)` for a
/// vector `b`) when the rank is `n` and `m > n`, and is empty otherwise; `singularValues` are `a`'s,
/// descending.
///
/// ```swift
/// let fit = try lstsq(a, b)
/// print(fit.solution, fit.rank)
/// ```
/// - Throws: ``LazyArrayError`` when `a` is not two-dimensional, `b`'s rows do not match `a`'s, or
///   `a` has NaN or infinity (NumPy: `SVD did not converge in Linear Least Squares`).
public func lstsq(_ a: NDArray, _ b: NDArray, rcond: Double? = nil)
    throws -> (solution: NDArray, residuals: NDArray, rank: Int, singularValues: NDArray) {
    guard a.ndim == 2 else {
        throw LazyArrayError("lstsq", "\(a.ndim)-dimensional array given. Array must be two-dimensional")
    }
    let m = a.shape[0], n = a.shape[1]
    guard (1...2).contains(b.ndim), b.shape[0] == m else {
        throw LazyArrayError("lstsq", "b of shape \(describe(b.shape)) does not match a of shape \(describe(a.shape)): it needs \(m) rows and 1 or 2 dimensions")
    }
    let columns = b.ndim == 2 ? b.shape[1] : 1
    let matrix = a.toArray(Double.self), rhs = b.toArray(Double.self)
    guard matrix.allSatisfy(\.isFinite) else {
        throw LazyArrayError("lstsq", "SVD did not converge in Linear Least Squares: a contains NaN or infinity")
    }
    let type = LinearSystem.resultType(DType.promote(a.dtype, b.dtype))
    let svd = JacobiSVD(matrix[...], m: m, n: n, vectors: true)
    let k = Swift.min(m, n)
    let cutoff = (rcond ?? machineEpsilon(type) * Double(Swift.max(m, n))) * (svd.values.first ?? 0)
    let rank = svd.values.prefix { $0 > cutoff }.count
    // x = sum over the kept i of v_i (u_iᵀ b) / s_i.
    var x = [Double](repeating: 0, count: n * columns)
    for i in 0..<rank {
        for c in 0..<columns {
            var projection = 0.0
            for r in 0..<m { projection += svd.u[r * k + i] * rhs[r * columns + c] }
            projection /= svd.values[i]
            for j in 0..<n { x[j * columns + c] += svd.vh[i * n + j] * projection }
        }
    }
    var residuals: [Double] = []
    if rank == n && m > n {
        residuals = (0..<columns).map { c in
            var total = 0.0
            for r in 0..<m {
                var fitted = 0.0
                for j in 0..<n { fitted += matrix[r * n + j] * x[j * columns + c] }
                total += (rhs[r * columns + c] - fitted) * (rhs[r * columns + c] - fitted)
            }
            return total
        }
    }
    let inputs = [a, b]
    func result(_ values: [Double], _ shape: [Int]) -> NDArray {
        NDArray.barrier(LinearSystem.array(values, shape: shape, dtype: type), operation: "lstsq", inputs: inputs)
    }
    return (result(x, b.ndim == 2 ? [n, columns] : [n]), result(residuals, [residuals.count]), rank,
            result(svd.values, [k]))
}

/// The Moore-Penrose pseudo-inverse of a matrix, or of each matrix of a stack `(..., m, n)`:
/// `(..., n, m)`, `v diag(1/s) uᵀ` over the singular values above `rcond` times the largest
/// (the others count as zero). NumPy: `np.linalg.pinv(a)`, `np.linalg.pinv(a, rcond=...)` (the
/// same default, `1e-15`).
/// - Throws: ``LazyArrayError`` as ``svd(_:fullMatrices:)``.
public func pinv(_ a: NDArray, rcond: Double = 1e-15) throws -> NDArray {
    let stack = try MatrixStack(a, operation: "pinv")
    let m = stack.m, n = stack.n, k = Swift.min(m, n)
    var result: [Double] = []
    result.reserveCapacity(stack.count * m * n)
    for svd in try stack.singularValueDecompositions(operation: "pinv", vectors: true) {
        let cutoff = rcond * (svd.values.first ?? 0)
        var inverse = [Double](repeating: 0, count: n * m)
        for l in 0..<k where svd.values[l] > cutoff {
            let reciprocal = 1 / svd.values[l]
            for i in 0..<n {
                let v = svd.vh[l * n + i] * reciprocal
                for j in 0..<m { inverse[i * m + j] += v * svd.u[j * k + l] }
            }
        }
        result += inverse
    }
    return stack.result(result, shape: [n, m], operation: "pinv")
}

/// The rank of a matrix, or of each matrix of a stack `(..., m, n)` (an int64 array of the stack's
/// shape): the number of singular values above `tol`, by default `s.max() · max(m, n) · eps` with
/// `eps` that of the float dtype (float32's for float32, else float64's). An array of fewer than
/// two dimensions has rank 1 unless all its elements are zero. NumPy: `np.linalg.matrix_rank(a)`,
/// `np.linalg.matrix_rank(a, tol=...)`.
/// - Throws: ``LazyArrayError`` as ``svd(_:fullMatrices:)``.
public func matrixRank(_ a: NDArray, tol: Double? = nil) throws -> NDArray {
    guard a.ndim >= 2 else {
        let rank = a.toArray(Double.self).contains { $0 != 0 } ? 1 : 0
        return NDArray.barrier(NDArray([Int64(rank)], shape: []), operation: "matrixRank", inputs: [a])
    }
    let stack = try MatrixStack(a, operation: "matrixRank")
    let ranks = try stack.singularValueDecompositions(operation: "matrixRank", vectors: false).map { svd in
        let threshold = tol ?? (svd.values.first ?? 0) * Double(Swift.max(stack.m, stack.n)) * machineEpsilon(stack.type)
        return Int64(svd.values.filter { $0 > threshold }.count)
    }
    return NDArray.barrier(NDArray(ranks, shape: stack.batch), operation: "matrixRank", inputs: [a])
}

/// NumPy's `np.finfo(dtype).eps` of a result dtype (float32 or float64).
private func machineEpsilon(_ type: DType) -> Double {
    type == .float32 ? Double(Float.ulpOfOne) : Double.ulpOfOne
}
