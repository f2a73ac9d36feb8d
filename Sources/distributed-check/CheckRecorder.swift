import LazyArray

/// Counts and reports the comparisons of one rank: distributed results against the
/// one-process engine run on the same generated data on this rank.
final class CheckRecorder {
    let rank: Int
    private(set) var passed = 0
    private(set) var failures: [String] = []

    init(rank: Int) { self.rank = rank }

    /// Records a failure unless `got` has the shape and dtype of `want` and every element is
    /// within `tolerance` (elementwise, broadcast; nil means bit for bit, NaN equal to NaN).
    func expect(_ name: String, _ got: NDArray, _ want: NDArray, tolerance: NDArray? = nil) {
        guard got.shape == want.shape, got.dtype == want.dtype else {
            return fail("\(name): got shape \(got.shape) \(got.dtype), want \(want.shape) \(want.dtype)")
        }
        if tolerance == nil && want.dtype == .int64 {
            return got.toArray(Int.self) == want.toArray(Int.self) ? pass() : fail("\(name): integers differ")
        }
        let g = got.toArray(Double.self), w = want.toArray(Double.self)
        let t = tolerance.map { $0.broadcast(to: want.shape).toArray(Double.self) }
        for i in g.indices {
            let same = g[i].bitPattern == w[i].bitPattern || (g[i].isNaN && w[i].isNaN)
            if same { continue }
            if let t, Swift.abs(g[i] - w[i]) <= t[i] { continue }
            return fail("\(name): element \(i) is \(g[i]), want \(w[i])" + (t.map { " within \($0[i])" } ?? " bit for bit"))
        }
        pass()
    }

    /// Records whether `condition` held.
    func expect(_ name: String, _ condition: Bool) {
        condition ? pass() : fail(name)
    }

    private func pass() { passed += 1 }
    private func fail(_ message: String) { failures.append("rank \(rank): \(message)") }
}
