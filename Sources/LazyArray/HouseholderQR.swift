/// The Householder QR factorization of one `m x n` row-major matrix, in `Double` on the host:
/// `A = Q R` with `Q` orthogonal, the product of `k = min(m, n)` reflectors
/// `H_j = I - tau_j v_j v_jᵀ`, and `R` upper triangular.
///
/// NumPy equivalent: LAPACK `dgeqrf` + `dorgqr` (behind `np.linalg.qr`). The same reflectors
/// (`beta = -sign(alpha) ||x||`, as `dlarfg` makes them), unblocked: these are small-matrix
/// conveniences computed at the call. Backward stable: `Q R = A + E` with
/// `||e_j|| <= c m n u ||a_j||` for each column (Higham, Theorem 19.4).
struct HouseholderQR {
    let m: Int
    let n: Int
    /// `R` on and above the diagonal; below it, each reflector's `v` (its leading 1 implied).
    private var factors: [Double]
    private var tau: [Double]
    /// The power of two the matrix was scaled by (sums of squares then neither overflow nor
    /// underflow); `R` is unscaled when read, `Q` does not depend on it.
    private let scale: Double

    /// Factors the `m x n` row-major `matrix`.
    init(_ matrix: ArraySlice<Double>, m: Int, n: Int) {
        self.m = m
        self.n = n
        let k = Swift.min(m, n)
        let scale = powerOfTwoScale(matrix)
        var factors = matrix.map { $0 * scale }
        var tau = [Double](repeating: 0, count: k)
        var w = [Double](repeating: 0, count: n)
        factors.withUnsafeMutableBufferPointer { a in
            for j in 0..<k {
                var tail = 0.0
                for i in (j + 1)..<m { tail += a[i * n + j] * a[i * n + j] }
                // Nothing below the diagonal: H_j = I (LAPACK's tau = 0).
                guard tail != 0 else { continue }
                let alpha = a[j * n + j]
                let beta = -Double(signOf: alpha, magnitudeOf: (alpha * alpha + tail).squareRoot())
                tau[j] = (beta - alpha) / beta
                let inverse = 1 / (alpha - beta)
                for i in (j + 1)..<m { a[i * n + j] *= inverse }
                a[j * n + j] = beta
                guard j + 1 < n else { continue }
                // A[j:, j+1:] -= tau v (vᵀ A[j:, j+1:]), row by row so both passes run along rows.
                for c in (j + 1)..<n { w[c] = a[j * n + c] }
                for i in (j + 1)..<m {
                    let v = a[i * n + j]
                    for c in (j + 1)..<n { w[c] += v * a[i * n + c] }
                }
                let t = tau[j]
                for c in (j + 1)..<n { a[j * n + c] -= t * w[c] }
                for i in (j + 1)..<m {
                    let f = t * a[i * n + j]
                    for c in (j + 1)..<n { a[i * n + c] -= f * w[c] }
                }
            }
        }
        self.scale = scale
        self.factors = factors
        self.tau = tau
    }

    /// The first `rows` rows of `R` (`rows x n`, row-major; rows past `k` are zero).
    func r(rows: Int) -> [Double] {
        var result = [Double](repeating: 0, count: rows * n)
        for i in 0..<Swift.min(rows, m) {
            for c in i..<n { result[i * n + c] = factors[i * n + c] / scale }
        }
        return result
    }

    /// The first `columns` columns of `Q` (`m x columns`, row-major, `columns <= m`): the
    /// reflectors applied to the identity's columns, last first (as `dorg2r`).
    func q(columns: Int) -> [Double] {
        var q = [Double](repeating: 0, count: m * columns)
        for i in 0..<Swift.min(m, columns) { q[i * columns + i] = 1 }
        var w = [Double](repeating: 0, count: columns)
        factors.withUnsafeBufferPointer { a in
            q.withUnsafeMutableBufferPointer { q in
                for j in stride(from: Swift.min(m, n) - 1, through: 0, by: -1) where tau[j] != 0 {
                    // Columns before j are still e_c there, which H_j leaves alone.
                    guard j < columns else { continue }
                    for c in j..<columns { w[c] = q[j * columns + c] }
                    for i in (j + 1)..<m {
                        let v = a[i * n + j]
                        for c in j..<columns { w[c] += v * q[i * columns + c] }
                    }
                    let t = tau[j]
                    for c in j..<columns { q[j * columns + c] -= t * w[c] }
                    for i in (j + 1)..<m {
                        let f = t * a[i * n + j]
                        for c in j..<columns { q[i * columns + c] -= f * w[c] }
                    }
                }
            }
        }
        return q
    }
}

/// The power of two that brings the largest magnitude of `values` into `[1, 2)`, so that sums of
/// squares of the scaled values can neither overflow nor lose everything to underflow; scaling
/// by it is exact. 1 when the values are all zero or not all finite (NaN and inf propagate).
func powerOfTwoScale<C: Collection>(_ values: C) -> Double where C.Element == Double {
    var largest = 0.0
    for v in values { largest = Swift.max(largest, Swift.abs(v)) }
    guard largest.isFinite, largest > 0 else { return 1 }
    // Capped so that the scale of a subnormal largest value stays finite.
    return Double(sign: .plus, exponent: Swift.min(-largest.exponent, 1000), significand: 1)
}
