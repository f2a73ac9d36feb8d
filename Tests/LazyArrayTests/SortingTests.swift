import Testing
import LazyArray

/// Properties of sort and argsort beyond the NumPy fixtures (`SortingReferenceTests`): the
/// same bits on 1 and 2 threads at sizes where the threads split one row's radix sort, the
/// results ordered and stable, the gradient through a sort, and the errors of bad arguments.
@Suite(.timeLimit(.minutes(5)))
struct SortingTests {
    /// Standard-normal-like values with ties, NaNs of both signs, +-inf and -0.0 among them.
    static func values(_ count: Int) -> [Float] {
        let generator = RandomGenerator(seed: 7)
        var values = generator.normal([count], dtype: .float32).toArray(Float.self)
        for i in stride(from: 0, to: count, by: 997) { values[i] = [.nan, -.nan, .infinity, -.infinity, -0.0, 0.0, 1.5][i % 7] }
        for i in stride(from: 5, to: count, by: 13) { values[i] = values[i - 5] }
        return values
    }

    @Test(arguments: [[1_000_000], [300, 700], [3, 200_000]])
    func sameBitsOnOneAndTwoThreads(shape: [Int]) {
        let a = NDArray(Self.values(shape.reduce(1, *)), shape: shape)
        for axis in [-1, 0, nil] as [Int?] {
            let one = NDArray.withThreadCount(1) { (a.sort(axis: axis).toArray(Float.self).map(\.bitPattern), a.argsort(axis: axis).toArray(Int.self)) }
            let two = NDArray.withThreadCount(2) { (a.sort(axis: axis).toArray(Float.self).map(\.bitPattern), a.argsort(axis: axis).toArray(Int.self)) }
            #expect(one.0 == two.0, "sort \(shape) axis \(String(describing: axis))")
            #expect(one.1 == two.1, "argsort \(shape) axis \(String(describing: axis))")
        }
    }

    @Test func sortedStableAndAPermutation() {
        let values = Self.values(400_000).map(Double.init)
        let a = NDArray(values)
        let order = NDArray.withThreadCount(2) { a.argsort().toArray(Int.self) }
        let sorted = NDArray.withThreadCount(2) { a.sort().toArray(Double.self) }
        #expect(Set(order).count == values.count)
        // NumPy's order: NaN last; ties (-0.0 == 0.0, NaN == NaN) in input order.
        var ordered = true
        for k in 1..<order.count {
            let (p, q) = (values[order[k - 1]], values[order[k]])
            let tie = p == q || (p.isNaN && q.isNaN)
            if (p.isNaN && !q.isNaN) || (!p.isNaN && !q.isNaN && p > q) || (tie && order[k - 1] > order[k]) { ordered = false }
        }
        #expect(ordered)
        #expect(zip(sorted, order).allSatisfy { $0.bitPattern == values[$1].bitPattern })
    }

    @Test func gradientGoesBackToTheSortedPositions() {
        let x = NDArray([[3.0, 1, 2], [0, -1, 5]])
        let weights = NDArray([[10.0, 20, 30], [1, 2, 3]])
        let gradient = grad { (x: NDArray) -> NDArray in (x.sort(axis: 1) * weights).sum() }(x)
        // Row 0 sorts to [1 2 3] (from positions 1 2 0), row 1 to [-1 0 5] (from 1 0 2).
        #expect(gradient.toArray(Double.self) == [30, 10, 20, 2, 1, 3])
    }

    @Test func badArgumentsAreErrorsNamingTheOperation() {
        let a = NDArray([[1.0, 2], [3, 4]])
        let attempts: [(String, () -> Void)] = [
            ("[sort] axis 2 is out of bounds", { _ = a.sort(axis: 2) }),
            ("[argsort] axis -3 is out of bounds", { _ = a.argsort(axis: -3) }),
            ("[quantile] Quantiles must be in the range [0, 1]", { _ = quantile(a, 1.5) }),
            ("[percentile] Percentiles must be in the range [0, 100]", { _ = percentile(a, -1) }),
            ("[quantile] numpy boolean subtract", { _ = quantile(a .> 2, 0.5) }),
            ("[quantile] index -1 is out of bounds for axis 0 with size 0", { _ = quantile(NDArray([Double]()), 0.5) }),
            ("[median] axis 2 is out of bounds", { _ = median(a, axis: 2) }),
            ("[bincount] 'list' argument must have no negative elements", { _ = bincount(NDArray([1, -1])) }),
            ("[bincount] Cannot cast array data from dtype('float64')", { _ = bincount(NDArray([1.0])) }),
            ("[bincount] x must be 1-D", { _ = bincount(NDArray([[1, 2]])) }),
            ("[bincount] The weights and list don't have the same length", { _ = bincount(NDArray([1, 2]), weights: NDArray([1.0])) }),
            ("[histogram] autodetected range of [nan, nan] is not finite", { _ = histogram(NDArray([1.0, .nan])) }),
            ("[histogram] `bins` must increase monotonically", { _ = histogram(a, bins: NDArray([1.0, 0])) }),
            ("[histogram] `bins` must be positive", { _ = histogram(a, bins: 0) }),
            ("[histogram] max must be larger than min", { _ = histogram(a, bins: 2, range: (1, 0)) }),
            ("[nonzero] Calling nonzero on 0d arrays is not allowed", { _ = nonzero(NDArray(1.0)) }),
            ("[searchsorted] a must be 1-D", { _ = searchsorted(a, NDArray([1.0])) }),
            // The newer dtypes: uint64 past Int64.max is negative as NumPy's intp, half types
            // are not integers, and float16 edges that round together are too many bins.
            ("[bincount] 'list' argument must have no negative elements", { _ = bincount(NDArray([UInt64(1), UInt64.max])) }),
            ("[bincount] Cannot cast array data from dtype('float16')", { _ = bincount(NDArray([1.0]).astype(.float16)) }),
            ("[bincount] Cannot cast array data from dtype('bfloat16')", { _ = bincount(NDArray([1.0]).astype(.bfloat16)) }),
            ("[histogram] autodetected range of [nan, nan] is not finite", { _ = histogram(NDArray([1.0, .nan]).astype(.bfloat16)) }),
            ("[histogram] Too many bins for data range. Cannot create 5000 finite-sized bins.",
             { _ = histogram(NDArray([1.0, 1.001]).astype(.float16), bins: 5000) }),
            ("[quantile] numpy boolean subtract", { _ = quantile(NDArray([true, false]), [0.5]) }),
        ]
        for (message, attempt) in attempts {
            do {
                try NDArray.checking(attempt)
                Issue.record("no error for \(message)")
            } catch {
                #expect(String(describing: error).hasPrefix(message), "\(error)")
            }
        }
    }
}
