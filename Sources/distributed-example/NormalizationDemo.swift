import LazyArray

/// The tour's "normalization" and "a linear layer" steps (docs/tour.md) on a sharded data set.
struct NormalizationDemo {
    let communicator: any Communicator

    func run(rows: Int, features: Int, data: String?) throws {
        // Every rank holds only its rows: read from a .npy file, or drawn as the same numbers
        // one process would draw for those rows.
        let rng = RandomGenerator(seed: 42)
        let x = try data.map { try DistributedArray.load($0, over: communicator) }
            ?? rng.normal([rows, features], mean: 3, std: 2, dtype: .float32, over: communicator)
        say("X: global shape \(x.globalShape) over \(communicator.size) rank(s); rank 0 holds rows \(x.split!.range(of: 0))")

        // Two allreduce-sized collectives (the column statistics), then one local fused kernel.
        let (std, mean) = try x.stdMean(axis: 0)     // one pass and one collective for both
        let normalized = try (x - mean) / (std + 1e-8)
        let columnMeans = try normalized.mean(axis: 0).local.toArray(Double.self)
        let columnStds = try normalized.std(axis: 0).local.toArray(Double.self)
        say("normalized: largest |column mean| \(columnMeans.map(Swift.abs).max() ?? 0), largest |column std - 1| \(columnStds.map { Swift.abs($0 - 1) }.max() ?? 0)")

        // Replicated weights: every rank multiplies its own rows; nothing crosses the network.
        let features = x.globalShape[1]
        let w = rng.normal([features, 8], std: 0.1, dtype: .float32), b = NDArray.full([8], 0.01, dtype: .float32)
        let hidden = relu(normalized.matmul(w) + b)
        let active = try (hidden.map { $0 .> 0 }).mean()
        say("relu(X @ W + b): global shape \(hidden.globalShape), active fraction \(active.local.item(Double.self))")
        if let whole = try hidden.toRoot() {
            print("first row of the layer output (gathered on rank 0): \(whole[0])")
        }
    }

    /// Prints on rank 0 only.
    private func say(_ line: String) { if communicator.rank == 0 { print(line) } }
}
