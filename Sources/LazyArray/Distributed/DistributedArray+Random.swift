import Kernels
extension RandomGenerator {
    /// Normal samples of `shape`, sharded along axis 0 over `communicator`: every rank draws
    /// only its rows, and they are bit for bit the rows of `normal(shape, ...)` in one process
    /// with the same seed (element `i` is a function of the key and counter `i` alone). Every
    /// rank's generator advances by the whole sample, so later draws stay in step. Seed every
    /// rank's generator alike. Heat: `ht.random.randn(*shape, split=0)` (a different stream).
    public func normal(_ shape: [Int], mean: Double = 0, std: Double = 1, dtype: DType = .float64,
                       over communicator: any Communicator) -> DistributedArray {
        DistributedArray.sampled(shape, communicator) { normal(shape, mean: mean, std: std, dtype: dtype, rows: $0) }
    }

    /// Uniform samples in `[low, high)` of `shape`, sharded like ``normal(_:mean:std:dtype:over:)``.
    /// Heat: `ht.random.rand(*shape, split=0)`.
    public func uniform(_ shape: [Int], low: Double = 0, high: Double = 1, dtype: DType = .float64,
                        over communicator: any Communicator) -> DistributedArray {
        DistributedArray.sampled(shape, communicator) { uniform(shape, low: low, high: high, dtype: dtype, rows: $0) }
    }

    /// Uniform integers in `[low, high)` of `shape`, sharded like ``normal(_:mean:std:dtype:over:)``.
    /// Heat: `ht.random.randint(low, high, shape, split=0)`.
    public func randint(_ low: Int, _ high: Int, shape: [Int], dtype: DType = .int64,
                        over communicator: any Communicator) -> DistributedArray {
        DistributedArray.sampled(shape, communicator) { randint(low, high, shape: shape, dtype: dtype, rows: $0) }
    }

    /// True with probability `p`, sharded like ``normal(_:mean:std:dtype:over:)``.
    /// NumPy: `rng.random(shape) < p`.
    public func bernoulli(_ shape: [Int], p: Double, over communicator: any Communicator) -> DistributedArray {
        DistributedArray.sampled(shape, communicator) { bernoulli(shape, p: p, rows: $0) }
    }
}

extension DistributedArray {
    /// A sample of `shape` whose rows `draw` makes for one rank. A 0-d sample is drawn whole on
    /// every rank (the same number everywhere: a replicated array).
    static func sampled(_ shape: [Int], _ communicator: any Communicator, _ draw: (Range<Int>?) -> NDArray) -> DistributedArray {
        guard let rows = shape.first, shape.allSatisfy({ $0 >= 0 }) else {
            return DistributedArray(replicating: draw(nil), over: communicator)
        }
        let split = RowSplit(rows: rows, ranks: communicator.size)
        return DistributedArray(local: draw(split.range(of: communicator.rank)), globalShape: shape, split: split, communicator: communicator)
    }
}
