/// The LU factorization with partial pivoting of one square matrix, in `Double` on the host:
/// `P A = L U`, with `L` unit lower triangular and `U` upper triangular, stored together.
///
/// NumPy equivalent: LAPACK `dgetrf` (behind `np.linalg.solve`, `inv`, `det`). The same
/// algorithm (right-looking, the largest magnitude in each column as the pivot), unblocked:
/// these are small-matrix conveniences computed at the call, not kernels.
struct LUFactorization {
    /// Rows of the (square) matrix.
    let n: Int
    /// `L` below the diagonal (its unit diagonal implied) and `U` on and above, row-major.
    private(set) var factors: [Double]
    /// Row `j` was swapped with row `pivots[j]` at step `j`.
    private(set) var pivots: [Int]
    /// Whether the row swaps compose an odd permutation (the determinant's sign flips).
    private(set) var oddPermutation = false
    /// Whether some column had no nonzero pivot: `A` is singular, `U` has a zero on its diagonal.
    private(set) var isSingular = false

    /// Factors the `n x n` row-major `matrix`.
    init(_ matrix: ArraySlice<Double>, n: Int) {
        self.n = n
        factors = Array(matrix)
        pivots = Array(0..<n)
        for j in 0..<n {
            var pivot = j
            for i in (j + 1)..<n where abs(factors[i * n + j]) > abs(factors[pivot * n + j]) { pivot = i }
            // An exactly zero pivot column is what LAPACK reports as singular (info > 0); a
            // merely tiny pivot is not, there as here.
            guard factors[pivot * n + j] != 0 else {
                isSingular = true
                continue
            }
            if pivot != j {
                for c in 0..<n { factors.swapAt(j * n + c, pivot * n + c) }
                pivots[j] = pivot
                oddPermutation.toggle()
            }
            let diagonal = factors[j * n + j]
            for i in (j + 1)..<n {
                let factor = factors[i * n + j] / diagonal
                factors[i * n + j] = factor
                if factor == 0 { continue }
                for c in (j + 1)..<n { factors[i * n + c] -= factor * factors[j * n + c] }
            }
        }
    }

    /// The determinant: the product of `U`'s diagonal, negated for an odd permutation
    /// (exactly 0 for a singular matrix, as NumPy gives).
    var determinant: Double {
        var product: Double = oddPermutation ? -1 : 1
        for j in 0..<n { product *= factors[j * n + j] }
        return product
    }

    /// Solves `A X = B` for the `n x columns` row-major `rhs`, in place. Only for a
    /// factorization that is not singular.
    func solve(_ rhs: inout [Double], columns: Int) {
        precondition(!isSingular, "[solve] singular matrix")
        for j in 0..<n where pivots[j] != j {
            for c in 0..<columns { rhs.swapAt(j * columns + c, pivots[j] * columns + c) }
        }
        // L Y = P B (unit diagonal), then U X = Y.
        for i in 0..<n {
            for p in 0..<i where factors[i * n + p] != 0 {
                for c in 0..<columns { rhs[i * columns + c] -= factors[i * n + p] * rhs[p * columns + c] }
            }
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            for p in (i + 1)..<n where factors[i * n + p] != 0 {
                for c in 0..<columns { rhs[i * columns + c] -= factors[i * n + p] * rhs[p * columns + c] }
            }
            let diagonal = factors[i * n + i]
            for c in 0..<columns { rhs[i * columns + c] /= diagonal }
        }
    }
}
