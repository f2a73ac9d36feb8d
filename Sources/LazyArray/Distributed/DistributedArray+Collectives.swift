import Kernels

extension DistributedArray {
    /// Runs `body` on this rank with its errors caught, evaluates the parts it returns, and
    /// checks collectively that every rank succeeded with parts of the same dtypes and shapes,
    /// before the caller sends them: a rank that fails makes every rank throw. The descriptor
    /// holds this array's global shape and the parts' dtypes, and their shapes unless they
    /// differ by rank (`partsDifferByRank`: blocks of rows).
    func localParts(_ operation: String, partsDifferByRank: Bool = false, _ body: () -> [NDArray]) throws -> [NDArray] {
        var parts: [NDArray] = []
        var failure: (any Error)?
        do {
            parts = try NDArray.checking { body() }
            NDArray.evaluate(parts)
        } catch {
            failure = error
        }
        let partShapes = partsDifferByRank ? [] : parts.flatMap { [$0.ndim] + $0.shape }
        try communicator.agree(operation, on: [ndim] + globalShape + parts.map { Self.code($0.dtype) } + partShapes, failure: failure)
        return parts
    }

    /// `part` combined element by element over all ranks with `op` (one allreduce); the
    /// caller has agreed on its shape and dtype with ``localParts(_:_:)``.
    func allreduce(_ part: NDArray, _ op: CollectiveOp) throws -> NDArray {
        let buffer = part.packed()
        try communicator.allreduce(buffer.base, count: part.size, dtype: part.dtype, op: op)
        return NDArray(packed: buffer, shape: part.shape, dtype: part.dtype)
    }

    /// Every rank's `parts`, packed one after another, concatenated in rank order (one
    /// allgatherv); the caller has agreed on their shapes and dtypes with ``localParts(_:partsDifferByRank:_:)``.
    func allgather(_ parts: [NDArray]) throws -> Buffer {
        let byteCounts = parts.map { $0.size * $0.dtype.byteSize }
        let byteCount = byteCounts.reduce(0, +)
        let send = Buffer(byteCount: Swift.max(byteCount, 1))
        var offset = 0
        for (part, count) in zip(parts, byteCounts) {
            // The packed copy must outlive the copy from it: a temporary's `base` alone lets
            // Swift free it at once, and another thread's evaluation could take its memory
            // from the pool before the bytes are read (seen as wrong stdMean results on 4
            // threaded ranks, about one run in twenty).
            let packedPart = part.packed()
            withExtendedLifetime(packedPart) { (send.base + offset).copyMemory(from: packedPart.base, byteCount: count) }
            offset += count
        }
        let gathered = Buffer(byteCount: Swift.max(byteCount * communicator.size, 1))
        try withExtendedLifetime(send) {
            try communicator.allgatherv(UnsafeRawBufferPointer(start: send.base, count: byteCount),
                                        into: UnsafeMutableRawBufferPointer(start: gathered.base, count: byteCount * communicator.size),
                                        byteCounts: Array(repeating: byteCount, count: communicator.size))
        }
        return gathered
    }
}
