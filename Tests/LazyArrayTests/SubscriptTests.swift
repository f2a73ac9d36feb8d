import Testing
@testable import LazyArray
import Kernels

/// `0, 1, ..., n-1` as a float64 array of `shape`.
private func counting(_ shape: [Int]) -> NDArray {
    NDArray((0..<shape.reduce(1, *)).map(Double.init), shape: shape)
}

/// The value of `make()` in each evaluation mode, each from a separately built expression.
private func valuesInEachMode(_ make: () -> NDArray) -> [[Double]] {
    allModes.map { make().evaluate(mode: $0).toArray(Double.self) }
}

/// Basic indexing: integers, ranges, steps, new axes and the ellipsis, all views.
@Suite(.timeLimit(.minutes(10))) struct SubscriptTests {
    @Test func everyFormTypeChecksAsAnArray() {
        let a = counting([3, 4])
        let i = 1
        let forms: [NDArray] = [a[0], a[-1], a[1..<3], a[1...], a[..<2], a[...1], a[.all, 0], a[.all, 1..<3],
                                a[i..<(i + 16)], a[.newAxis], a[.ellipsis, 0], a[.slice(step: -1)]]
        #expect(forms.map(\.shape) == [[4], [4], [2, 4], [2, 4], [2, 4], [2, 4], [3], [3, 2],
                                       [2, 4], [1, 3, 4], [3], [3, 4]])
        // Arithmetic on a subscript stays an array (the scalar subscript only applies where a
        // Swift scalar is asked for).
        let sum = a[0] + 1
        #expect(type(of: sum) == NDArray.self)
        #expect(sum.toArray(Double.self) == [1, 2, 3, 4])
        let scalar: Double = a[1, 2]
        #expect(scalar == 6)
        let last: Int = a[-1, -1]
        #expect(last == 11)
        // Assigning an expression of subscripts picks the array subscripts, a Swift scalar
        // (literal or variable) the scalar one.
        var b = a
        b[1..<3, .all] = a[0] * 2 + 1
        let fill = 0.5
        b[.all, 3] = fill
        #expect(b.toArray(Double.self) == [0, 1, 2, 0.5, 1, 3, 5, 0.5, 1, 3, 5, 0.5])
    }

    @Test func integerIndexDropsTheAxis() {
        let a = counting([3, 4])
        #expect(a[0].toArray(Double.self) == [0, 1, 2, 3])
        #expect(a[-1].toArray(Double.self) == [8, 9, 10, 11])
        #expect(a[1, 2].shape == [])
        #expect(a[1, 2].item(Double.self) == 6)
        #expect(a[.all, -1].toArray(Double.self) == [3, 7, 11])
        #expect(a[-3, -4].item(Double.self) == 0)
    }

    @Test func rangesSelectLikeNumPySlices() {
        let a = counting([4, 3])
        #expect(a[1..<3].toArray(Double.self) == [3, 4, 5, 6, 7, 8])          // a[1:3]
        #expect(a[2...].toArray(Double.self) == [6, 7, 8, 9, 10, 11])         // a[2:]
        #expect(a[..<1].toArray(Double.self) == [0, 1, 2])                    // a[:1]
        #expect(a[...1].toArray(Double.self) == [0, 1, 2, 3, 4, 5])           // a[:2]
        #expect(a[1...2].toArray(Double.self) == [3, 4, 5, 6, 7, 8])          // a[1:3]
        #expect(a[(-2)...].toArray(Double.self) == [6, 7, 8, 9, 10, 11])      // a[-2:]
        #expect(a[.slice(1, -1)].toArray(Double.self) == [3, 4, 5, 6, 7, 8])     // a[1:-1]
        #expect(a[(-3)...(-2)].toArray(Double.self) == [3, 4, 5, 6, 7, 8])   // a[-3:-1]
        #expect(a[.all, 1..<3].toArray(Double.self) == [1, 2, 4, 5, 7, 8, 10, 11])
        #expect(a[1..<3, ...0].toArray(Double.self) == [3, 6])
    }

    @Test func outOfRangeSlicesClamp() {
        let x = counting([100])
        #expect(x[96..<112].shape == [4])
        #expect(x[96..<112].toArray(Double.self) == [96, 97, 98, 99])
        #expect(x[200...].shape == [0])
        #expect(x[(-200)..<2].toArray(Double.self) == [0, 1])
        #expect(x[..<(-98)].toArray(Double.self) == [0, 1])
        #expect(x[5..<5].shape == [0])
        #expect(x[.slice(7, 3)].shape == [0])
        let i = 96
        #expect(x[i..<(i + 16)].shape == [4])
    }

    @Test func stepsIncludingNegativeOnes() {
        let x = counting([10])
        #expect(x[.slice(step: -1)].toArray(Double.self) == [9, 8, 7, 6, 5, 4, 3, 2, 1, 0])   // x[::-1]
        #expect(x[.slice(1, 7, step: 2)].toArray(Double.self) == [1, 3, 5])                    // x[1:7:2]
        #expect(x[.slice(8, 2, step: -3)].toArray(Double.self) == [8, 5])                      // x[8:2:-3]
        #expect(x[.slice(step: -4)].toArray(Double.self) == [9, 5, 1])                         // x[::-4]
        #expect(x[.slice(-1, -11, step: -1)].toArray(Double.self) == [9, 8, 7, 6, 5, 4, 3, 2, 1, 0])
        #expect(x[.slice(20, nil, step: -3)].toArray(Double.self) == [9, 6, 3, 0])             // x[20::-3]
        #expect(x[.slice(2, 8, step: -1)].shape == [0])                                        // x[2:8:-1]
        #expect(x[.slice(nil, -12, step: -1)].shape == [10])                                   // x[:-12:-1]
        let m = counting([3, 4])
        #expect(m[.slice(step: -1), .slice(step: -2)].toArray(Double.self) == [11, 9, 7, 5, 3, 1])
    }

    @Test func newAxisAndEllipsis() {
        let b = counting([2, 3, 4])
        #expect(b[.ellipsis, 0].shape == [2, 3])
        #expect(b[.ellipsis, 0].toArray(Double.self) == [0, 4, 8, 12, 16, 20])     // b[..., 0]
        #expect(b[0, .ellipsis].toArray(Double.self) == Array(0..<12).map(Double.init))
        #expect(b[1, .ellipsis, 2].toArray(Double.self) == [14, 18, 22])           // b[1, ..., 2]
        #expect(b[.newAxis].shape == [1, 2, 3, 4])
        #expect(b[.all, .newAxis, 1].shape == [2, 1, 4])                            // b[:, None, 1]
        #expect(b[.all, .newAxis, 1].toArray(Double.self) == [4, 5, 6, 7, 16, 17, 18, 19])
        #expect(b[.ellipsis, .newAxis].shape == [2, 3, 4, 1])
        #expect(b[.ellipsis].shape == [2, 3, 4])
        #expect(NDArray(5.0)[.newAxis].shape == [1])
    }

    @Test func composedViewsReadThroughStrides() {
        // A slice of a transpose of a slice, then an elementwise op, in both modes.
        let make = { () -> NDArray in
            let m = counting([4, 5])
            let s = m[1..<4, .slice(step: 2)]            // [[5 7 9] [10 12 14] [15 17 19]]
            let t = s.T                                  // [[5 10 15] [7 12 17] [9 14 19]]
            return t[.slice(step: -1), 1...] + 1         // [[14 19] [12 17] [10 15]] + 1
        }
        #expect(make().shape == [3, 2])
        for values in valuesInEachMode(make) { #expect(values == [15, 20, 13, 18, 11, 16]) }
    }

    @Test func subscriptsAreViewsOfTheSameBuffer() {
        let a = counting([4, 6]).evaluate()
        let views = [a[1], a[.all, 2], a[1..<3, .slice(step: -2)], a[.newAxis, 2, .ellipsis], a.T[1..<3]]
        let buffer = a.materialized.buffer
        for view in views {
            #expect(view.evaluate().isEvaluated)
            #expect(view.materialized.buffer === buffer)
        }
        let column = a[.all, 2].materialized.view
        #expect(column.strides == [6])
        #expect(column.offset == 2)
        let reversed = a[.slice(step: -1), 0].materialized.view
        #expect(reversed.strides == [-6])
        #expect(reversed.offset == 18)
    }

    @Test func indexingALazyExpressionMatchesTheEagerReference() {
        let make = { () -> NDArray in
            let a = counting([3, 4])
            return sqrt(a[.all, 1..<3] * 2 + a[0, .newAxis, 2...]) - a[.slice(step: -1), 0][.all, .newAxis]
        }
        // sqrt(a[i, j + 1] * 2 + a[0, j + 2]) - a[2 - i, 0]
        let reference: [Double] = (0..<3).flatMap { i in
            (0..<2).map { j -> Double in
                let left: Double = 2 * Double(4 * i + j + 1)
                let right = Double(j + 2)
                return (left + right).squareRoot() - Double(8 - 4 * i)
            }
        }
        for values in valuesInEachMode(make) {
            #expect(zip(values, reference).allSatisfy { Swift.abs($0 - $1) < 1e-12 })
        }
    }

    @Test func outOfRangeIntegerIsAnError() {
        let a = counting([3])
        #expect(errorMessage { _ = a[5] } == "[index] index 5 is out of bounds for axis 0 with size 3")
        #expect(errorMessage { _ = a[-4] } == "[index] index -4 is out of bounds for axis 0 with size 3")
        let m = counting([2, 3])
        #expect(errorMessage { _ = m[.all, 3] } == "[index] index 3 is out of bounds for axis 1 with size 3")
        #expect(errorMessage { _ = m[0, 0, 0] } == "[index] too many indices for array: array is 2-dimensional, but 3 were indexed")
        #expect(errorMessage { _ = m[.ellipsis, 0, .ellipsis] } == "[index] an index can only have a single ellipsis ('...')")
        #expect(errorMessage { _ = m[.slice(step: 0)] } == "[index] slice step cannot be zero")
        #expect(errorMessage { _ = m[.newAxis, 1, .newAxis, 2] } == nil)
    }
}
