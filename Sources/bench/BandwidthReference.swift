import Dispatch

/// What this machine streams from memory, measured in the same run as the cases (STREAM-like
/// copy, add and triad over raw float32 pointers), so every case can be reported as a share
/// of it on the same machine under the same load.
///
/// Bytes follow the STREAM convention and BENCH.md: every array read or written counted once;
/// write-allocate traffic is not counted. Each kernel reports its best repetition.
struct BandwidthReference {
    /// GB/s (1e9 bytes) of the three kernels at one thread count.
    struct Kernels: Encodable {
        let copy: Double
        let add: Double
        let triad: Double
    }

    /// The kernels' GB/s by thread count.
    let byThreads: [Int: Kernels]

    /// The reference a case at `threads` is compared with: triad, the kernel closest to the
    /// cases' two-inputs-one-output traffic. Nil when that thread count was not measured.
    func gbps(threads: Int) -> Double? { byThreads[threads]?.triad }

    /// Measures the kernels at each of `threadCounts` on arrays of `elements` floats (pick at
    /// least twice the last-level cache so they stream from DRAM), best of `repetitions`.
    static func measure(threadCounts: [Int], elements: Int, repetitions: Int) -> BandwidthReference {
        let a = UnsafeMutablePointer<Float>.allocate(capacity: elements)
        let b = UnsafeMutablePointer<Float>.allocate(capacity: elements)
        let c = UnsafeMutablePointer<Float>.allocate(capacity: elements)
        defer { a.deallocate(); b.deallocate(); c.deallocate() }
        let arrays = Arrays(a: a, b: b, c: c)
        var results: [Int: Kernels] = [:]
        for threads in threadCounts {
            // First touch with the kernels' partition, so pages sit near the threads using them.
            parallel(elements, threads: threads) { arrays.fill($0) }
            let bytes2 = Double(2 * elements * MemoryLayout<Float>.size)
            let bytes3 = Double(3 * elements * MemoryLayout<Float>.size)
            var best = (copy: Double.infinity, add: Double.infinity, triad: Double.infinity)
            for _ in 0..<repetitions {
                best.copy = min(best.copy, Timing.seconds { parallel(elements, threads: threads) { arrays.copy($0) } })
                best.add = min(best.add, Timing.seconds { parallel(elements, threads: threads) { arrays.add($0) } })
                best.triad = min(best.triad, Timing.seconds { parallel(elements, threads: threads) { arrays.triad($0) } })
            }
            results[threads] = Kernels(copy: bytes2 / best.copy * 1e-9, add: bytes3 / best.add * 1e-9,
                                       triad: bytes3 / best.triad * 1e-9)
        }
        return BandwidthReference(byThreads: results)
    }

    /// Runs `body` over `threads` contiguous slices of `0..<count`, one per thread.
    private static func parallel(_ count: Int, threads: Int, _ body: @Sendable (Range<Int>) -> Void) {
        let slice = (count + threads - 1) / threads
        if threads == 1 { return body(0..<count) }
        DispatchQueue.concurrentPerform(iterations: threads) { part in
            body(min(part * slice, count)..<min((part + 1) * slice, count))
        }
    }

    /// The three arrays and the STREAM kernels over them.
    private struct Arrays: @unchecked Sendable {
        let a: UnsafeMutablePointer<Float>
        let b: UnsafeMutablePointer<Float>
        let c: UnsafeMutablePointer<Float>

        func fill(_ range: Range<Int>) {
            for i in range { a[i] = 1; b[i] = 2; c[i] = 0 }
        }

        // LLVM may turn this loop into a memcpy call; that is still a copy, and only triad
        // serves as the reference.
        func copy(_ range: Range<Int>) {
            for i in range { c[i] = a[i] }
        }

        func add(_ range: Range<Int>) {
            for i in range { c[i] = a[i] + b[i] }
        }

        // Every kernel reads only a and b and writes c, so repetitions keep the values fixed.
        func triad(_ range: Range<Int>) {
            for i in range { c[i] = a[i] + 3 * b[i] }
        }
    }
}
