import Kernels

// inv, solve and det: LU factorization with partial pivoting (`LUFactorization`), computed on
// the host when called. They are barriers: the argument is evaluated at the call (a singular
// matrix must throw there, at the user's line, not later inside some `evaluate`) and the result
// is an evaluated array. Stacks of matrices (`(..., n, n)`) are factored one by one.
// float32 in gives float32 out, computed in float64 and rounded once (more accurate than
// LAPACK's `sgetrf`, which NumPy uses for float32); integers and bool give float64.

/// The inverse of a square matrix, or of each matrix of a stack `(..., n, n)`.
/// NumPy: `np.linalg.inv(a)`.
///
/// ```swift
/// do {
///     let ainv = try inv(a)
/// } catch {
///     print(error)   // [inv] singular matrix
/// }
/// ```
/// - Throws: ``LazyArrayError`` `[inv] singular matrix` when a matrix has no inverse (a zero
///   pivot in its LU factorization: NumPy's `LinAlgError: Singular matrix`), or when the last
///   two axes are not square.
public func inv(_ a: NDArray) throws -> NDArray {
    let n = try squareSize(a, operation: "inv")
    let type = LinearSystem.resultType(a.dtype)
    var result: [Double] = []
    let matrices = a.toArray(Double.self)
    for start in stride(from: 0, to: matrices.count, by: max(n * n, 1)) {
        let lu = LUFactorization(matrices[start..<(start + n * n)], n: n)
        guard !lu.isSingular else { throw LinearSystem.singular("inv", stackSize: a.size / max(n * n, 1), index: start / (n * n)) }
        var identity = [Double](repeating: 0, count: n * n)
        for i in 0..<n { identity[i * n + i] = 1 }
        lu.solve(&identity, columns: n)
        result += identity
    }
    return NDArray.barrier(LinearSystem.array(result, shape: a.shape, dtype: type), operation: "inv", inputs: [a])
}

/// The solution `x` of `a @ x = b` for a square `a`. NumPy: `np.linalg.solve(a, b)`.
///
/// `a` is `(..., n, n)`; `b` is a vector `(n,)` (then `x` is `(..., n)`) or a stack of
/// right-hand-side matrices `(..., n, k)` whose batch axes broadcast with `a`'s (NumPy 2 rules).
/// - Throws: ``LazyArrayError`` `[solve] singular matrix` when `a` (or a matrix of its stack)
///   is singular, or a shape error naming both shapes.
public func solve(_ a: NDArray, _ b: NDArray) throws -> NDArray {
    let n = try squareSize(a, operation: "solve")
    let vector = b.ndim == 1
    let rhs = vector ? b.reshape([b.size, 1]) : b
    guard rhs.ndim >= 2, rhs.shape[rhs.ndim - 2] == n else {
        throw LazyArrayError("solve", "b of shape \(describe(b.shape)) does not match a of shape \(describe(a.shape)): it needs \(n) rows")
    }
    let columns = rhs.shape[rhs.ndim - 1]
    let batch: [Int]
    switch broadcastShapes(Array(a.shape.dropLast(2)), Array(rhs.shape.dropLast(2)), operation: "solve") {
    case .failure(let error): throw error
    case .success(let shape): batch = shape
    }
    let matrices = a.broadcast(to: batch + [n, n]).toArray(Double.self)
    let values = rhs.broadcast(to: batch + [n, columns]).toArray(Double.self)
    let count = batch.reduce(1, *)
    var result: [Double] = []
    result.reserveCapacity(values.count)
    for index in 0..<count {
        let lu = LUFactorization(matrices[(index * n * n)..<((index + 1) * n * n)], n: n)
        guard !lu.isSingular else { throw LinearSystem.singular("solve", stackSize: count, index: index) }
        var block = Array(values[(index * n * columns)..<((index + 1) * n * columns)])
        lu.solve(&block, columns: columns)
        result += block
    }
    let type = LinearSystem.resultType(DType.promote(a.dtype, b.dtype))
    return NDArray.barrier(LinearSystem.array(result, shape: vector ? batch + [n] : batch + [n, columns], dtype: type),
                           operation: "solve", inputs: [a, b])
}

/// The determinant of a square matrix, or of each matrix of a stack `(..., n, n)` (0 for a
/// singular matrix, as NumPy gives; the determinant of a 0 x 0 matrix is 1).
/// NumPy: `np.linalg.det(a)`.
/// - Throws: ``LazyArrayError`` when the last two axes are not square.
public func det(_ a: NDArray) throws -> NDArray {
    let n = try squareSize(a, operation: "det")
    let matrices = a.toArray(Double.self)
    let count = a.shape.dropLast(2).reduce(1, *)
    let values = (0..<count).map { index in
        LUFactorization(matrices[(index * n * n)..<((index + 1) * n * n)], n: n).determinant
    }
    return NDArray.barrier(LinearSystem.array(values, shape: Array(a.shape.dropLast(2)), dtype: LinearSystem.resultType(a.dtype)),
                           operation: "det", inputs: [a])
}

/// The size `n` of the `(..., n, n)` matrices of `a`, or the error NumPy raises.
func squareSize(_ a: NDArray, operation: String) throws -> Int {
    guard a.ndim >= 2 else {
        throw LazyArrayError(operation, "\(a.ndim)-dimensional array given. Array must be at least two-dimensional")
    }
    guard a.shape[a.ndim - 1] == a.shape[a.ndim - 2] else {
        throw LazyArrayError(operation, "last 2 dimensions of the array must be square, got shape \(describe(a.shape))")
    }
    return a.shape[a.ndim - 1]
}

/// Shared pieces of `inv`, `solve`, `det` and the decompositions (NDArray+Decompositions.swift).
enum LinearSystem {
    /// float32 stays float32; everything else computes and returns float64 (NumPy's rule).
    static func resultType(_ type: DType) -> DType { type == .float32 ? .float32 : .float64 }

    /// An evaluated array of `values` in `dtype`.
    static func array(_ values: [Double], shape: [Int], dtype: DType) -> NDArray {
        dtype == .float32 ? NDArray(values.map { Float($0) }, shape: shape) : NDArray(values, shape: shape)
    }

    /// The singular-matrix error, naming the matrix of a stack.
    static func singular(_ operation: String, stackSize: Int, index: Int) -> LazyArrayError {
        LazyArrayError(operation, stackSize > 1 ? "singular matrix (matrix \(index) of the stack)" : "singular matrix")
    }
}
