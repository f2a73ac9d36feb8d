import LazyArray

/// One timed configuration: a case at one dtype, size, mode, backend and thread count.
struct BenchResult {
    let caseID: String
    /// The case's expression (it tells the variants of `overhead` and `linear` apart).
    let expression: String
    let dtype: DType
    /// The nominal size N of BENCH.md (for `outer` the output has round(√N)² elements).
    let n: Int
    let mode: EvaluationMode
    let backend: Backend
    let threads: Int
    let timing: Timing
    /// Effective GB/s (BENCH.md traffic / median), nil for the cases that report GFLOP/s.
    let gbps: Double?
    let gflops: Double?

    /// - Parameters:
    ///   - bytes: the call's BENCH.md traffic; `flops` (when not nil) is reported instead.
    init(benchCase: BenchCase, dtype: DType, n: Int, mode: EvaluationMode, backend: Backend, threads: Int,
         timing: Timing, bytes: Int, flops: Double?) {
        caseID = benchCase.id
        expression = benchCase.expression
        self.dtype = dtype
        self.n = n
        self.mode = mode
        self.backend = backend
        self.threads = threads
        self.timing = timing
        if let flops {
            gbps = nil
            gflops = flops / timing.median * 1e-9
        } else {
            gbps = Double(bytes) / timing.median * 1e-9
            gflops = nil
        }
    }

    /// The name BENCH.md's JSON uses for the mode.
    var modeName: String { mode == .eager ? "eager" : "fused" }

    /// The name BENCH.md's JSON uses for the backend.
    var backendName: String { backend == .openMP ? "openmp" : "dispatch" }
}
