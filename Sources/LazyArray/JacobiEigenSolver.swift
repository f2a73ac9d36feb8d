/// The eigenvalues and eigenvectors of one symmetric `n x n` matrix by cyclic Jacobi, in
/// `Double` on the host: `A = V diag(w) Vᵀ`, `w` ascending, `V` orthogonal.
///
/// NumPy equivalent: LAPACK `dsyevd` (behind `np.linalg.eigh`), which tridiagonalizes first.
/// Jacobi is simpler and more accurate (Demmel and Veselić 1992), and fast enough for the small
/// and medium matrices these functions are for. Each rotation `Jᵀ A J` zeroes one off-diagonal
/// pair; a sweep visits every pair once, and sweeps repeat until none rotates. Backward stable:
/// a sweep touches each row and column `2(n - 1)` times, each a plane rotation, so it adds at
/// most `2(n - 1) γ_6 ||A||_F` (Higham, Lemma 19.9).
struct JacobiEigenSolver {
    /// The eigenvalues, ascending.
    private(set) var values: [Double] = []
    /// The eigenvectors as the columns of an `n x n` row-major matrix; empty when only values
    /// were asked for.
    private(set) var vectors: [Double] = []
    /// The sweeps it took (the last one rotating nothing).
    private(set) var sweeps = 0

    /// Decomposes the symmetric `n x n` row-major `matrix`, which must be finite (both triangles
    /// are read: the caller mirrors the one it means).
    init(_ matrix: [Double], n: Int, vectors wantVectors: Bool) {
        let scale = powerOfTwoScale(matrix)
        var a = matrix.map { $0 * scale }
        var frobenius = 0.0
        for v in a { frobenius += v * v }
        // Pairs below eps² ||A|| are left: that is far under the backward error of the
        // rotations themselves, and stops a sweep loop over rounding noise near a zero diagonal.
        let floor = Double.ulpOfOne * Double.ulpOfOne * frobenius.squareRoot()
        var vt = [Double](repeating: 0, count: wantVectors ? n * n : 0)
        for i in 0..<(wantVectors ? n : 0) { vt[i * n + i] = 1 }
        var sweeps = 0
        a.withUnsafeMutableBufferPointer { a in
            vt.withUnsafeMutableBufferPointer { vt in
                var rotated = true
                while rotated && sweeps < JacobiSVD.sweepLimit {
                    rotated = false
                    sweeps += 1
                    for p in 0..<Swift.max(n - 1, 0) {
                        for q in (p + 1)..<n {
                            let apq = a[p * n + q], app = a[p * n + p], aqq = a[q * n + q]
                            guard Swift.abs(apq) > Swift.max(Double.ulpOfOne * (Swift.abs(app) * Swift.abs(aqq)).squareRoot(), floor) else {
                                continue
                            }
                            rotated = true
                            let (c, s, t) = jacobiRotation(theta: (aqq - app) / (2 * apq))
                            a[p * n + p] = app - t * apq
                            a[q * n + q] = aqq + t * apq
                            a[p * n + q] = 0
                            a[q * n + p] = 0
                            // Rows p and q are columns p and q too (symmetry): read along the rows.
                            for r in 0..<n where r != p && r != q {
                                let arp = a[p * n + r], arq = a[q * n + r]
                                let newP = c * arp - s * arq, newQ = s * arp + c * arq
                                a[p * n + r] = newP
                                a[r * n + p] = newP
                                a[q * n + r] = newQ
                                a[r * n + q] = newQ
                            }
                            // V J: the eigenvectors are kept as the rows of Vᵀ, contiguous.
                            if !vt.isEmpty { rotate(vt, p * n, q * n, count: n, c: c, s: s) }
                        }
                    }
                }
            }
        }
        self.sweeps = sweeps
        let diagonal = (0..<n).map { a[$0 * n + $0] }
        let order = (0..<n).sorted { diagonal[$0] < diagonal[$1] || (diagonal[$0] == diagonal[$1] && $0 < $1) }
        values = order.map { diagonal[$0] / scale }
        if wantVectors { vectors = transpose(order.flatMap { vt[($0 * n)..<(($0 + 1) * n)] }, rows: n, columns: n) }
    }
}
