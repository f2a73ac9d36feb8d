import Testing
@testable import LazyArray
import Kernels

/// `0, 1, ..., n-1` as a float64 array of `shape`.
private func counting(_ shape: [Int]) -> NDArray {
    NDArray((0..<shape.reduce(1, *)).map(Double.init), shape: shape)
}

/// concatenate, stack, vstack, hstack and split.
@Suite(.timeLimit(.minutes(10))) struct ConcatenateTests {
    @Test func concatenateJoinsAlongAnAxis() {
        let joined = concatenate([NDArray([1, 2]), NDArray([3])])
        #expect(joined.toArray(Int.self) == [1, 2, 3])
        #expect(joined.dtype == .int64)
        #expect(concatenate([NDArray([1, 2]), NDArray([0.5])]).dtype == .float64)
        let a = NDArray([[1, 2], [3, 4]]), b = NDArray([[5], [6]])
        let wide = concatenate([a, b], axis: 1)
        #expect(wide.shape == [2, 3])
        #expect(wide.toArray(Int.self) == [1, 2, 5, 3, 4, 6])
        #expect(concatenate([a, b], axis: -1).toArray(Int.self) == [1, 2, 5, 3, 4, 6])
        #expect(concatenate([a, a.T], axis: 0).toArray(Int.self) == [1, 2, 3, 4, 1, 3, 2, 4])
        #expect(concatenate([a]).toArray(Int.self) == [1, 2, 3, 4])
        #expect(concatenate([NDArray([Int]()), NDArray([7])]).toArray(Int.self) == [7])
    }

    @Test(arguments: allModes)
    func concatenateOfLazyPartsMatchesTheEagerReference(mode: EvaluationMode) {
        let x = counting([2, 3])
        let parts = [x * 2, x[.slice(step: -1)] + 1, x[.all, 1..<2].broadcast(to: [2, 3])]
        evaluate(parts[0], parts[1], parts[2], mode: mode)
        let joined = concatenate(parts, axis: 0)
        #expect(joined.shape == [6, 3])
        #expect(!joined.isEvaluated)
        #expect(joined.toArray(Double.self) == [0, 2, 4, 6, 8, 10, 4, 5, 6, 1, 2, 3, 1, 1, 1, 4, 4, 4])
    }

    @Test func concatenateErrors() {
        let a = counting([2, 3])
        #expect(errorMessage { _ = concatenate([a, counting([2, 2])]) }
                == "[concatenate] all the input array dimensions except for the concatenation axis must match exactly, but along dimension 1, the array at index 0 has size 3 and the array at index 1 has size 2")
        #expect(errorMessage { _ = concatenate([a, counting([3])]) }
                == "[concatenate] all the input arrays must have same number of dimensions, but the array at index 0 has 2 dimension(s) and the array at index 1 has 1 dimension(s)")
        #expect(errorMessage { _ = concatenate([]) } == "[concatenate] need at least one array to concatenate")
        #expect(errorMessage { _ = concatenate([a, a], axis: 2) } == "[concatenate] axis 2 is out of bounds for array of dimension 2")
        #expect(errorMessage { _ = concatenate([NDArray(1.0), NDArray(2.0)]) } == "[concatenate] zero-dimensional arrays cannot be concatenated")
    }

    @Test func stackAddsAnAxis() {
        let a = NDArray([1, 2]), b = NDArray([3, 4])
        #expect(stack([a, b]).shape == [2, 2])
        #expect(stack([a, b]).toArray(Int.self) == [1, 2, 3, 4])
        #expect(stack([a, b], axis: 1).toArray(Int.self) == [1, 3, 2, 4])
        #expect(stack([a, b], axis: -1).shape == [2, 2])
        #expect(stack([NDArray(1), NDArray(2)]).toArray(Int.self) == [1, 2])
        #expect(errorMessage { _ = stack([a, NDArray([1])]) } == "[stack] all input arrays must have the same shape, got (2,), (1,)")
        #expect(errorMessage { _ = stack([a, b], axis: 2) } == "[stack] axis 2 is out of bounds for array of dimension 2")
    }

    @Test func vstackAndHstack() {
        let a = NDArray([1, 2]), b = NDArray([3, 4])
        #expect(vstack([a, b]).shape == [2, 2])
        #expect(vstack([a, b]).toArray(Int.self) == [1, 2, 3, 4])
        #expect(vstack([NDArray([[1, 2]]), b]).toArray(Int.self) == [1, 2, 3, 4])
        #expect(hstack([a, b]).toArray(Int.self) == [1, 2, 3, 4])
        #expect(hstack([NDArray([[1], [2]]), NDArray([[3], [4]])]).toArray(Int.self) == [1, 3, 2, 4])
        #expect(hstack([NDArray(1), NDArray(2)]).toArray(Int.self) == [1, 2])
    }

    @Test func splitIntoEqualSectionsGivesViews() {
        let a = NDArray(Array(0..<6)).evaluate()
        let parts = split(a, 3)
        #expect(parts.map { $0.toArray(Int.self) } == [[0, 1], [2, 3], [4, 5]])
        let buffer = a.materialized.buffer
        #expect(parts.allSatisfy { part in part.materialized.buffer === buffer })
        let m = counting([2, 4])
        #expect(split(m, 2, axis: 1).map { $0.toArray(Double.self) } == [[0, 1, 4, 5], [2, 3, 6, 7]])
        #expect(errorMessage { _ = split(a, 4) } == "[split] array split does not result in an equal division: axis 0 has length 6, not a multiple of 4")
        #expect(errorMessage { _ = split(a, 0) } == "[split] number sections must be larger than 0, got 0")
    }

    @Test func splitAtIndicesClampsLikeSlices() {
        let a = NDArray(Array(0..<7))
        #expect(split(a, [2, 5]).map { $0.toArray(Int.self) } == [[0, 1], [2, 3, 4], [5, 6]])
        #expect(split(a, [3, 10]).map { $0.toArray(Int.self) } == [[0, 1, 2], [3, 4, 5, 6], []])
        #expect(split(a, [-2]).map { $0.toArray(Int.self) } == [[0, 1, 2, 3, 4], [5, 6]])
        #expect(split(a, [4, 2]).map(\.shape) == [[4], [0], [5]])
        #expect(errorMessage { _ = split(a, [1], axis: 1) } == "[split] axis 1 is out of bounds for array of dimension 1")
    }
}
