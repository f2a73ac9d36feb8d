import Testing
@testable import LazyArray
import Kernels

/// `0, 1, ..., n-1` as a float64 array of `shape`.
private func counting(_ shape: [Int]) -> NDArray {
    NDArray((0..<shape.reduce(1, *)).map(Double.init), shape: shape)
}

/// Assignments through subscripts: new lazy values, copy-on-write, NumPy's casting and broadcasting.
@Suite(.timeLimit(.minutes(10))) struct UpdateTests {
    @Test func maskAssignmentOfAScalarStaysLazy() {
        var a = NDArray([3.0, -1.0, 4.0, -2.0])
        a[a .< 0] = 0
        #expect(!a.isEvaluated)
        #expect(a.toArray(Double.self) == [3, 0, 4, 0])
    }

    @Test func copiesNeverChangeTheOriginal() {
        let original = counting([2, 3]).evaluate()
        var copy = original
        copy[0] = 9
        copy[.all, 2] = NDArray([7.0, 8.0])
        copy[copy .> 8] = -1
        let view = original[1]
        var other = view
        other[0] = 100
        #expect(copy.toArray(Double.self) == [-1, -1, 7, 3, 4, 8])
        #expect(original.toArray(Double.self) == [0, 1, 2, 3, 4, 5])
        #expect(view.toArray(Double.self) == [3, 4, 5])
        #expect(other.toArray(Double.self) == [100, 4, 5])
    }

    @Test func columnAssignment() {
        var m = NDArray.zeros([3, 2])
        m[.all, 0] = NDArray([1.0, 2.0, 3.0])
        #expect(!m.isEvaluated)
        #expect(m.toArray(Double.self) == [1, 0, 2, 0, 3, 0])
        m[1, 1] = 5
        #expect(m.toArray(Double.self) == [1, 0, 2, 5, 3, 0])
    }

    @Test func rangeAssignmentPlacesTheValue() {
        var a = counting([5])
        a[1..<3] = NDArray([10.0, 20.0])
        #expect(a.toArray(Double.self) == [0, 10, 20, 3, 4])
        var m = counting([3, 4])
        m[1..<3] = NDArray([1.0, 2.0, 3.0, 4.0])          // broadcast over the rows: stays lazy
        #expect(!m.isEvaluated)
        #expect(m.toArray(Double.self) == [0, 1, 2, 3, 1, 2, 3, 4, 1, 2, 3, 4])
        var n = counting([3, 3])
        n[1..., 1...] = NDArray([[-1.0, -2.0], [-3.0, -4.0]])
        #expect(n.toArray(Double.self) == [0, 1, 2, 3, -1, -2, 6, -3, -4])
        var clamped = counting([4])
        clamped[2..<100] = 0                                 // a[2:100] = 0
        #expect(clamped.toArray(Double.self) == [0, 1, 0, 0])
    }

    @Test func steppedAndReversedAssignment() {
        var a = NDArray([0, 1, 2, 3, 4, 5])
        a[.slice(step: 2)] = NDArray([7, 8, 9])
        #expect(a.toArray(Int.self) == [7, 1, 8, 3, 9, 5])
        var b = NDArray([0, 0, 0])
        b[.slice(step: -1)] = NDArray([1, 2, 3])           // whole axis backwards: lazy
        #expect(!b.isEvaluated)
        #expect(b.toArray(Int.self) == [3, 2, 1])
        var c = NDArray([0, 0, 0, 0, 0])
        c[.slice(3, nil, step: -2)] = NDArray([1, 2])      // c[3::-2] = [1, 2]
        #expect(c.toArray(Int.self) == [0, 2, 0, 1, 0])
        var d = counting([2, 2])
        d[.newAxis, .ellipsis, 0] = NDArray([[5.0, 6.0]])
        #expect(d.toArray(Double.self) == [5, 1, 6, 3])
    }

    @Test func assignedValuesTakeTheArraysDtype() {
        var a = NDArray([1, 2, 3])
        a[0] = 2.7                                           // NumPy truncates into the int array
        a[1..<3] = NDArray([4.9, -5.9])
        #expect(a.dtype == .int64)
        #expect(a.toArray(Int.self) == [2, 4, -5])
        var flags = NDArray([false, false])
        flags[1] = 1
        #expect(flags.toArray(Bool.self) == [false, true])
    }

    @Test func maskAssignmentInOrder() {
        var a = NDArray([1.0, -2.0, 3.0, -4.0])
        a[a .< 0] = NDArray([10.0, 20.0])
        #expect(a.toArray(Double.self) == [1, 10, 3, 20])
        var x = counting([3, 2])
        x[NDArray([true, false, true])] = NDArray([9.0, 8.0])      // one row for every selected row
        #expect(x.toArray(Double.self) == [9, 8, 2, 3, 9, 8])
        var y = counting([3, 2])
        y[NDArray([true, false, true])] = NDArray([[1.0, 2.0], [3.0, 4.0]])
        #expect(y.toArray(Double.self) == [1, 2, 2, 3, 3, 4])
    }

    @Test func integerArrayAssignment() {
        var a = NDArray([0.0, 0.0, 0.0, 0.0])
        a[NDArray([0, -1])] = 7
        #expect(a.toArray(Double.self) == [7, 0, 0, 7])
        a[NDArray([2, 0, 2])] = NDArray([1.0, 2.0, 3.0])       // a repeated index keeps the last
        #expect(a.toArray(Double.self) == [2, 0, 3, 7])
        var m = counting([3, 2])
        m[NDArray([1])] = NDArray([-1.0, -2.0])
        #expect(m.toArray(Double.self) == [0, 1, -1, -2, 4, 5])
    }

    @Test(arguments: allModes)
    func updatesMatchTheEagerReference(mode: EvaluationMode) {
        var m = counting([4, 3]) * 2
        m[m .> 15] = -1
        m[.all, 0] = m[.all, 1] + 100
        m[1..<3, .slice(step: -1)] = NDArray([0.5, 1.5, 2.5])
        m[NDArray([3])] = 7
        m.evaluate(mode: mode)
        #expect(m.toArray(Double.self) == [102, 2, 4, 2.5, 1.5, 0.5, 2.5, 1.5, 0.5, 7, 7, 7])
    }

    @Test func updateErrors() {
        var a = counting([4])
        #expect(errorMessage { a[1..<3] = NDArray([1.0, 2.0, 3.0]) } == "[setitem] could not broadcast input array from shape (3,) into shape (2,)")
        #expect(errorMessage { a[7] = 1 } == "[index] index 7 is out of bounds for axis 0 with size 4")
        #expect(errorMessage { a[a .> 1] = NDArray([1.0, 2.0, 3.0]) }
                == "[setitem] cannot assign an array of shape (3,) to the 2 positions where the mask is true; it must broadcast to (2,)")
        #expect(errorMessage { a[NDArray([4])] = 1 } == "[setitem] index 4 is out of bounds for axis 0 with size 4")
        #expect(errorMessage { a[NDArray([true])] = 1 }
                == "[setitem] boolean index did not match indexed array along axis 0; size of axis is 4 but size of corresponding boolean axis is 1")
        #expect(a.toArray(Double.self) == [0, 1, 2, 3])
    }
}
