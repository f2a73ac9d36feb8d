import Testing
@testable import LazyArray
import Kernels

/// Every creation form in API.md against hand-computed values.
@Suite(.timeLimit(.minutes(10))) struct CreationTests {
    @Test func flatWithShapeForEachElementType() {
        let d = NDArray([1.5, 2.5, 3.5, 4.5, 5.5, 6.5], shape: [2, 3])
        #expect(d.dtype == .float64 && d.shape == [2, 3] && d.ndim == 2 && d.size == 6)
        #expect(d.toArray(Double.self) == [1.5, 2.5, 3.5, 4.5, 5.5, 6.5])

        let f = NDArray([Float](repeating: 1, count: 6), shape: [2, 3])
        #expect(f.dtype == .float32 && f.shape == [2, 3])
        #expect(f.toArray(Float.self) == [1, 1, 1, 1, 1, 1])

        let i = NDArray([1, -2, 3, -4], shape: [4, 1])
        #expect(i.dtype == .int64 && i.shape == [4, 1])
        #expect(i.toArray(Int.self) == [1, -2, 3, -4])

        let i64 = NDArray([Int64.max, Int64.min])
        #expect(i64.dtype == .int64)
        #expect(i64.toArray(Int64.self) == [Int64.max, Int64.min])

        let i32 = NDArray([Int32.max, Int32.min, 0, 7], shape: [2, 1, 2])
        #expect(i32.dtype == .int32 && i32.shape == [2, 1, 2])
        #expect(i32.toArray(Int32.self) == [Int32.max, Int32.min, 0, 7])

        let b = NDArray([true, false, false, true], shape: [2, 2])
        #expect(b.dtype == .bool)
        #expect(b.toArray(Bool.self) == [true, false, false, true])

        // Default shape is 1-D; a 1-D literal of Doubles is float64, of Ints int64.
        #expect(NDArray([1.0, 2.0, 3.0]).shape == [3])
        #expect(NDArray([1.0, 2.0, 3.0]).dtype == .float64)
        #expect(NDArray([1, 2, 3, 4]).dtype == .int64)
        // Empty and zero-size.
        let empty = NDArray([Double](), shape: [3, 0])
        #expect(empty.shape == [3, 0] && empty.size == 0)
        #expect(empty.toArray(Double.self) == [])
        // Special float values round-trip bit for bit.
        let special = NDArray([Double.infinity, -.infinity, -0.0, .leastNonzeroMagnitude])
        #expect(sameBits(special.toArray(Double.self), [.infinity, -.infinity, -0.0, .leastNonzeroMagnitude]))
        #expect(NDArray([Double.nan]).toArray(Double.self)[0].isNaN)
    }

    @Test func nested() {
        let i2 = NDArray([[1, 2, 3], [4, 5, 6]])
        #expect(i2.shape == [2, 3] && i2.dtype == .int64)
        #expect(i2.toArray(Int.self) == [1, 2, 3, 4, 5, 6])
        let d2 = NDArray([[1.5], [2.5]])
        #expect(d2.shape == [2, 1] && d2.dtype == .float64)
        #expect(d2.toArray(Double.self) == [1.5, 2.5])
        let f2 = NDArray([[Float(1), 2], [3, 4]])
        #expect(f2.dtype == .float32 && f2.toArray(Float.self) == [1, 2, 3, 4])
        let i322 = NDArray([[Int32(1), 2]])
        #expect(i322.dtype == .int32 && i322.shape == [1, 2])
        let b2 = NDArray([[true], [false], [true]])
        #expect(b2.dtype == .bool && b2.shape == [3, 1])
        #expect(b2.toArray(Bool.self) == [true, false, true])

        let i3 = NDArray([[[1, 2], [3, 4], [5, 6]], [[7, 8], [9, 10], [11, 12]]])
        #expect(i3.shape == [2, 3, 2] && i3.dtype == .int64)
        #expect(i3.toArray(Int.self) == Array(1...12))
        let d3 = NDArray([[[0.5, 1.5, 2.5]]])
        #expect(d3.shape == [1, 1, 3] && d3.dtype == .float64)
        #expect(d3.toArray(Double.self) == [0.5, 1.5, 2.5])
        let f3 = NDArray([[[Float(1)]], [[Float(2)]]])
        #expect(f3.shape == [2, 1, 1] && f3.dtype == .float32)
        let b3 = NDArray([[[true, false]], [[false, true]]])
        #expect(b3.dtype == .bool && b3.toArray(Bool.self) == [true, false, false, true])
        let i323 = NDArray([[[Int32(-1)]]])
        #expect(i323.dtype == .int32 && i323.item(Int32.self) == -1)
        // Element [1][2][0] of the 3-D literal sits at row-major position 1*6 + 2*2 + 0.
        #expect(i3.toArray(Int.self)[1 * 6 + 2 * 2 + 0] == 11)
    }

    @Test func zeroDimensional() {
        let a = NDArray(3.5)
        #expect(a.shape == [] && a.ndim == 0 && a.size == 1 && a.dtype == .float64)
        #expect(a.item(Double.self) == 3.5)
        #expect(a.toArray(Double.self) == [3.5])
        #expect(NDArray(7).dtype == .int64 && NDArray(7).item(Int.self) == 7)
        #expect(NDArray(Float(2.5)).dtype == .float32)
        #expect(NDArray(Int32(-4)).dtype == .int32)
        #expect(NDArray(true).dtype == .bool && NDArray(true).item(Bool.self))
        #expect((NDArray(3.5) * 2).item(Double.self) == 7)
    }

    @Test func zerosOnesFull() {
        let z = NDArray.zeros([2, 3])
        #expect(z.dtype == .float64 && z.shape == [2, 3])
        #expect(z.toArray(Double.self) == [0, 0, 0, 0, 0, 0])
        let o = NDArray.ones([2, 3], dtype: .float32)
        #expect(o.dtype == .float32 && o.toArray(Float.self) == [1, 1, 1, 1, 1, 1])
        for dtype in DType.allCases {
            #expect(NDArray.zeros([3], dtype: dtype).dtype == dtype)
            #expect(NDArray.zeros([3], dtype: dtype).toArray(Double.self) == [0, 0, 0])
            #expect(NDArray.ones([2], dtype: dtype).toArray(Double.self) == [1, 1])
        }
        #expect(NDArray.zeros([]).shape == [] && NDArray.zeros([]).item(Double.self) == 0)
        #expect(NDArray.ones([0, 4]).toArray(Double.self) == [])

        let seven = NDArray.full([2, 3], 7.0)
        #expect(seven.dtype == .float64 && seven.toArray(Double.self) == Array(repeating: 7, count: 6))
        #expect(NDArray.full([2], 7).dtype == .int64)
        #expect(NDArray.full([2], 7).toArray(Int.self) == [7, 7])
        #expect(NDArray.full([2], true).dtype == .bool)
        #expect(NDArray.full([2], true).toArray(Bool.self) == [true, true])
        #expect(NDArray.full([2], 2.75, dtype: .float32).toArray(Float.self) == [2.75, 2.75])
        // Converted like astype: 2.75 to int32 truncates to 2.
        #expect(NDArray.full([2], 2.75, dtype: .int32).toArray(Int32.self) == [2, 2])
        #expect(NDArray.full([1, 1, 2], -1, dtype: .float64).toArray(Double.self) == [-1, -1])
    }

    @Test func eye() {
        #expect(NDArray.eye(4).shape == [4, 4] && NDArray.eye(4).dtype == .float64)
        #expect(NDArray.eye(3).toArray(Double.self) == [1, 0, 0, 0, 1, 0, 0, 0, 1])
        // np.eye(3, k=1)
        #expect(NDArray.eye(3, k: 1).toArray(Int.self) == [0, 1, 0, 0, 0, 1, 0, 0, 0])
        // np.eye(3, k=-2)
        #expect(NDArray.eye(3, k: -2).toArray(Int.self) == [0, 0, 0, 0, 0, 0, 1, 0, 0])
        // np.eye(2, 4): 2 rows, 4 columns
        let wide = NDArray.eye(2, 4)
        #expect(wide.shape == [2, 4])
        #expect(wide.toArray(Int.self) == [1, 0, 0, 0, 0, 1, 0, 0])
        // np.eye(4, 2, k=-1)
        let tall = NDArray.eye(4, 2, k: -1)
        #expect(tall.shape == [4, 2])
        #expect(tall.toArray(Int.self) == [0, 0, 1, 0, 0, 1, 0, 0])
        // k past the edge: all zeros
        #expect(NDArray.eye(2, k: 5).toArray(Int.self) == [0, 0, 0, 0])
        let e = NDArray.eye(2, dtype: .int32)
        #expect(e.dtype == .int32 && e.toArray(Int32.self) == [1, 0, 0, 1])
        #expect(NDArray.eye(2, dtype: .bool).toArray(Bool.self) == [true, false, false, true])
        #expect(NDArray.eye(0).shape == [0, 0])
    }

    @Test func arange() {
        #expect(NDArray.arange(10).dtype == .int64)
        #expect(NDArray.arange(10).toArray(Int.self) == Array(0..<10))
        #expect(NDArray.arange(0, 10, step: 2).toArray(Int.self) == [0, 2, 4, 6, 8])
        #expect(NDArray.arange(1, 10, step: 3).toArray(Int.self) == [1, 4, 7])
        #expect(NDArray.arange(10, 0, step: -3).toArray(Int.self) == [10, 7, 4, 1])
        #expect(NDArray.arange(-3, 3).toArray(Int.self) == [-3, -2, -1, 0, 1, 2])
        #expect(NDArray.arange(0, 5, step: 10).toArray(Int.self) == [0])
        #expect(NDArray.arange(5, 0).shape == [0])
        #expect(NDArray.arange(0, 5, step: -1).shape == [0])
        #expect(NDArray.arange(0).shape == [0])

        let f = NDArray.arange(0.0, 1.0, step: 0.25)
        #expect(f.dtype == .float64)
        #expect(f.toArray(Double.self) == [0, 0.25, 0.5, 0.75])
        // Negative float step: count = ceil((-1 - 2) / -0.75) = 4; quarters are exact.
        #expect(NDArray.arange(2.0, -1.0, step: -0.75).toArray(Double.self) == [2, 1.25, 0.5, -0.25])
        // count = ceil(1 / 0.3) = 4, as NumPy: [0, 0.3, 0.6, 0.9] computed start + i*step.
        let thirds = NDArray.arange(0.0, 1.0, step: 0.3).toArray(Double.self)
        #expect(thirds == [0, 0.3, 2 * 0.3, 3 * 0.3])
        #expect(NDArray.arange(0.5, 3.0).toArray(Double.self) == [0.5, 1.5, 2.5])
        let f32 = NDArray.arange(0.0, 2.0, step: 0.5, dtype: .float32)
        #expect(f32.dtype == .float32 && f32.toArray(Float.self) == [0, 0.5, 1, 1.5])
        #expect(NDArray.arange(1.0, 0.0).shape == [0])
    }

    @Test func linspace() {
        let l = NDArray.linspace(0, 1, count: 5)
        #expect(l.dtype == .float64)
        #expect(l.toArray(Double.self) == [0, 0.25, 0.5, 0.75, 1])
        #expect(NDArray.linspace(0, 1, count: 4, endpoint: false).toArray(Double.self) == [0, 0.25, 0.5, 0.75])
        #expect(NDArray.linspace(2, -2, count: 5).toArray(Double.self) == [2, 1, 0, -1, -2])
        #expect(NDArray.linspace(3, 7, count: 1).toArray(Double.self) == [3])
        #expect(NDArray.linspace(3, 7, count: 0).shape == [0])
        #expect(NDArray.linspace(0, 1, count: 50).shape == [50])
        // The endpoint is exactly stop even when the step does not divide evenly:
        // np.linspace(0, 1, 7)[-1] == 1.0 exactly.
        let sevenths = NDArray.linspace(0, 1, count: 7).toArray(Double.self)
        #expect(sevenths.last == 1.0)
        // Interior points are start + i*step, step = 1/6; within 1 ulp of i/6 (NumPy computes
        // them the same way, so the comparison tolerance only absorbs the i*step rounding).
        for (i, value) in sevenths.enumerated() {
            #expect(ulpDistance(value, Double(i) / 6, dtype: .float64) <= 1, "point \(i): \(value)")
        }
        let f32 = NDArray.linspace(0, 1, count: 3, dtype: .float32)
        #expect(f32.dtype == .float32 && f32.toArray(Float.self) == [0, 0.5, 1])
    }

    @Test func toArrayConvertsAcrossDtypes() {
        let d = NDArray([1.7, -1.7, 0.0, 2.5])
        #expect(d.toArray(Int.self) == [1, -1, 0, 2])                  // truncation toward zero
        #expect(d.toArray(Int32.self) == [1, -1, 0, 2])
        #expect(d.toArray(Bool.self) == [true, true, false, true])     // nonzero is true
        #expect(d.toArray(Float.self) == [Float(1.7), Float(-1.7), 0, 2.5])
        let i = NDArray([3, -1, 0])
        #expect(i.toArray(Double.self) == [3, -1, 0])
        #expect(i.toArray(Bool.self) == [true, true, false])
        #expect(i.toArray(Float.self) == [3, -1, 0])
        let b = NDArray([true, false])
        #expect(b.toArray(Int.self) == [1, 0])
        #expect(b.toArray(Double.self) == [1, 0])
        #expect(b.toArray(Int32.self) == [1, 0])
        // int64 to int32 wraps like NumPy's astype: 2^32 + 5 -> 5, 2^31 -> -2^31.
        #expect(NDArray([4_294_967_301, 2_147_483_648]).toArray(Int32.self) == [5, Int32.min])
        // Through a strided view (transposed): row-major order of the view.
        #expect(NDArray([[1.5, 2.5], [3.5, 4.5]]).T.toArray(Int.self) == [1, 3, 2, 4])
    }

    @Test func item() {
        #expect(NDArray(2.5).item(Double.self) == 2.5)
        #expect(NDArray(2.5).item(Int.self) == 2)
        #expect(NDArray([9], shape: [1, 1]).item(Int.self) == 9)
        #expect(NDArray([9], shape: [1, 1]).item(Double.self) == 9)
        #expect(NDArray([Int32(-3)]).item(Bool.self) == true)
        #expect(NDArray([false]).item(Float.self) == 0)
        #expect((NDArray([1.0, 2.0]) * 3).reshape([2, 1]).T.expandDims(axis: 0).shape == [1, 1, 2])
    }

    @Test func astype() {
        let d = NDArray([1.9, -1.9, 0.0, 300.5])
        let i32 = d.astype(.int32)
        #expect(i32.dtype == .int32 && i32.shape == [4])
        #expect(!i32.isEvaluated, "astype is lazy")
        #expect(i32.toArray(Int32.self) == [1, -1, 0, 300])
        #expect(d.astype(.bool).toArray(Bool.self) == [true, true, false, true])
        #expect(d.astype(.float32).dtype == .float32)
        #expect(d.astype(.float32).toArray(Float.self) == [Float(1.9), Float(-1.9), 0, 300.5])
        #expect(NDArray([true, false]).astype(.float64).toArray(Double.self) == [1, 0])
        #expect(NDArray([Int32(7), -8]).astype(.int64).toArray(Int.self) == [7, -8])
        // Same dtype: the very same array, no new node.
        #expect(d.astype(.float64).node === d.node)
        // NaN and out-of-range floats give the type's minimum (NumPy on x86-64).
        #expect(NDArray([Double.nan, 1e300]).astype(.int64).toArray(Int64.self) == [Int64.min, Int64.min])
        #expect(NDArray([Double.nan, 1e10]).astype(.int32).toArray(Int32.self) == [Int32.min, Int32.min])
        // Converting in either evaluation mode gives the same result.
        for mode in allModes {
            let y = NDArray([2.5, -0.5]).astype(.int64) * 2
            evaluate(y, mode: mode)
            #expect(y.toArray(Int.self) == [4, 0])
        }
    }
}
