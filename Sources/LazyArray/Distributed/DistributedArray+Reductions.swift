extension DistributedArray {
    /// Sum. Along axis 0 or all axes (nil): each rank sums its rows, one allreduce adds the
    /// ranks' sums in rank order, and every rank gets the replicated result; along other axes
    /// it stays on each rank's rows. Floating sums differ from the one-process sum by rounding
    /// only (a different order of additions). NumPy/Heat: `a.sum(axis, keepdims=)`.
    public func sum(axis: Int? = nil, keepdims: Bool = false) throws -> DistributedArray { try sum(axes: axis.map { [$0] }, keepdims: keepdims) }
    /// Sum along several axes. NumPy: `a.sum(axis=(0, 1))`.
    public func sum(axes: [Int]?, keepdims: Bool = false) throws -> DistributedArray {
        try reduce("sum", axes: axes, combine: .sum) { $0.sum(axes: $1, keepdims: keepdims) }
    }

    /// Product, combined like ``sum(axis:keepdims:)``. NumPy/Heat: `a.prod(axis, keepdims=)`.
    public func prod(axis: Int? = nil, keepdims: Bool = false) throws -> DistributedArray { try prod(axes: axis.map { [$0] }, keepdims: keepdims) }
    /// Product along several axes. NumPy: `a.prod(axis=(0, 1))`.
    public func prod(axes: [Int]?, keepdims: Bool = false) throws -> DistributedArray {
        try reduce("prod", axes: axes, combine: .prod) { $0.prod(axes: $1, keepdims: keepdims) }
    }

    /// Maximum, NaN propagating, combined like ``sum(axis:keepdims:)`` (exact: the same bits
    /// as one process). Ranks without rows contribute the identity. NumPy/Heat: `a.max(axis)`.
    public func max(axis: Int? = nil, keepdims: Bool = false) throws -> DistributedArray { try max(axes: axis.map { [$0] }, keepdims: keepdims) }
    /// Maximum along several axes. NumPy: `a.max(axis=(0, 1))`.
    public func max(axes: [Int]?, keepdims: Bool = false) throws -> DistributedArray {
        try reduce("max", axes: axes, combine: .max, needsElements: true) { $0.max(axes: $1, keepdims: keepdims) }
    }

    /// Minimum, NaN propagating, combined like ``max(axis:keepdims:)``. NumPy/Heat: `a.min(axis)`.
    public func min(axis: Int? = nil, keepdims: Bool = false) throws -> DistributedArray { try min(axes: axis.map { [$0] }, keepdims: keepdims) }
    /// Minimum along several axes. NumPy: `a.min(axis=(0, 1))`.
    public func min(axes: [Int]?, keepdims: Bool = false) throws -> DistributedArray {
        try reduce("min", axes: axes, combine: .min, needsElements: true) { $0.min(axes: $1, keepdims: keepdims) }
    }

    /// True where any element is nonzero (a logical-or allreduce). NumPy/Heat: `a.any(axis)`.
    public func any(axis: Int? = nil, keepdims: Bool = false) throws -> DistributedArray {
        try reduce("any", axes: axis.map { [$0] }, combine: .max) { $0.any(axes: $1, keepdims: keepdims) }
    }

    /// True where every element is nonzero (a logical-and allreduce). NumPy/Heat: `a.all(axis)`.
    public func all(axis: Int? = nil, keepdims: Bool = false) throws -> DistributedArray {
        try reduce("all", axes: axis.map { [$0] }, combine: .min) { $0.all(axes: $1, keepdims: keepdims) }
    }

    /// Arithmetic mean (float64 for integer and bool input): the combined sum divided by the
    /// global count. NumPy/Heat: `a.mean(axis, keepdims=)`.
    public func mean(axis: Int? = nil, keepdims: Bool = false) throws -> DistributedArray { try mean(axes: axis.map { [$0] }, keepdims: keepdims) }
    /// Mean along several axes. NumPy: `a.mean(axis=(0, 1))`.
    public func mean(axes: [Int]?, keepdims: Bool = false) throws -> DistributedArray {
        let resolved = try local.resolveAxes(axes, "mean").get()
        let count = resolved.reduce(1) { $0 * globalShape[$1] }
        return try astype(Self.floatingType(of: dtype)).sum(axes: resolved, keepdims: keepdims).map { $0 / Double(count) }
    }

    /// The array converted to `dtype`, on each rank's rows. NumPy/Heat: `a.astype(dtype)`.
    public func astype(_ dtype: DType) -> DistributedArray { map { $0.astype(dtype) } }

    /// The dtype mean, var and std compute in (NumPy: float64 for integers and bools).
    static func floatingType(of dtype: DType) -> DType { dtype == .bool ? .float64 : dtype.floatingResult }

    /// The shared path of the reductions: local (replicated arrays, axes without 0), or a
    /// reduction of each rank's rows agreed on and combined with one allreduce of `op`.
    /// `needsElements` marks max and min, which have no identity: ranks without rows send the
    /// identity of `op` instead of reducing, and an array without rows is an error on every rank.
    private func reduce(_ name: String, axes: [Int]?, combine op: CollectiveOp, needsElements: Bool = false,
                        _ body: (NDArray, [Int]) -> NDArray) throws -> DistributedArray {
        let resolved = try local.resolveAxes(axes, name).get()
        guard let split, resolved.contains(0) else {
            let result = try NDArray.checking { body(local, resolved) }
            return isSharded ? map { _ in result } : replicated(result)
        }
        if needsElements && split.rows == 0 {
            throw LazyArrayError(name, "zero-size array to reduction operation \(name) which has no identity (shape \(describe(globalShape)))")
        }
        let part = try localParts(name) {
            guard needsElements && local.shape[0] == 0 else { return [body(local, resolved)] }
            // Reduce one row of zeros for the shape and dtype, then fill it with the identity.
            let shapeProbe = body(NDArray.zeros([1] + local.shape.dropFirst(), dtype: dtype), resolved)
            return [Self.identity(of: op, like: shapeProbe)]
        }[0]
        return replicated(try allreduce(part, op))
    }

    /// The identity of max (the lowest value) or min (the highest) in the shape and dtype of `array`.
    private static func identity(of op: CollectiveOp, like array: NDArray) -> NDArray {
        let largest = op == .min
        switch array.dtype {
        case .float16, .bfloat16, .float32, .float64: return NDArray.full(array.shape, largest ? Double.infinity : -Double.infinity, dtype: array.dtype)
        case .int8: return NDArray.full(array.shape, Int(largest ? Int8.max : Int8.min), dtype: .int8)
        case .int16: return NDArray.full(array.shape, Int(largest ? Int16.max : Int16.min), dtype: .int16)
        case .uint8: return NDArray.full(array.shape, largest ? Int(UInt8.max) : 0, dtype: .uint8)
        case .uint16: return NDArray.full(array.shape, largest ? Int(UInt16.max) : 0, dtype: .uint16)
        case .uint32: return NDArray.full(array.shape, largest ? Int(UInt32.max) : 0, dtype: .uint32)
        // -1 is uint64's maximum in the same bits.
        case .uint64: return NDArray.full(array.shape, largest ? -1 : 0, dtype: .uint64)
        case .int32: return NDArray.full(array.shape, Int(largest ? Int32.max : Int32.min), dtype: .int32)
        case .int64: return NDArray.full(array.shape, largest ? Int.max : Int.min, dtype: .int64)
        case .bool: return NDArray.full(array.shape, largest ? 1 : 0, dtype: .bool)
        }
    }
}
