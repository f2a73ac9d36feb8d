import Testing
@testable import LazyArray
import Kernels

/// `0, 1, ..., n-1` as a float64 array of `shape`.
private func counting(_ shape: [Int]) -> NDArray {
    NDArray((0..<shape.reduce(1, *)).map(Double.init), shape: shape)
}

/// Boolean masks, integer-array gathers and one-hot encoding: the data-dependent barriers.
@Suite(.timeLimit(.minutes(10))) struct MaskAndGatherTests {
    @Test func maskSelectsElementsInRowMajorOrder() {
        let a = NDArray([3.0, -1.0, 4.0, -1.5, 5.0])
        #expect(a[a .> 0].toArray(Double.self) == [3, 4, 5])
        let m = NDArray([[1, -2], [-3, 4]])
        let selected = m[m .> 0]
        #expect(selected.shape == [2])
        #expect(selected.dtype == .int64)
        #expect(selected.toArray(Int.self) == [1, 4])
        #expect(a[a .> 10].shape == [0])
    }

    @Test func maskOverTheLeadingAxisSelectsRows() {
        let x = counting([3, 2])
        let rows = x[NDArray([true, false, true])]
        #expect(rows.shape == [2, 2])
        #expect(rows.toArray(Double.self) == [0, 1, 4, 5])
        let cube = counting([2, 2, 2])
        let picked = cube[NDArray([[false, true], [true, false]])]
        #expect(picked.shape == [2, 2])
        #expect(picked.toArray(Double.self) == [2, 3, 4, 5])
    }

    @Test(arguments: allModes)
    func maskOfStridedLazyExpressionMatchesEagerReference(mode: EvaluationMode) {
        // The source is a transposed, reversed view under an elementwise op; the selection
        // follows the row-major order of that view.
        let source = (counting([3, 4]).T[.slice(step: -1)] * 2).evaluate(mode: mode)
        let result = source[source .> 9]
        // source = [[6 14 22] [4 12 20] [2 10 18] [0 8 16]]
        #expect(result.toArray(Double.self) == [14, 22, 12, 20, 10, 18, 16])
    }

    @Test func maskErrorsNameTheAxis() {
        let a = counting([3])
        #expect(errorMessage { _ = a[NDArray([true, false, true, true])] }
                == "[index] boolean index did not match indexed array along axis 0; size of axis is 3 but size of corresponding boolean axis is 4")
        let m = counting([2, 3])
        #expect(errorMessage { _ = m[NDArray([[true, false], [true, true]])] }
                == "[index] boolean index did not match indexed array along axis 1; size of axis is 3 but size of corresponding boolean axis is 2")
        #expect(errorMessage { _ = a[NDArray([[true]])] } == "[index] too many indices for array: array is 1-dimensional, but 2 were indexed")
    }

    @Test func integerArrayGathersAlongTheFirstAxis() {
        let v = NDArray([10, 20, 30, 40])
        #expect(v[NDArray([3, 0, -1, 1])].toArray(Int.self) == [40, 10, 40, 20])
        let twoD = v[NDArray([[0, 1], [2, 2]])]
        #expect(twoD.shape == [2, 2])
        #expect(twoD.toArray(Int.self) == [10, 20, 30, 30])
        let m = counting([3, 2])
        let rows = m[NDArray([Int32(2), Int32(0)], shape: [2])]
        #expect(rows.shape == [2, 2])
        #expect(rows.toArray(Double.self) == [4, 5, 0, 1])
        #expect(m[NDArray([Int]())].shape == [0, 2])
    }

    @Test func takeAlongAnyAxis() {
        let m = counting([2, 3])
        let columns = m.take(NDArray([2, 0]), axis: 1)
        #expect(columns.shape == [2, 2])
        #expect(columns.toArray(Double.self) == [2, 0, 5, 3])
        #expect(m.take(NDArray([-1]), axis: -1).toArray(Double.self) == [2, 5])
        // From a reversed view: strides are followed.
        #expect(m[.slice(step: -1)].take(NDArray([0, 0]), axis: 0).toArray(Double.self) == [3, 4, 5, 3, 4, 5])
        #expect(m.take(NDArray(1), axis: 1).shape == [2])
    }

    @Test func gatherBoundsAndTypeErrors() {
        let v = NDArray([10, 20, 30, 40])
        #expect(errorMessage { _ = v[NDArray([4])] } == "[index] index 4 is out of bounds for axis 0 with size 4")
        #expect(errorMessage { _ = v.take(NDArray([1, -5])) } == "[take] index -5 is out of bounds for axis 0 with size 4")
        #expect(errorMessage { _ = v.take(NDArray([0]), axis: 1) } == "[take] axis 1 is out of bounds for array of dimension 1")
        #expect(errorMessage { _ = v[NDArray([1.0])] } == "[index] arrays used as indices must be of integer (or boolean) type, got float64")
    }

    @Test func oneHotIsEyeIndexedByLabels() {
        let labels = NDArray([0, 2, 1, 3])
        let expected = "[[1. 0. 0. 0.]\n [0. 0. 1. 0.]\n [0. 1. 0. 0.]\n [0. 0. 0. 1.]]"
        #expect(NDArray.eye(4)[labels].description == expected)
        let encoded = oneHot(labels, classes: 4)
        #expect(encoded.dtype == .float64)
        #expect(encoded.description == expected)
        #expect(oneHot(NDArray([[1], [-1]]), classes: 3).shape == [2, 1, 3])
        #expect(oneHot(NDArray([[1], [-1]]), classes: 3).toArray(Double.self) == [0, 1, 0, 0, 0, 1])
        #expect(errorMessage { _ = oneHot(NDArray([0, 4]), classes: 4) } == "[one_hot] index 4 is out of bounds for axis 0 with size 4")
    }

    @Test func barriersGiveEvaluatedLeaves() {
        let a = counting([4]) + 1
        let selected = a[a .> 2]
        #expect(selected.isEvaluated)
        #expect(a.isEvaluated)
        let gathered = (counting([4]) * 2)[NDArray([1])]
        #expect(gathered.isEvaluated)
        #expect(gathered.toArray(Double.self) == [2])
    }
}
