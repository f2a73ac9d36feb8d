/// Shapes as NumPy prints them: `(2, 3)`, `(4,)`, `()`.
func describe(_ shape: [Int]) -> String {
    shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
}

/// NumPy's broadcasting of two shapes: align on the right; each pair of sizes must match or one
/// of them be 1. Returns the error naming the first failing axis (counted from the right).
func broadcastShapes(_ a: [Int], _ b: [Int], operation: String) -> Result<[Int], LazyArrayError> {
    let rank = max(a.count, b.count)
    var result = [Int](repeating: 1, count: rank)
    for position in 1...max(rank, 1) where position <= rank {
        let x = position <= a.count ? a[a.count - position] : 1
        let y = position <= b.count ? b[b.count - position] : 1
        if x == y || y == 1 {
            result[rank - position] = x
        } else if x == 1 {
            result[rank - position] = y
        } else {
            return .failure(LazyArrayError(operation,
                "cannot broadcast \(describe(a)) with \(describe(b)): axis -\(position) has \(x) and \(y); sizes must match or be 1"))
        }
    }
    return .success(result)
}

/// Normalizes a possibly negative axis for an array of rank `rank`, or nil when out of range.
func normalizeAxis(_ axis: Int, rank: Int) -> Int? {
    let normalized = axis < 0 ? axis + rank : axis
    return normalized >= 0 && normalized < rank ? normalized : nil
}
