import Dispatch

/// Work items shared by the calling thread and Dispatch helper threads, handed out one at a
/// time; the caller returns when every item is done, never waiting for a helper to start.
///
/// Why not OpenMP's team or `concurrentPerform`: both join on every thread they woke, so a
/// kernel costs at least the time a sleeping worker takes to be scheduled (measured on this
/// shared 2-core machine: about 0.2 ms, often more under load, and OpenMP's static schedule
/// then also waits for the late worker's half of the work). Here the caller starts on the items
/// at once; a helper that wakes late takes what is left, or finds nothing and leaves. Which
/// thread runs an item never changes what it computes, so results stay the same for any thread
/// count. Helpers are Dispatch's, the threads the block VM runs on: the two backends share one
/// pool instead of two pools of spinning or sleeping threads competing for the same cores.
final class SharedWork: @unchecked Sendable {
    private let items: Int
    private let body: (Int) -> Void
    private let lock = Mutex()
    private var next = 0, done = 0
    private let finished = DispatchSemaphore(value: 0)

    private init(items: Int, body: @escaping (Int) -> Void) {
        self.items = items
        self.body = body
    }

    /// Runs `body(item)` for every item in `0..<items` on the calling thread and up to `helpers`
    /// Dispatch threads. `body` must not be called after `run` returns: it is not, since a late
    /// helper finds no item left (the object, not `body`'s captures, is all it touches then).
    static func run(items: Int, helpers: Int, _ body: @escaping (Int) -> Void) {
        guard helpers > 0, items > 1 else {
            for item in 0..<items { body(item) }
            return
        }
        let work = SharedWork(items: items, body: body)
        for _ in 0..<min(helpers, items - 1) { DispatchQueue.global().async { work.take() } }
        work.take()
        // The lock orders the items' writes before this read; the semaphore wakes the caller
        // when a helper finishes the last item after the caller ran out of items.
        if work.lock.withLock({ work.done }) < items { work.finished.wait() }
    }

    /// Runs items until none is left.
    private func take() {
        while true {
            let item = lock.withLock { () -> Int in
                defer { next += 1 }
                return next
            }
            guard item < items else { return }
            body(item)
            let last = lock.withLock { () -> Bool in
                done += 1
                return done == items
            }
            // Signalled only when the caller may be waiting: it checks `done` after its own
            // last item, so a signal nobody waits for stays in the semaphore, which is dropped.
            if last { finished.signal() }
        }
    }
}
