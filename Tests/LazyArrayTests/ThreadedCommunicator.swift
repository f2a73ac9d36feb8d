import Foundation
@testable import LazyArray

/// Several ranks in one process, one thread each, exchanging bytes through shared memory: lets
/// the tests run the combine logic of `DistributedArray` with 2, 3 or 4 ranks without MPI.
final class ThreadedGroup: @unchecked Sendable {
    let size: Int
    private let condition = NSCondition()
    private var slots: [[UInt8]?]
    private var arrived = 0
    private var round = 0
    private var lastRound: [[UInt8]] = []

    init(size: Int) {
        self.size = size
        slots = Array(repeating: nil, count: size)
    }

    /// Deposits this rank's bytes and returns every rank's, in rank order, once all ranks have
    /// deposited theirs: the one primitive every collective below is built on.
    func exchange(rank: Int, _ bytes: [UInt8]) -> [[UInt8]] {
        condition.lock()
        defer { condition.unlock() }
        let myRound = round
        slots[rank] = bytes
        arrived += 1
        if arrived == size {
            lastRound = slots.map { $0! }
            slots = Array(repeating: nil, count: size)
            arrived = 0
            round += 1
            condition.broadcast()
        } else {
            while round == myRound { condition.wait() }
        }
        // A rank cannot start the next round's completion before every rank has read this one.
        return lastRound
    }

    /// Runs `body` on `size` threads, one per rank, and returns each rank's result in rank order.
    func run<T: Sendable>(_ body: @escaping @Sendable (any Communicator) throws -> T) -> [Result<T, any Error>] {
        let results = ResultSlots<Result<T, any Error>>(count: size)
        let done = DispatchGroup()
        for rank in 0..<size {
            done.enter()
            let thread = Thread { [self] in
                results[rank] = Result { try body(ThreadedCommunicator(rank: rank, group: self)) }
                done.leave()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        done.wait()
        return results.all.map { $0! }
    }
}

/// One rank of a `ThreadedGroup`.
final class ThreadedCommunicator: Communicator {
    let rank: Int
    let group: ThreadedGroup
    var size: Int { group.size }

    init(rank: Int, group: ThreadedGroup) {
        self.rank = rank
        self.group = group
    }

    func allreduce(_ buffer: UnsafeMutableRawPointer, count: Int, dtype: LazyArray.DType, op: CollectiveOp) throws {
        let byteCount = count * dtype.byteSize
        let all = group.exchange(rank: rank, Array(UnsafeRawBufferPointer(start: buffer, count: byteCount)))
        // Combined in rank order, as every rank must get the same bits.
        all[0].withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress!, byteCount: byteCount) }
        for other in all.dropFirst() {
            other.withUnsafeBytes { op.combine(into: buffer, $0.baseAddress!, count: count, dtype: dtype) }
        }
    }

    func allgatherv(_ send: UnsafeRawBufferPointer, into receive: UnsafeMutableRawBufferPointer, byteCounts: [Int]) throws {
        let all = group.exchange(rank: rank, Array(send))
        guard all.map(\.count) == byteCounts else { throw LazyArrayError("allgatherv", "byte counts \(byteCounts) but ranks sent \(all.map(\.count))") }
        var offset = 0
        for bytes in all {
            bytes.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: receive[offset..<(offset + bytes.count)]).copyMemory(from: $0) }
            offset += bytes.count
        }
    }

    func gatherv(_ send: UnsafeRawBufferPointer, into receive: UnsafeMutableRawBufferPointer, byteCounts: [Int], root: Int) throws {
        if rank == root {
            try allgatherv(send, into: receive, byteCounts: byteCounts)
        } else {
            _ = group.exchange(rank: rank, Array(send))
        }
    }

    func broadcast(_ buffer: UnsafeMutableRawBufferPointer, root: Int) throws {
        let all = group.exchange(rank: rank, Array(buffer))
        all[root].withUnsafeBytes { buffer.copyMemory(from: $0) }
    }

    func barrier() throws { _ = group.exchange(rank: rank, []) }
}
