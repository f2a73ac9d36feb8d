/// The order of a kernel's calls: in order, then outward from where the last in-order call's
/// runs met (`CompiledKernel.run`), and so on.
final class WorkSchedule: @unchecked Sendable {
    private let lock = Mutex()
    // Guarded by `lock`: the split of the last in-order call, for its number of batches, and
    // whether the next call goes outward from it.
    private var split = 0, batches = 0, outward = false

    /// The split to go outward from in this call, or nil for a call in order.
    func nextOutwardSplit(batches: Int) -> Int? {
        lock.withLock {
            defer { outward.toggle() }
            return outward && self.batches == batches && batches > 1 ? split : nil
        }
    }

    /// Notes where the caller's run (the first `split` batches) met the helpers'.
    func record(split: Int, batches: Int) {
        lock.withLock {
            self.split = split
            self.batches = batches
        }
    }
}
