import Foundation
import Testing
@testable import LazyArray

/// `DistributedArray` in one process: the one-rank `LocalCommunicator`, and `ThreadedGroup`
/// ranks on threads, so the split, the combines and the collective checks run without MPI.
/// The MPI runs of the same logic are in DistributedMPITests.
@Suite(.timeLimit(.minutes(10))) struct DistributedTests {
    @Test func balancedSplit() {
        let split = RowSplit(rows: 10, ranks: 4)
        #expect(split.counts == [3, 3, 2, 2])
        #expect((0..<4).map(split.offset(of:)) == [0, 3, 6, 8])
        #expect(RowSplit(rows: 1, ranks: 4).counts == [1, 0, 0, 0])
        #expect(RowSplit(rows: 0, ranks: 3).range(of: 2) == 0..<0)
        for rows in 0..<20 {
            for ranks in 1...5 {
                let split = RowSplit(rows: rows, ranks: ranks)
                // Contiguous blocks in rank order covering every row, sizes differing by at most 1.
                #expect((0..<ranks).flatMap { Array(split.range(of: $0)) } == Array(0..<rows))
                #expect(split.counts.max()! - split.counts.min()! <= 1)
            }
        }
    }

    @Test func chanMergeGivesTheVarianceOfTheWhole() {
        // Ranks holding [1, 2], nothing, and [3, 4, 5]: sums and second moments about each
        // rank's own mean. The variance of 1...5 is 2 (ddof 0) and 2.5 (ddof 1), its mean 3, exactly.
        let moments: [Double] = [3, 0.5, 0, 0, 12, 2]
        var out = [0.0], mean = [0.0]
        for (ddof, want) in [(0, 2.0), (1, 2.5)] {
            DistributedArray.mergeMoments(moments, elements: 1, counts: [2, 0, 3], ddof: ddof, into: &out, means: &mean)
            #expect(out == [want])
            #expect(mean == [3])
        }
    }

    @Test func combinePropagatesNaNAndWraps() {
        var a: [Double] = [1, .nan, 3], b: [Double] = [2, 5, .nan]
        CollectiveOp.max.combine(into: &a, &b, count: 3, dtype: .float64)
        #expect(a[0] == 2 && a[1].isNaN && a[2].isNaN)
        var i: [Int32] = [Int32.max], j: [Int32] = [1]
        CollectiveOp.sum.combine(into: &i, &j, count: 1, dtype: .int32)
        #expect(i == [Int32.min])
    }

    @Test func localCommunicatorMatchesTheEngine() throws {
        let x = RandomGenerator(seed: 3).normal([9, 4], dtype: .float32)
        let d = DistributedArray(scattering: x, over: LocalCommunicator())
        // One rank adds in the engine's own order: bit for bit, no tolerance.
        #expect(try d.sum(axis: 0).local.toArray(Float.self) == x.sum(axis: 0).toArray(Float.self))
        #expect(try d.argmax().local.item(Int.self) == x.argmax().item(Int.self))
        #expect(try d.gathered().toArray(Float.self) == x.toArray(Float.self))
        #expect(try d.toRoot()?.toArray(Float.self) == x.toArray(Float.self))
        #expect(try softmax(d).gathered().toArray(Float.self) == softmax(x).toArray(Float.self))
    }

    @Test(arguments: [2, 3, 4])
    func threadedRanksMatchTheEngine(ranks: Int) throws {
        // 2 rows leave some ranks empty; 7 split unevenly.
        for shape in [[2, 3], [7, 4]] {
            let x = RandomGenerator(seed: 11).normal(shape)
            let results = ThreadedGroup(size: ranks).run { communicator -> [[Double]] in
                let d = DistributedArray(scattering: x, over: communicator)
                return [try d.gathered().toArray(Double.self),
                        try d.max(axis: 0).local.toArray(Double.self),
                        try d.argmin().local.toArray(Double.self),
                        try d.sum(axis: 0).local.toArray(Double.self),
                        try d.variance(axis: 0, ddof: 1).local.toArray(Double.self),
                        try ((d - d.mean(axis: 0)) / (d.std(axis: 0) + 1e-8)).gathered().toArray(Double.self),
                        try d.toRoot()?.toArray(Double.self) ?? [],
                        try { let (std, mean) = try d.stdMean(axis: 0); return try ((d - mean) / (std + 1e-8)).gathered().toArray(Double.self) }()]
            }
            let want = [x.toArray(Double.self), x.max(axis: 0).toArray(Double.self), x.argmin().toArray(Double.self),
                        x.sum(axis: 0).toArray(Double.self), x.variance(axis: 0, ddof: 1).toArray(Double.self),
                        ((x - x.mean(axis: 0)) / (x.std(axis: 0) + 1e-8)).toArray(Double.self)]
            for result in results {
                let got = try result.get()
                #expect(Array(got[0..<3]) == Array(want[0..<3]))   // gather, max, argmin: exact
                // Sums, variances and the normalization differ by rounding: n ≤ 7 float64 terms
                // reordered, at most 2·6·ε relative to the magnitudes here (|x| < 6): 1e-13 covers it.
                for k in 3..<6 { #expect(zip(got[k], want[k]).allSatisfy { Swift.abs($0 - $1) <= 1e-13 * Swift.max(1, Swift.abs($1)) }) }
            }
            // stdMean's normalization: the same bound (its mean comes from the float64 merge).
            for result in results {
                #expect(zip(try result.get()[7], want[5]).allSatisfy { Swift.abs($0 - $1) <= 1e-13 * Swift.max(1, Swift.abs($1)) })
            }
            // Only rank 0 receives the whole array from toRoot.
            #expect(try results.map { try $0.get()[6] } == [want[0]] + Array(repeating: [], count: ranks - 1))
        }
    }

    @Test func nanWinsAcrossRanks() throws {
        var values = (0..<12).map(Double.init)
        values[10] = .nan
        let x = NDArray(values, shape: [6, 2])
        let results = ThreadedGroup(size: 3).run { communicator -> [Double] in
            let d = DistributedArray(scattering: x, over: communicator)
            return try d.max(axis: 0).local.toArray(Double.self) + d.argmax(axis: 0).local.toArray(Double.self) + d.argmax().local.toArray(Double.self)
        }
        for result in results {
            let got = try result.get()
            #expect(got[0].isNaN && got[1] == 11 && got[2] == 5 && got[3] == 5 && got[4] == 10)
        }
    }

    @Test func shardedRandomDrawsAreTheOneProcessDraws() throws {
        let want = RandomGenerator(seed: 8)
        let first = want.normal([5, 3], dtype: .float32).toArray(Float.self), second = want.uniform([4]).toArray(Double.self)
        let results = ThreadedGroup(size: 3).run { communicator -> [Double] in
            let rng = RandomGenerator(seed: 8)
            return try rng.normal([5, 3], dtype: .float32, over: communicator).gathered().toArray(Double.self)
                + rng.uniform([4], over: communicator).gathered().toArray(Double.self)
        }
        for result in results { #expect(try result.get() == first.map(Double.init) + second) }
    }

    @Test func mismatchedRanksThrowEverywhereInsteadOfHanging() throws {
        let results = ThreadedGroup(size: 3).run { communicator -> Bool in
            let d = DistributedArray(scattering: NDArray.ones([communicator.rank == 1 ? 4 : 3, 2]), over: communicator)
            _ = try d.sum(axis: 0)
            return true
        }
        for result in results {
            #expect(throws: LazyArrayError.self) { try result.get() }
        }
    }

    @Test func loadReadsEachRanksRowsAndRejectsBadFiles() throws {
        let directory = FileManager.default.temporaryDirectory.path
        let path = "\(directory)/lazyarray-distributed-\(UUID().uuidString).npy"
        let corrupt = path + ".corrupt.npy"
        defer { for file in [path, corrupt] { try? FileManager.default.removeItem(atPath: file) } }
        let x = NDArray.arange(0, 30, dtype: .float32).reshape([10, 3])
        try x.save(to: path)
        // Header claims more rows than the data holds.
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        bytes.removeLast(12)
        try Data(bytes).write(to: URL(fileURLWithPath: corrupt))

        let results = ThreadedGroup(size: 4).run { communicator -> [Float] in
            let d = try DistributedArray.load(path, over: communicator)
            return d.local.toArray(Float.self) + [Float(d.local.shape[0])]
        }
        for (rank, result) in results.enumerated() {
            let rows = RowSplit(rows: 10, ranks: 4).range(of: rank)
            #expect(try result.get() == x[rows].toArray(Float.self) + [Float(rows.count)])
        }
        do {
            _ = try DistributedArray.load(corrupt, over: LocalCommunicator())
            Issue.record("a truncated file loaded")
        } catch let error as LazyArrayError {
            #expect(error.description.contains(corrupt) && error.description.contains("truncated data"))
        }
        #expect(throws: LazyArrayError.self) { _ = try DistributedArray.load(path + ".missing", over: LocalCommunicator()) }
    }

    @Test func localOnlyErrorsNameTheOperation() throws {
        let d = DistributedArray(scattering: NDArray.ones([6, 2]), over: LocalCommunicator())
        #expect(throws: LazyArrayError("sum", "axis 2 is out of bounds for array of dimension 2")) { _ = try d.sum(axis: 2) }
        #expect(throws: LazyArrayError.self) { _ = try NDArray.checking { softmax(d, axis: 0) } }
        #expect(throws: LazyArrayError.self) { _ = try NDArray.checking { d.matmul(d) } }
    }
}
