// The tutorial's normalization and linear layer over a data set sharded across MPI ranks,
// and the MPI benchmarks of docs/performance.md.
//
//   swift build -c release --traits MPI --scratch-path .build-mpi --product distributed-example
//   mpirun -np 2 .build-mpi/release/distributed-example [--rows N] [--features D] [--data file.npy]
//   LAZYARRAY_THREADS=1 mpirun -np 2 .build-mpi/release/distributed-example bench [--n 10000000]
//
// Without the MPI trait it runs the same program as one rank.
import Foundation
import LazyArray
import LazyArrayMPI

let arguments = Array(CommandLine.arguments.dropFirst())

/// The integer after `--name`, or `fallback`.
func option(_ name: String, _ fallback: Int) -> Int {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count, let value = Int(arguments[index + 1]) else { return fallback }
    return value
}

do {
    let communicator = try MPIWorld.communicator()
    if arguments.first == "bench" {
        try MPIBenchmark(communicator: communicator, count: option("--n", 10_000_000)).run()
    } else {
        let data = arguments.firstIndex(of: "--data").flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
        try NormalizationDemo(communicator: communicator).run(rows: option("--rows", 100_000), features: option("--features", 16), data: data)
    }
    try MPIWorld.finalize(communicator)
} catch {
    print("distributed-example: \(error)")
    exit(1)
}
