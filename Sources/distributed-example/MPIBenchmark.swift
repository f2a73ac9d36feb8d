import Foundation
import LazyArray

/// `sumsq` (`sum(x*x)`) and `normalize` (the tutorial's column normalization) at `count`
/// float32 elements: first one process alone (rank 0 computes the whole array while the others
/// wait), then all ranks on their shards, in the same run. Start it with `LAZYARRAY_THREADS=1`
/// so that the comparison is ranks against threads-free one process (docs/performance.md, "MPI").
struct MPIBenchmark {
    let communicator: any Communicator
    let count: Int
    /// Timed repetitions after two warm-ups; fixed, because every rank must run the same
    /// number of collectives.
    let repetitions = 20
    /// The normalization's columns: a (count / 16, 16) matrix.
    let columns = 16

    func run() throws {
        let rng = RandomGenerator(seed: 1)
        let vector = rng.normal([count], dtype: .float32, over: communicator).evaluate()
        let matrix = rng.normal([count / columns, columns], dtype: .float32, over: communicator).evaluate()
        let wholeVector = try vector.gathered(), wholeMatrix = try matrix.gathered()

        let oneSumsq = try time(alone: true) { _ = (wholeVector * wholeVector).sum().item(Double.self) }
        let oneNormalize = try time(alone: true) {
            ((wholeMatrix - wholeMatrix.mean(axis: 0)) / (wholeMatrix.std(axis: 0) + 1e-8)).evaluate()
        }
        let sumsq = try time(alone: false) { _ = try (vector * vector).sum().local.item(Double.self) }
        let normalize = try time(alone: false) {
            // Both moments from one pass and one collective, as the one process computes them.
            let (std, mean) = try matrix.stdMean(axis: 0)
            try ((matrix - mean) / (std + 1e-8)).evaluate()
        }

        guard communicator.rank == 0 else { return }
        let threads = ProcessInfo.processInfo.environment["LAZYARRAY_THREADS"] ?? "all cores"
        print("MPI benchmark: \(count) float32 elements, LAZYARRAY_THREADS=\(threads), \(repetitions) runs each (fastest / median)")
        print("case        1 process           \(communicator.size) ranks             speed-up (fastest / median)")
        for (name, one, many) in [("sumsq", oneSumsq, sumsq), ("normalize", oneNormalize, normalize)] {
            print(name.padding(toLength: 10, withPad: " ", startingAt: 0)
                  + String(format: "%6.1f / %6.1f ms   %6.1f / %6.1f ms   %.2fx / %.2fx", one.minimum * 1e3, one.median * 1e3,
                           many.minimum * 1e3, many.median * 1e3, one.minimum / many.minimum, one.median / many.median))
        }
    }

    /// The fastest and the median over repetitions of the slowest rank's wall time of `body`
    /// (`alone`: rank 0 runs it while the other ranks wait at the barrier). The fastest run is
    /// the one least disturbed by other processes on a shared machine.
    private func time(alone: Bool, _ body: () throws -> Void) throws -> (minimum: Double, median: Double) {
        var samples: [Double] = []
        for repetition in 0..<(repetitions + 2) {
            try communicator.barrier()
            let start = DispatchTime.now().uptimeNanoseconds
            if !alone || communicator.rank == 0 { try body() }
            var elapsed = [Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9]
            try elapsed.withUnsafeMutableBytes { try communicator.allreduce($0.baseAddress!, count: 1, dtype: .float64, op: .max) }
            if repetition >= 2 { samples.append(elapsed[0]) }
        }
        samples.sort()
        return (samples[0], samples[samples.count / 2])
    }
}
