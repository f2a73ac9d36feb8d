/// The singular value decomposition `A = U diag(s) Vh` of one `m x n` row-major matrix by
/// one-sided (Hestenes) Jacobi, in `Double` on the host.
///
/// NumPy equivalent: LAPACK `dgesdd` (behind `np.linalg.svd`), which bidiagonalizes; one-sided
/// Jacobi is simpler and at least as accurate (Demmel and Veselić 1992: it finds even small
/// singular values to high relative accuracy), and fast enough for the small and medium matrices
/// these functions are for. The `k = min(m, n)` rows of `W` (the columns of a tall `A`, the rows
/// of a wide one) are rotated in pairs until every pair is orthogonal to working precision; the
/// rotations, accumulated in `Z`, are exact orthogonal transforms up to rounding, so the result
/// is backward stable: each sweep adds at most `(k - 1) γ_6 ||A||_F` (Higham, Lemma 19.9).
struct JacobiSVD {
    /// The singular values, descending (`min(m, n)` of them).
    private(set) var values: [Double] = []
    /// `U`, `m x m` (full) or `m x k`, row-major; empty when only values were asked for.
    private(set) var u: [Double] = []
    /// `Vh`, `n x n` (full) or `k x n`, row-major; empty when only values were asked for.
    private(set) var vh: [Double] = []
    /// The sweeps over all pairs it took (the last one rotating nothing): what the backward
    /// error bound grows with.
    private(set) var sweeps = 0

    /// More sweeps than this never happen for finite input (convergence is quadratic; 6 to 12
    /// sweeps are usual); the cap only stops a loop that rounding could otherwise keep alive.
    static let sweepLimit = 60

    /// Decomposes the `m x n` row-major `matrix`, which must be finite; `vectors: false` computes
    /// the values only, `full` gives square `U` and `Vh` (NumPy's `full_matrices=True`).
    init(_ matrix: ArraySlice<Double>, m: Int, n: Int, vectors: Bool, full: Bool = false) {
        let tall = m >= n
        let k = Swift.min(m, n), length = Swift.max(m, n)
        let scale = powerOfTwoScale(matrix)
        var w = [Double](repeating: 0, count: k * length)
        if tall {
            for i in 0..<m { for j in 0..<n { w[j * length + i] = matrix[matrix.startIndex + i * n + j] * scale } }
        } else {
            for (i, v) in matrix.enumerated() { w[i] = v * scale }
        }
        var z = [Double](repeating: 0, count: vectors ? k * k : 0)
        if vectors { for i in 0..<k { z[i * k + i] = 1 } }
        sweeps = Self.orthogonalizeRows(&w, rows: k, length: length, accumulating: &z)

        var norms = [Double](repeating: 0, count: k)
        for j in 0..<k {
            var s = 0.0
            for i in 0..<length { s += w[j * length + i] * w[j * length + i] }
            norms[j] = s.squareRoot()
        }
        let order = (0..<k).sorted { norms[$0] > norms[$1] || (norms[$0] == norms[$1] && $0 < $1) }
        values = order.map { norms[$0] / scale }
        guard vectors else { return }

        // Y: the rows of W normalized (the singular vectors on W's side), sorted; rows of zero
        // norm carry no direction, so they and (for full matrices) the rows past k are an
        // orthonormal basis of the complement, from the complete Q of a QR of the others.
        let rows = full ? length : k
        var y = [Double](repeating: 0, count: rows * length)
        let valid = order.prefix { norms[$0] > 0 }.count
        for (row, j) in order.prefix(valid).enumerated() {
            let inverse = 1 / norms[j]
            for i in 0..<length { y[row * length + i] = w[j * length + i] * inverse }
        }
        if valid < rows {
            var spanned = [Double](repeating: 0, count: length * valid)
            for c in 0..<valid { for i in 0..<length { spanned[i * valid + c] = y[c * length + i] } }
            let basis = HouseholderQR(spanned[...], m: length, n: valid).q(columns: length)
            for row in valid..<rows { for i in 0..<length { y[row * length + i] = basis[i * length + row] } }
        }
        let sortedZ = order.flatMap { z[($0 * k)..<(($0 + 1) * k)] }
        // W = Zᵀ diag(s) Y, and W is Aᵀ (tall) or A (wide).
        if tall {
            u = transpose(y, rows: rows, columns: length)
            vh = sortedZ
        } else {
            u = transpose(sortedZ, rows: k, columns: k)
            vh = y
        }
    }

    /// Rotates pairs of the `rows x length` row-major `w` (and the same rows of the
    /// `rows x rows` `z`, when not empty) until each pair is orthogonal within
    /// `length · eps · ||w_p|| ||w_q||` (the rounding noise of their inner product, so the test
    /// can be met); returns the sweeps taken.
    private static func orthogonalizeRows(_ w: inout [Double], rows: Int, length: Int, accumulating z: inout [Double]) -> Int {
        let tolerance = Double(length) * Double.ulpOfOne
        let accumulate = !z.isEmpty
        var sweeps = 0
        w.withUnsafeMutableBufferPointer { w in
            z.withUnsafeMutableBufferPointer { z in
                var rotated = true
                while rotated && sweeps < sweepLimit {
                    rotated = false
                    sweeps += 1
                    for p in 0..<Swift.max(rows - 1, 0) {
                        for q in (p + 1)..<rows {
                            var alpha = 0.0, beta = 0.0, gamma = 0.0
                            for i in 0..<length {
                                let a = w[p * length + i], b = w[q * length + i]
                                alpha += a * a
                                beta += b * b
                                gamma += a * b
                            }
                            // A row whose squares underflow to 0 is negligible (below 1e-154 of the
                            // largest element, after the scaling): left as it is.
                            guard alpha > 0, beta > 0,
                                  Swift.abs(gamma) > tolerance * alpha.squareRoot() * beta.squareRoot() else { continue }
                            rotated = true
                            let (c, s, _) = jacobiRotation(theta: (beta - alpha) / (2 * gamma))
                            rotate(w, p * length, q * length, count: length, c: c, s: s)
                            if accumulate { rotate(z, p * rows, q * rows, count: rows, c: c, s: s) }
                        }
                    }
                }
            }
        }
        return sweeps
    }
}

/// The cosine and sine of the Jacobi rotation for `theta = (a_qq - a_pp) / (2 a_pq)`: the
/// smaller root `t` of `t² + 2 theta t - 1 = 0` (Rutishauser's choice, the angle at most π/4,
/// which is what makes cyclic Jacobi converge), `c = 1 / sqrt(1 + t²)`, `s = c t`, and `t`.
func jacobiRotation(theta: Double) -> (c: Double, s: Double, t: Double) {
    // For a huge theta, theta² would overflow; then t = 1 / (2 theta) to working precision.
    let t = Swift.abs(theta) > 1e150 ? 0.5 / theta
        : Double(signOf: theta, magnitudeOf: 1) / (Swift.abs(theta) + (theta * theta + 1).squareRoot())
    let c = 1 / (t * t + 1).squareRoot()
    return (c, c * t, t)
}

/// Rows `p` and `q` (offsets into `x`) become `c x_p - s x_q` and `s x_p + c x_q`.
@inline(__always)
func rotate(_ x: UnsafeMutableBufferPointer<Double>, _ p: Int, _ q: Int, count: Int, c: Double, s: Double) {
    for i in 0..<count {
        let a = x[p + i], b = x[q + i]
        x[p + i] = c * a - s * b
        x[q + i] = s * a + c * b
    }
}

/// The transpose of a `rows x columns` row-major matrix.
func transpose(_ x: [Double], rows: Int, columns: Int) -> [Double] {
    var result = [Double](repeating: 0, count: x.count)
    for i in 0..<rows { for j in 0..<columns { result[j * rows + i] = x[i * columns + j] } }
    return result
}
