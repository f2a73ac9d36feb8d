import Kernels

extension DistributedArray {
    /// Global index of the largest element along `axis` (of the flattened array when nil),
    /// the first one on ties and the first NaN if any, as NumPy. Along axis 0 or nil each rank
    /// finds its own maximum and index (shifted by its row offset), one allgatherv brings every
    /// rank's pairs to every rank, and the first rank holding the winner wins, so the result is
    /// exactly the one-process result. Along other axes it stays local. NumPy/Heat: `a.argmax(axis)`.
    public func argmax(axis: Int? = nil, keepdims: Bool = false) throws -> DistributedArray {
        try argReduce("argmax", largest: true, axis: axis, keepdims: keepdims)
    }

    /// Global index of the smallest element, combined like ``argmax(axis:keepdims:)``.
    /// NumPy/Heat: `a.argmin(axis)`.
    public func argmin(axis: Int? = nil, keepdims: Bool = false) throws -> DistributedArray {
        try argReduce("argmin", largest: false, axis: axis, keepdims: keepdims)
    }

    private func argReduce(_ name: String, largest: Bool, axis: Int?, keepdims: Bool) throws -> DistributedArray {
        let pick = { (x: NDArray, axis: Int?) in largest ? x.argmax(axis: axis, keepdims: keepdims) : x.argmin(axis: axis, keepdims: keepdims) }
        let resolved = try axis.map { try local.resolveAxes([$0], name).get()[0] }
        guard let split, resolved == nil || resolved == 0 else {
            let result = try NDArray.checking { pick(local, axis) }
            return isSharded ? map { _ in result } : replicated(result)
        }
        let rowSize = globalShape.dropFirst().reduce(1, *)
        guard split.rows > 0 && (axis != nil || rowSize > 0) else {
            throw LazyArrayError(name, "attempt to get \(name) of an empty sequence (shape \(describe(globalShape)))")
        }
        // Ranks without rows send placeholders of the right shape, which the merge skips.
        let hasRows = local.shape[0] > 0
        let block = hasRows ? local : NDArray.zeros([1] + local.shape.dropFirst(), dtype: dtype)
        let parts = try localParts(name) {
            let extreme = largest ? block.max(axis: axis, keepdims: keepdims) : block.min(axis: axis, keepdims: keepdims)
            return [extreme, pick(block, axis) + rowOffset * (axis == nil ? rowSize : 1)]
        }
        let (values, indices) = (parts[0], parts[1])
        let gathered = try allgather(parts)
        let result = Buffer(byteCount: Swift.max(indices.size * 8, 1))
        let merge = ExtremeMerge(gathered: gathered.base, elements: indices.size, ranksWithRows: split.counts.map { $0 > 0 },
                                 largest: largest, out: result.pointer(as: Int64.self))
        // `merge` holds raw pointers: the buffers must live until it has run.
        withExtendedLifetime((gathered, result)) {
            switch dtype {
            case .float32: merge.run(Float.self)
            case .float64: merge.run(Double.self)
            case .int8: merge.run(Int8.self)
            case .int16: merge.run(Int16.self)
            case .int32: merge.run(Int32.self)
            case .int64: merge.run(Int64.self)
            case .uint8: merge.run(UInt8.self)
            case .uint16: merge.run(UInt16.self)
            case .uint32: merge.run(UInt32.self)
            case .uint64: merge.run(UInt64.self)
            case .bool: merge.run(BoolByte.self)
            case .float16: merge.run(Float16Element.self)
            case .bfloat16: merge.run(BFloat16Element.self)
            }
        }
        return replicated(NDArray(packed: result, shape: indices.shape, dtype: .int64))
    }
}

/// Picks, for each element, the winning index among the ranks' (extreme, index) pairs: the
/// rank order is the global row order, so taking a later rank only when strictly better (or
/// the first NaN) gives NumPy's first occurrence.
private struct ExtremeMerge {
    /// Rank after rank: `elements` values of the array's dtype, then `elements` int64 indices.
    let gathered: UnsafeMutableRawPointer
    let elements: Int
    let ranksWithRows: [Bool]
    let largest: Bool
    let out: UnsafeMutablePointer<Int64>

    func run<T: Comparable>(_: T.Type) {
        let stride = elements * (MemoryLayout<T>.size + 8)
        for j in 0..<elements {
            var best: T?
            for (rank, hasRows) in ranksWithRows.enumerated() where hasRows {
                let block = gathered + rank * stride
                let value = block.loadUnaligned(fromByteOffset: j * MemoryLayout<T>.size, as: T.self)
                let isNaN = value != value
                if let current = best, current != current || (!isNaN && !(largest ? value > current : value < current)) { continue }
                best = value
                out[j] = block.loadUnaligned(fromByteOffset: elements * MemoryLayout<T>.size + j * 8, as: Int64.self)
            }
        }
    }
}
