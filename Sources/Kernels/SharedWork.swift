import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Work items shared by the calling thread and Dispatch helper threads, handed out one at a
/// time; the caller returns when every item is done, never waiting for a helper to start. The
/// caller takes items from the front (0, 1, ...), helpers from the back (`items - 1`, ...), so
/// each thread works through one contiguous run and the runs meet where the threads' speeds
/// say (`CompiledKernel` chooses which piece of data an item is, to keep it in a core's L2).
///
/// Why not OpenMP's team or `concurrentPerform`: both join on every thread they woke, so a
/// kernel costs at least the time a sleeping worker takes to be scheduled, and OpenMP's static
/// schedule then also waits for the late worker's half of the work (docs/performance.md). Here the caller starts on the items
/// at once; a helper that wakes late takes what is left, or finds nothing and leaves. Which
/// thread runs an item never changes what it computes, so results stay the same for any thread
/// count. Helpers are Dispatch's, the threads the block VM runs on: the two backends share one
/// pool instead of two pools of spinning or sleeping threads competing for the same cores.
///
/// A helper that finishes lingers for `lingerNanoseconds`, yielding its core between looks, and
/// joins the next work posted meanwhile (the next kernel of a plan, the next call of a loop):
/// waking a sleeping Dispatch thread costs a sizeable share of a 1e6-element kernel
/// (docs/performance.md, issue 7).
final class SharedWork: @unchecked Sendable {
    private let items: Int
    private let body: (Int) -> Void
    private let lock = Mutex()
    /// The next item from the front (the caller's), the last one left from the back (helpers').
    private var front = 0, back: Int
    private var done = 0
    private let finished = DispatchSemaphore(value: 0)

    /// How long a helper waits for more work after its last item: a few times the gap between
    /// two kernels of a plan or two calls of a loop, small next to the 200 ms libomp's workers
    /// spin by default (`KMP_BLOCKTIME`).
    static let lingerNanoseconds: UInt64 = 200_000

    /// The helpers lingering: `idle` are free, `claimed` are promised to `posted` and take it at
    /// their next look (so `idle + claimed` helpers linger). Guarded by `mailboxLock`.
    private static let mailboxLock = Mutex()
    nonisolated(unsafe) private static var posted: SharedWork?
    nonisolated(unsafe) private static var idle = 0, claimed = 0

    private init(items: Int, body: @escaping (Int) -> Void) {
        self.items = items
        self.back = items - 1
        self.body = body
    }

    /// Runs `body(item)` for every item in `0..<items` on the calling thread and up to `helpers`
    /// Dispatch threads; returns how many items the caller took (from the front). `body` must
    /// not be called after `run` returns: it is not, since a late helper finds no item left (the
    /// object, not `body`'s captures, is all it touches then).
    @discardableResult
    static func run(items: Int, helpers: Int, _ body: @escaping (Int) -> Void) -> Int {
        guard helpers > 0, items > 1 else {
            for item in 0..<items { body(item) }
            return items
        }
        let work = SharedWork(items: items, body: body)
        let wanted = min(helpers, items - 1)
        // Lingering helpers first (a claim not yet taken moves to this work: the one it was
        // for has no item left or will finish without it), then new ones from Dispatch.
        let joining = mailboxLock.withLock { () -> Int in
            let lingering = idle + claimed
            claimed = min(lingering, wanted)
            idle = lingering - claimed
            posted = claimed > 0 ? work : nil
            return claimed
        }
        for _ in joining..<wanted { DispatchQueue.global().async { help(work) } }
        work.take(fromFront: true)
        work.awaitHelpers()
        return work.lock.withLock { work.front }
    }

    /// Runs `body` over contiguous ranges that together cover `0..<count` once each, on the
    /// calling thread and up to `workers - 1` Dispatch helpers (`run`). The ranges depend only
    /// on `count`, `workers` and `piecesPerWorker`; callers whose results must not depend on the
    /// thread count give `body` work whose result does not depend on where a range is cut.
    ///
    /// Several pieces per worker (4 by default) let a helper that wakes late, or a core that
    /// another process holds, take a smaller share instead of making the caller wait for a
    /// whole half; a caller whose pieces carry a fixed cost each (GEMM packs its share of A)
    /// asks for 1.
    package static func forEachRange(count: Int, workers: Int, piecesPerWorker: Int = 4,
                                     _ body: @escaping (Range<Int>) -> Void) {
        guard count > 0 else { return }
        guard workers > 1 else {
            body(0..<count)
            return
        }
        let pieces = min(count, workers * max(piecesPerWorker, 1))
        run(items: pieces, helpers: workers - 1) { piece in
            body((count * piece / pieces)..<(count * (piece + 1) / pieces))
        }
    }

    /// How long the caller, out of items, spins for the helpers' last items before it sleeps:
    /// a sleeping caller is woken by the helper that finishes, which costs tens of microseconds
    /// on a virtual machine (docs/performance.md), more than the tail of a balanced split.
    static let callerSpinNanoseconds: UInt64 = 50_000

    /// Returns once every item is done: spins up to `callerSpinNanoseconds`, then sleeps on the
    /// semaphore, which the helper that finishes the last item signals. The lock orders the
    /// items' writes before the caller's read of `done`.
    private func awaitHelpers() {
        let deadline = DispatchTime.now().uptimeNanoseconds + Self.callerSpinNanoseconds
        while lock.withLock({ done }) < items {
            if DispatchTime.now().uptimeNanoseconds >= deadline {
                // Signalled or about to be: the last item's helper signals after counting it.
                finished.wait()
                return
            }
        }
    }

    /// A helper's life: `first`'s items, then any work posted while it lingers.
    private static func help(_ first: SharedWork) {
        var work = first
        while true {
            work.take(fromFront: false)
            guard let next = linger() else { return }
            work = next
        }
    }

    /// Waits up to `lingerNanoseconds` for a claim on posted work: the work, or nil to leave.
    private static func linger() -> SharedWork? {
        mailboxLock.withLock { idle += 1 }
        let deadline = DispatchTime.now().uptimeNanoseconds + lingerNanoseconds
        while true {
            let expired = DispatchTime.now().uptimeNanoseconds >= deadline
            let (work, leaving) = mailboxLock.withLock { () -> (SharedWork?, Bool) in
                if claimed > 0 {
                    claimed -= 1
                    defer { if claimed == 0 { posted = nil } }
                    return (posted, false)
                }
                if expired { idle -= 1 }
                return (nil, expired)
            }
            if let work { return work }
            if leaving { return nil }
            // Other threads waiting for this core run first.
            sched_yield()
        }
    }

    /// Runs items from one end until none is left.
    private func take(fromFront: Bool) {
        while true {
            let item = lock.withLock { () -> Int? in
                guard front <= back else { return nil }
                if fromFront {
                    defer { front += 1 }
                    return front
                }
                defer { back -= 1 }
                return back
            }
            guard let item else { return }
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
