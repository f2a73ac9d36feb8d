import Testing
@testable import Kernels

/// `SharedWork`: every item runs exactly once, and all of them before `run` returns, whatever
/// the number of helpers and however late they start.
@Suite struct SharedWorkTests {
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
}
