import Testing
@testable import LazyArray
import Kernels

/// `0, 1, ..., n-1` as a float64 array of `shape`.
private func counting(_ shape: [Int]) -> NDArray {
    NDArray((0..<shape.reduce(1, *)).map(Double.init), shape: shape)
}

/// `X.batches(of:)` and its shuffled variant.
@Suite(.timeLimit(.minutes(10))) struct BatchTests {
    @Test func batchesAreSlicesWithAShortLastOne() {
        let x = counting([100, 2]).evaluate()
        let batches = x.batches(of: 16)
        #expect(batches.count == 7)
        #expect(batches.map { $0.shape[0] } == [16, 16, 16, 16, 16, 16, 4])
        // for i in range(0, len(X), 16): X[i:i + 16]
        for (number, batch) in batches.enumerated() {
            let i = number * 16
            #expect(batch.toArray(Double.self) == x[i..<(i + 16)].toArray(Double.self))
        }
        let buffer = x.materialized.buffer
        #expect(batches.allSatisfy { batch in batch.materialized.buffer === buffer })
        #expect(batches.last!.toArray(Double.self) == (192..<200).map(Double.init))
        #expect(counting([32]).batches(of: 16).count == 2)
        #expect(counting([0, 3]).batches(of: 16).count == 0)
    }

    @Test func batchesOfALazyExpression() {
        var total = 0.0
        for batch in (counting([10]) * 2).batches(of: 4) {
            total += batch.toArray(Double.self).reduce(0, +)
        }
        #expect(total == 90)
    }

    @Test func shuffledBatchesFollowTheOrder() {
        let x = counting([5, 2])
        let batches = x.batches(of: 2, order: NDArray([3, 1, 4, 0, 2]))
        // for i in range(0, len(order), 2): X[order[i:i + 2]]
        #expect(batches.map { $0.toArray(Double.self) } == [[6, 7, 2, 3], [8, 9, 0, 1], [4, 5]])
        #expect(batches.map(\.shape) == [[2, 2], [2, 2], [1, 2]])
        #expect(x.batches(of: 3, order: NDArray([-1, 0])).map { $0.toArray(Double.self) } == [[8, 9, 0, 1]])
    }

    @Test func batchErrors() {
        let x = counting([5, 2])
        #expect(errorMessage { _ = x.batches(of: 2, order: NDArray([0, 7])) } == "[batches] index 7 is out of bounds for axis 0 with size 5")
        #expect(errorMessage { _ = x.batches(of: 0) } == "[batches] batches need a positive size and an array with at least one axis, got size 0 for shape (5, 2)")
        #expect(errorMessage { _ = x.batches(of: 2, order: NDArray([[0, 1]])) }
                == "[batches] the order must be a 1-D integer array of row indices, got shape (1, 2) of int64 for an array of shape (5, 2)")
    }
}
