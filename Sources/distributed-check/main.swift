// Runs every distributed operation on generated data inside each rank and compares it with
// the one-process engine computing the same thing on the whole data on that rank. Started by
// `mpirun -np K` (K = 1, 2, 4 in the tests, see Tests/LazyArrayTests/DistributedMPITests.swift)
// when built with `--traits MPI`; without the trait it runs as one rank. Prints a summary and
// exits with status 1 when any rank saw a mismatch.
import Foundation
import LazyArray
import LazyArrayMPI

let communicator: any Communicator
do {
    communicator = try MPIWorld.communicator()
} catch {
    print("distributed-check: \(error)")
    exit(2)
}
let recorder = CheckRecorder(rank: communicator.rank)
do {
    try CheckSuite(communicator: communicator, recorder: recorder).run()
} catch {
    print("distributed-check: rank \(communicator.rank): \(error)")
    exit(2)
}
for failure in recorder.failures.prefix(20) { print(failure) }

// Every rank learns the total, so every rank exits with the same status.
var counts: [Int64] = [Int64(recorder.passed), Int64(recorder.failures.count)]
do {
    try counts.withUnsafeMutableBytes { try communicator.allreduce($0.baseAddress!, count: 2, dtype: .int64, op: .sum) }
    try MPIWorld.finalize(communicator)
} catch {
    print("distributed-check: rank \(communicator.rank): \(error)")
    exit(2)
}
if communicator.rank == 0 {
    print("distributed-check: \(communicator.size) rank(s)\(MPIWorld.isAvailable ? " (MPI)" : " (no MPI in this build)"): \(counts[0]) checks passed, \(counts[1]) failed")
}
exit(counts[1] == 0 ? 0 : 1)
