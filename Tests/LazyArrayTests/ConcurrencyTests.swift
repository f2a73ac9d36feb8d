import Dispatch
import Foundation
import Testing
@testable import LazyArray
import Kernels

/// Evaluations on different threads: they run side by side (the engine's lock is held only to
/// take a graph and to publish), none waits for another, and results are bitwise those of serial
/// evaluation on the same backend.
///
/// A semaphore wait with a timeout below is never a speed assertion: the timeouts are three
/// minutes, there only to turn a deadlock into a failure instead of a hang (the suite's time
/// limit would catch it too, later and without saying where). Both are far above the time these
/// tests take: on a 2-core machine shared with builds, a 2-minute suite limit was exceeded by
/// tests that waited for a thread.
@Suite(.timeLimit(.minutes(10)))
struct ConcurrencyTests {
    static let backends: [Backend] = Backend.openMP.isAvailable ? [.dispatch, .openMP] : [.dispatch]
    static let threads = 8
    static var deadlock: DispatchTime { .now() + .seconds(180) }

    /// Expression DAGs from `seeds` (transcendental ones for even seeds), built anew each call.
    static func expressions(_ seeds: Range<Int>) -> [NDArray] {
        seeds.map { seed in
            var builder = RandomExpressionBuilder(seed: UInt64(seed) + 70_000, transcendentals: seed % 2 == 0)
            return builder.build()
        }
    }

    /// Runs `body(thread)` on `threads` threads of their own, started together, and returns
    /// when every one has finished.
    static func onThreads(_ count: Int = threads, _ body: @escaping @Sendable (Int) -> Void) {
        let gate = DispatchSemaphore(value: 0), finished = DispatchGroup()
        for thread in 0..<count {
            finished.enter()
            Thread {
                gate.wait()
                body(thread)
                finished.leave()
            }.start()
        }
        for _ in 0..<count { gate.signal() }
        finished.wait()
    }

    /// Starts evaluating `array` on a thread of its own and returns once that evaluation is held
    /// before its first kernel: it goes on when `release` is signalled, and `done` is signalled
    /// when it has finished.
    static func evaluateHeldInItsFirstKernel(_ array: NDArray, backend: Backend) -> (release: DispatchSemaphore, done: DispatchSemaphore) {
        let started = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
        Thread {
            NDArray.withKernelHook({ _ in
                started.signal()
                release.wait()
            }) { array.evaluate(backend: backend) }
            done.signal()
        }.start()
        #expect(started.wait(timeout: deadlock) == .success, "the held evaluation reached its first kernel")
        return (release, done)
    }

    /// Every thread builds and evaluates its own copies of the same expressions (same
    /// structures, so the threads share the plan and lowering caches, not nodes).
    @Test(arguments: backends)
    func unsharedGraphsGiveTheSerialBits(backend: Backend) {
        let seeds = 0..<24
        let serial = Self.expressions(seeds).map { $0.evaluate(backend: backend).toArray(Double.self) }
        let results = Locked<[Int: [[Double]]]>([:])
        Self.onThreads { thread in
            let arrays = Self.expressions(seeds)
            // Each thread in its own order, so different structures overlap in time.
            let order = arrays.indices.map { ($0 + 5 * thread) % arrays.count }
            for index in order { arrays[index].evaluate(backend: backend) }
            let values = arrays.map { $0.toArray(Double.self) }
            results.withLock { $0[thread] = values }
        }
        results.withLock { results in
            #expect(results.count == Self.threads)
            for (thread, values) in results {
                for (index, value) in values.enumerated() {
                    #expect(sameBits(value, serial[index]), "thread \(thread), seed \(index), \(backend)")
                }
            }
        }
    }

    /// The threads evaluate the same arrays (and arrays built on them, which another thread may
    /// be computing at that moment): every thread reads the serial bits, and each array ends with
    /// one value that every thread sees (the first evaluation to publish sets it).
    @Test(arguments: backends)
    func sharedGraphsGiveTheSerialBits(backend: Backend) {
        let seeds = 100..<124
        let serial = Self.expressions(seeds).map { $0.evaluate(backend: backend).toArray(Double.self) }
        let serialDerived = Self.expressions(seeds).map { ($0 * 3 - 1).evaluate(backend: backend).toArray(Double.self) }
        let shared = Self.expressions(seeds)
        let derived = shared.map { $0 * 3 - 1 }
        let results = Locked<[Int: [[Double]]]>([:])
        let buffers = Locked<[Int: [ObjectIdentifier]]>([:])
        Self.onThreads { thread in
            let order = shared.indices.map { ($0 + 3 * thread) % shared.count }
            for (position, index) in order.enumerated() {
                shared[index].evaluate(backend: backend)
                // An array on one this thread has not asked for yet: another thread may be
                // computing it, or nobody yet (then it is computed inside this graph).
                derived[order[(position + 1) % order.count]].evaluate(backend: backend)
            }
            let values = shared.map { $0.toArray(Double.self) } + derived.map { $0.toArray(Double.self) }
            let identities = shared.map { ObjectIdentifier($0.node.lockedValue!.buffer) }
            results.withLock { $0[thread] = values }
            buffers.withLock { $0[thread] = identities }
        }
        results.withLock { results in
            #expect(results.count == Self.threads)
            for (thread, values) in results {
                for (index, value) in values.enumerated() {
                    let want = index < serial.count ? serial[index] : serialDerived[index - serial.count]
                    #expect(sameBits(value, want), "thread \(thread), value \(index), \(backend)")
                }
            }
        }
        buffers.withLock { buffers in
            #expect(Set(buffers.values).count == 1, "every thread sees each array's one published buffer")
        }
    }

    /// A small evaluation finishes while a long one on another thread is held in its first
    /// kernel: held until the small one has finished, so with one lock around whole evaluations
    /// this would deadlock (and fail at the timeout) rather than pass.
    @Test func smallEvaluationFinishesWhileALongOneRuns() {
        let long = NDArray.arange(0.0, 200_000.0).evaluate()
        let longResult = sqrt(long * long + 1)
        let (release, longDone) = Self.evaluateHeldInItsFirstKernel(longResult, backend: .dispatch)
        let smallDone = DispatchSemaphore(value: 0)
        let small = NDArray([1.0, 2.0, 3.0])
        let smallResult = small * small + 1
        Thread {
            smallResult.evaluate()
            smallDone.signal()
        }.start()
        let finishedFirst = smallDone.wait(timeout: Self.deadlock) == .success
        #expect(finishedFirst, "the small evaluation finished while the long one was held")
        #expect(!longResult.isEvaluated)
        release.signal()
        #expect(longDone.wait(timeout: Self.deadlock) == .success)
        #expect(smallResult.toArray(Double.self) == [2, 5, 10])
        let want = (0..<200_000).map { (i: Int) -> Double in Foundation.sqrt(Double(i) * Double(i) + 1) }
        #expect(longResult.toArray(Double.self) == want)
    }

    /// An evaluation that reaches an array another evaluation is computing does not wait for it:
    /// it computes the array inside its own graph, from the same snapshot of sources, and gets
    /// the same bits. The first evaluation, held in its kernel until the second has finished,
    /// then publishes its own value, and both agree.
    @Test(arguments: backends)
    func secondEvaluatorDoesNotWaitForTheFirst(backend: Backend) {
        let x = NDArray.arange(0.0, 5000.0).evaluate()
        let shared = exp(x / 5000) * 2
        let onTop = shared + 1
        let (release, firstDone) = Self.evaluateHeldInItsFirstKernel(shared, backend: backend)
        let secondDone = DispatchSemaphore(value: 0)
        Thread {
            onTop.evaluate(backend: backend)
            secondDone.signal()
        }.start()
        // Released only once the second has finished: an engine that made the second wait for
        // the first would time out here instead.
        #expect(secondDone.wait(timeout: Self.deadlock) == .success, "the second evaluation finished first")
        #expect(!shared.isEvaluated)
        release.signal()
        #expect(firstDone.wait(timeout: Self.deadlock) == .success)
        let want = (exp(x / 5000) * 2 + 1).evaluate(backend: backend).toArray(Double.self)
        #expect(sameBits(onTop.toArray(Double.self), want))
        #expect(sameBits((shared + 1).toArray(Double.self), want))
    }

    /// Thread counts set per scope apply to that scope's evaluations only, and never change
    /// the bits.
    @Test func threadCountPerScopeLeavesOthersAlone() {
        let before = NDArray.threadCount
        let seeds = 200..<216
        let serial = Self.expressions(seeds).map { $0.evaluate().toArray(Double.self) }
        let mismatches = Locked(0)
        Self.onThreads { thread in
            NDArray.withThreadCount(1 + thread % 3) {
                for (index, array) in Self.expressions(seeds).enumerated()
                where !sameBits(array.toArray(Double.self), serial[index]) {
                    mismatches.withLock { $0 += 1 }
                }
            }
        }
        #expect(mismatches.withLock { $0 } == 0)
        #expect(NDArray.threadCount == before)
    }
}
