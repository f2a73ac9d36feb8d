import Kernels

extension DistributedArray {
    /// Runs `body` on this rank with its errors caught, evaluates the parts it returns, and
    /// checks collectively that every rank succeeded with parts of the same dtypes and shapes,
    /// before the caller sends them: a rank that fails makes every rank throw. Parts whose
    /// shapes differ by rank (blocks of rows) pass `globalShape` to be checked instead.
    func localParts(_ operation: String, globalShape: [Int]? = nil, _ body: () -> [NDArray]) throws -> [NDArray] {
        var parts: [NDArray] = []
        var failure: (any Error)?
        do {
            parts = try NDArray.checking { body() }
            NDArray.evaluate(parts)
        } catch {
            failure = error
        }
        let shapes = globalShape.map { [[$0.count] + $0] } ?? parts.map { [$0.ndim] + $0.shape }
        try communicator.agree(operation, on: parts.map { Self.code($0.dtype) } + shapes.flatMap { $0 }, failure: failure)
        return parts
    }

    /// `part` combined element by element over all ranks with `op` (one allreduce); the
    /// caller has agreed on its shape and dtype with ``localParts(_:_:)``.
    func allreduce(_ part: NDArray, _ op: CollectiveOp) throws -> NDArray {
        let buffer = part.packed()
        try communicator.allreduce(buffer.base, count: part.size, dtype: part.dtype, op: op)
        return NDArray(packed: buffer, shape: part.shape, dtype: part.dtype)
    }

    /// Every rank's `part` (the same byte count on every rank), concatenated in rank order
    /// (one allgatherv).
    func allgather(_ part: Buffer, byteCount: Int) throws -> Buffer {
        let gathered = Buffer(byteCount: Swift.max(byteCount * communicator.size, 1))
        try communicator.allgatherv(UnsafeRawBufferPointer(start: part.base, count: byteCount),
                                    into: UnsafeMutableRawBufferPointer(start: gathered.base, count: byteCount * communicator.size),
                                    byteCounts: Array(repeating: byteCount, count: communicator.size))
        return gathered
    }
}
