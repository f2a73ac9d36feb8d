import Kernels

extension DistributedArray {
    /// Variance with `ddof` delta degrees of freedom. Along axis 0 or all axes each rank
    /// computes its count, sum and second moment about its own mean (in one pass, with the
    /// engine's shifted one-pass variance), one allgatherv brings every rank's pair to every
    /// rank, and each rank merges them in float64, in rank order, with Chan, Golub and LeVeque's parallel
    /// formula `M2 = M2a + M2b + δ² nₐ n_b / (nₐ + n_b)`, which never subtracts two large
    /// sums, so it is as stable as the one-process two-pass variance. Along other axes it stays
    /// on each rank's rows. NumPy/Heat: `a.var(axis, ddof=, keepdims=)`.
    public func variance(axis: Int? = nil, ddof: Int = 0, keepdims: Bool = false) throws -> DistributedArray {
        try variance(axes: axis.map { [$0] }, ddof: ddof, keepdims: keepdims)
    }

    /// Variance along several axes. NumPy: `a.var(axis=(0, 1), ddof=)`.
    public func variance(axes: [Int]?, ddof: Int = 0, keepdims: Bool = false) throws -> DistributedArray {
        try moments(axes: axes, ddof: ddof, keepdims: keepdims).variance
    }

    /// The standard deviation and the mean together: along axis 0 or all axes from the same one
    /// pass over each rank's rows and the same single collective as ``variance(axes:ddof:keepdims:)``
    /// (the mean is the merge's, in float64, so it can differ from ``mean(axes:keepdims:)`` in
    /// the last bits). What the tour's normalization needs: `(x - mean) / (std + 1e-8)` then makes
    /// two passes over the rows, as on one process, instead of three.
    /// PyTorch: `torch.std_mean(a, dim, correction=ddof, keepdim=)`.
    public func stdMean(axis: Int? = nil, ddof: Int = 0, keepdims: Bool = false) throws -> (std: DistributedArray, mean: DistributedArray) {
        let (variance, mean) = try moments(axes: axis.map { [$0] }, ddof: ddof, keepdims: keepdims)
        return (variance.map { sqrt($0) }, mean)
    }

    /// Variance and mean along `axes` (see ``variance(axes:ddof:keepdims:)``).
    private func moments(axes: [Int]?, ddof: Int, keepdims: Bool) throws -> (variance: DistributedArray, mean: DistributedArray) {
        let resolved = try local.resolveAxes(axes, "var").get()
        guard let split, resolved.contains(0) else {
            let (variance, mean) = try NDArray.checking {
                (local.variance(axes: resolved, ddof: ddof, keepdims: keepdims), local.mean(axes: resolved, keepdims: keepdims))
            }
            return isSharded ? (map { _ in variance }, map { _ in mean }) : (replicated(variance), replicated(mean))
        }
        let otherCount = resolved.dropFirst().reduce(1) { $0 * globalShape[$1] }
        let localCount = local.shape[0] * otherCount
        // Partial sums in the input's float type, as the one-process variance computes them:
        // one pass over the rows for both (float64 partials cost 4x the time at 1e7 float32).
        let parts = try localParts("var") {
            let x = local.astype(Self.floatingType(of: dtype))
            let sum = x.sum(axes: resolved, keepdims: keepdims)
            let secondMoment = localCount > 0 ? x.variance(axes: resolved, keepdims: keepdims) * Double(localCount) : NDArray.zeros(sum.shape, dtype: x.dtype)
            return [sum.astype(.float64), secondMoment.astype(.float64)]
        }
        let elements = parts[0].size
        let gathered = try allgather(parts)
        let counts = split.counts.map { $0 * otherCount }
        let variance = Buffer(byteCount: Swift.max(elements * 8, 1)), mean = Buffer(byteCount: Swift.max(elements * 8, 1))
        withExtendedLifetime(gathered) {
            Self.mergeMoments(gathered.pointer(as: Double.self), elements: elements, counts: counts, ddof: ddof,
                              into: variance.pointer(as: Double.self), means: mean.pointer(as: Double.self))
        }
        let type = Self.floatingType(of: dtype)
        return (replicated(NDArray(packed: variance, shape: parts[0].shape, dtype: .float64).astype(type)),
                replicated(NDArray(packed: mean, shape: parts[0].shape, dtype: .float64).astype(type)))
    }

    /// Standard deviation: the square root of ``variance(axes:ddof:keepdims:)``.
    /// NumPy/Heat: `a.std(axis, ddof=, keepdims=)`.
    public func std(axis: Int? = nil, ddof: Int = 0, keepdims: Bool = false) throws -> DistributedArray {
        try variance(axis: axis, ddof: ddof, keepdims: keepdims).map { sqrt($0) }
    }

    /// Standard deviation along several axes. NumPy: `a.std(axis=(0, 1), ddof=)`.
    public func std(axes: [Int]?, ddof: Int = 0, keepdims: Bool = false) throws -> DistributedArray {
        try variance(axes: axes, ddof: ddof, keepdims: keepdims).map { sqrt($0) }
    }

    /// Merges the ranks' moments: `moments` holds, rank after rank, `elements` sums then
    /// `elements` second moments about the rank's mean; rank `r` counted `counts[r]` values.
    /// Writes `M2 / (n - ddof)` for every element, and its mean into `means`. Ranks without
    /// values are skipped; the merge order is the rank order, so every rank computes the same bits.
    /// Chan, Golub, LeVeque (1979), "Updating formulae and a pairwise algorithm for computing
    /// sample variances".
    static func mergeMoments(_ moments: UnsafePointer<Double>, elements: Int, counts: [Int], ddof: Int,
                             into out: UnsafeMutablePointer<Double>, means: UnsafeMutablePointer<Double>) {
        let total = counts.reduce(0, +)
        for j in 0..<elements {
            var n = 0.0, mean = 0.0, m2 = 0.0
            for (rank, count) in counts.enumerated() where count > 0 {
                let block = moments + rank * 2 * elements
                let nb = Double(count)
                let delta = block[j] / nb - mean
                let merged = n + nb
                mean += delta * nb / merged
                m2 += block[elements + j] + delta * delta * n * nb / merged
                n = merged
            }
            // No values at all: NaN, as the one-process variance of an empty array.
            out[j] = total == 0 ? .nan : m2 / Double(total - ddof)
            means[j] = total == 0 ? .nan : mean
        }
    }
}
