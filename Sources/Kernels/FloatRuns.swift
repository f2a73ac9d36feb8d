/// Vectorized loops over float32 runs for the reductions whose scalar form does not vectorize
/// (a NaN-propagating maximum is a chain of compares, and Swift never reassociates float code).
enum FloatRuns {
    /// The largest (or smallest) of `count > 0` values, and whether any is NaN.
    @inline(__always)
    static func extreme(_ values: UnsafePointer<Float>, count: Int, largest: Bool) -> (value: Float, sawNaN: Bool) {
        var best = SIMD8<Float>(repeating: values[0])
        var nan = SIMD8<Float>.zero
        var i = 0
        let raw = UnsafeRawPointer(values)
        while i + 8 <= count {
            let v = raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            best = largest ? best.replacing(with: v, where: v .> best) : best.replacing(with: v, where: v .< best)
            // v - v is 0 for numbers and NaN for NaN (and for ±inf): summing keeps NaN.
            nan += v - v
            i += 8
        }
        var result = largest ? best.max() : best.min()
        var sawNaN = nan.sum().isNaN
        while i < count {
            let v = values[i]
            if v.isNaN { sawNaN = true }
            result = largest ? Swift.max(result, v) : Swift.min(result, v)
            i += 1
        }
        // v - v is also NaN for infinities: check those runs exactly.
        if sawNaN { sawNaN = (0..<count).contains { values[$0].isNaN } }
        return (result, sawNaN)
    }

    /// `Σ exp(v - shift)` over `count` values, exponentials vectorized (VectorMath, 4 ulp),
    /// summed as `sum` sums.
    @inline(__always)
    static func sumOfExponentials(_ values: UnsafePointer<Float>, count: Int, shift: Float) -> Double {
        withUnsafeTemporaryAllocation(of: Float.self, capacity: count) { temporary in
            let scratch = temporary.baseAddress!
            for i in 0..<count { scratch[i] = values[i] - shift }
            VectorMath.exp(scratch, scratch, count: count)
            return sum(scratch, count: count)
        }
    }

    /// The sum of `count` values in [0, 1] (exponentials above a maximum), in float64: float
    /// lanes of at most 128 terms each, flushed into float64.
    @inline(__always)
    static func sum(_ values: UnsafePointer<Float>, count: Int) -> Double {
        var lanes = SIMD8<Float>.zero
        var i = 0
        var total = 0.0
        while i + 8 <= count {
            lanes += UnsafeRawPointer(values + i).loadUnaligned(as: SIMD8<Float>.self)
            i += 8
            if i % 1024 == 0 {
                total += Double(lanes.sum())
                lanes = .zero
            }
        }
        total += Double(lanes.sum())
        while i < count { total += Double(values[i]); i += 1 }
        return total
    }
}
