import Dispatch
import LazyArray

/// The median and minimum time of repeated calls, measured as ../shared/BENCH.md prescribes.
struct Timing {
    /// Median seconds per call.
    let median: Double
    /// Fastest call, in seconds.
    let minimum: Double
    /// How many calls were timed.
    let calls: Int

    /// Calls `body` to warm up, then times it call by call until the timed calls total at
    /// least `minTotal` seconds and number at least `minCalls`.
    ///
    /// Each call is timed on its own (not in batches) so that the minimum is a real call and a
    /// call's result, dropped when `body` returns, is freed before the next call starts.
    static func measure(minTotal: Double, minCalls: Int, _ body: () -> Void) -> Timing {
        // The first call fills the plan cache (and compiles the OpenMP kernel). When calls are
        // cheap, more follow: on the Dispatch backend a kernel's third run asks for its C
        // compile (`HotKernel`), which the warm-up waits for, as JAX's timing excludes its
        // `jit`; the last warms the allocator and caches for the steady state.
        if seconds(body) < 0.5 {
            for _ in 1..<NDArray.hotKernelPromotionRun { body() }
            NDArray.waitForHotKernelCompiles()
            body()
        }
        var samples: [Double] = []
        var total = 0.0
        // The cap bounds memory for the microsecond-scale overhead case.
        while (total < minTotal || samples.count < minCalls) && samples.count < 1_000_000 {
            let elapsed = seconds(body)
            samples.append(elapsed)
            total += elapsed
        }
        samples.sort()
        let middle = samples.count / 2
        let median = samples.count % 2 == 1 ? samples[middle] : (samples[middle - 1] + samples[middle]) / 2
        return Timing(median: median, minimum: samples[0], calls: samples.count)
    }

    /// Wall-clock seconds one call of `body` takes.
    static func seconds(_ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
    }
}
