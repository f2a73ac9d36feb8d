import Dispatch
import Testing
@testable import Kernels

/// `SharedWork`: every item runs exactly once, and all of them before `run` returns, whatever
/// the number of helpers and however late they start.
@Suite(.timeLimit(.minutes(10))) struct SharedWorkTests {
    @Test(arguments: [(0, 3), (1, 0), (1, 4), (7, 1), (62, 1), (1000, 3)])
    func everyItemRunsOnceBeforeRunReturns(items: Int, helpers: Int) {
        let lock = Mutex()
        nonisolated(unsafe) var counts = [Int](repeating: 0, count: items)
        for _ in 0..<20 {
            SharedWork.run(items: items, helpers: helpers) { item in
                lock.withLock { counts[item] += 1 }
            }
        }
        // Read after every run returned: a count below 20 is an item still running or skipped.
        #expect(lock.withLock { counts } == [Int](repeating: 20, count: items))
    }

    /// Back-to-back runs from several callers at once: helpers lingering after one run join
    /// another caller's (a claim moves to the latest posted work), and still every item of
    /// every run is done exactly once before its run returns.
    @Test func concurrentCallersShareLingeringHelpers() {
        let lock = Mutex()
        nonisolated(unsafe) var failures = 0
        DispatchQueue.concurrentPerform(iterations: 4) { caller in
            for round in 0..<200 {
                let items = 3 + (caller + round) % 40
                let counts = UnsafeMutablePointer<Int>.allocate(capacity: items)
                counts.initialize(repeating: 0, count: items)
                SharedWork.run(items: items, helpers: 1 + caller % 3) { item in lock.withLock { counts[item] += 1 } }
                let done = lock.withLock { (0..<items).allSatisfy { counts[$0] == 1 } }
                if !done { lock.withLock { failures += 1 } }
                counts.deallocate()
            }
        }
        #expect(failures == 0)
    }
}
