import Testing
@testable import LazyArray
import Kernels

/// A basic slice through the internal view node (the public subscripts are built on it).
func sliced(_ a: NDArray, _ slices: [AxisSlice]) -> NDArray {
    a.view(.slice(slices), shape: slices.map(\.count))
}

/// Whether `a` and `b`, both evaluated, hold the same memory.
func sharesBuffer(_ a: NDArray, _ b: NDArray) -> Bool {
    guard let x = a.node.lockedValue?.buffer,
          let y = b.node.lockedValue?.buffer else { return false }
    return x === y
}

/// `0, 1, ..., n-1` as an int64 array of `shape` (made from data, so already evaluated).
func iota(_ shape: [Int]) -> NDArray {
    NDArray(Array(0..<shape.reduce(1, *)), shape: shape)
}

@Suite(.timeLimit(.minutes(10))) struct ViewTests {
    @Test(arguments: allModes)
    func reshapeWithMinusOne(mode: EvaluationMode) {
        let a = iota([24])
        let shapes: [([Int], [Int])] = [([2, -1, 4], [2, 3, 4]), ([-1], [24]), ([4, -1], [4, 6]),
                                        ([-1, 1, 2], [12, 1, 2]), ([1, 2, 3, 4], [1, 2, 3, 4])]
        for (request, expected) in shapes {
            let r = a.reshape(request)
            #expect(r.shape == expected)
            evaluate(r, mode: mode)
            #expect(r.toArray(Int.self) == Array(0..<24))
        }
        #expect(a.reshape(2, 3, 4).shape == [2, 3, 4])
        #expect(iota([0]).reshape([3, -1]).shape == [3, 0])
        #expect(NDArray(5).reshape([1, 1]).shape == [1, 1])
        #expect(iota([1, 1]).reshape([]).shape == [])
        // Row-major: element [i, j, k] of the (2, 3, 4) reshape is 12i + 4j + k.
        let r = a.reshape([2, 3, 4]).transposed([2, 1, 0])
        evaluate(r, mode: mode)
        var expected: [Int] = []
        for k in 0..<4 { for j in 0..<3 { for i in 0..<2 { expected.append(12 * i + 4 * j + k) } } }
        #expect(r.toArray(Int.self) == expected)
    }

    @Test(arguments: allModes)
    func transposes(mode: EvaluationMode) {
        let a = iota([2, 3, 4])
        let t = a.T
        #expect(t.shape == [4, 3, 2])
        evaluate(t, mode: mode)
        var expected: [Int] = []
        for k in 0..<4 { for j in 0..<3 { for i in 0..<2 { expected.append(12 * i + 4 * j + k) } } }
        #expect(t.toArray(Int.self) == expected)

        let p = a.transposed([1, 0, 2])
        #expect(p.shape == [3, 2, 4])
        evaluate(p, mode: mode)
        expected = []
        for j in 0..<3 { for i in 0..<2 { for k in 0..<4 { expected.append(12 * i + 4 * j + k) } } }
        #expect(p.toArray(Int.self) == expected)

        // Negative axes: [-1, 0, 1] is [2, 0, 1].
        let n = a.transposed([-1, 0, 1])
        #expect(n.shape == [4, 2, 3])
        evaluate(n, mode: mode)
        expected = []
        for k in 0..<4 { for i in 0..<2 { for j in 0..<3 { expected.append(12 * i + 4 * j + k) } } }
        #expect(n.toArray(Int.self) == expected)

        // 1-D and 0-d transposes are the array itself; T of T is the original.
        #expect(iota([5]).T.toArray(Int.self) == [0, 1, 2, 3, 4])
        #expect(NDArray(7).T.item(Int.self) == 7)
        let tt = a.T.T
        evaluate(tt, mode: mode)
        #expect(tt.shape == [2, 3, 4])
        #expect(tt.toArray(Int.self) == Array(0..<24))
    }

    @Test(arguments: allModes)
    func expandDimsAndSqueeze(mode: EvaluationMode) {
        let a = iota([2, 3])
        #expect(a.expandDims(axis: 0).shape == [1, 2, 3])
        #expect(a.expandDims(axis: 1).shape == [2, 1, 3])
        #expect(a.expandDims(axis: 2).shape == [2, 3, 1])
        #expect(a.expandDims(axis: -1).shape == [2, 3, 1])
        #expect(a.expandDims(axis: -3).shape == [1, 2, 3])
        #expect(NDArray(1.5).expandDims(axis: 0).shape == [1])
        let e = a.expandDims(axis: 1)
        evaluate(e, mode: mode)
        #expect(e.toArray(Int.self) == Array(0..<6))

        let b = iota([1, 3, 1, 2, 1])
        #expect(b.squeeze().shape == [3, 2])
        #expect(b.squeeze(axis: 0).shape == [3, 1, 2, 1])
        #expect(b.squeeze(axis: 2).shape == [1, 3, 2, 1])
        #expect(b.squeeze(axis: -1).shape == [1, 3, 1, 2])
        #expect(iota([1, 1]).squeeze().shape == [])
        let s = b.squeeze()
        evaluate(s, mode: mode)
        #expect(s.toArray(Int.self) == Array(0..<6))
        #expect(iota([1, 1]).squeeze().item(Int.self) == 0)
        // Squeezing a transposed array keeps the transposed order.
        let st = iota([2, 1, 3]).T.squeeze()   // (3, 1, 2) -> (3, 2)
        evaluate(st, mode: mode)
        #expect(st.shape == [3, 2])
        #expect(st.toArray(Int.self) == [0, 3, 1, 4, 2, 5])
    }

    @Test(arguments: allModes)
    func broadcastTo(mode: EvaluationMode) {
        let row = NDArray([1, 2, 3])
        let b = row.broadcast(to: [4, 3])
        #expect(b.shape == [4, 3])
        evaluate(b, mode: mode)
        #expect(b.toArray(Int.self) == [1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3])

        let column = NDArray([1, 2], shape: [2, 1])
        let c = column.broadcast(to: [3, 2, 4])
        evaluate(c, mode: mode)
        #expect(c.toArray(Int.self) == Array(repeating: [1, 1, 1, 1, 2, 2, 2, 2], count: 3).flatMap { $0 })

        let scalar = NDArray(2.5).broadcast(to: [2, 2])
        evaluate(scalar, mode: mode)
        #expect(scalar.toArray(Double.self) == [2.5, 2.5, 2.5, 2.5])
        #expect(row.broadcast(to: [0, 3]).toArray(Int.self) == [])
        #expect(row.broadcast(to: [3]).toArray(Int.self) == [1, 2, 3])
    }

    @Test(arguments: allModes)
    func flatten(mode: EvaluationMode) {
        let a = iota([2, 3, 2])
        let f = a.flatten()
        #expect(f.shape == [12])
        evaluate(f, mode: mode)
        #expect(f.toArray(Int.self) == Array(0..<12))
        // Flattening a transpose gives the transpose's row-major order (a copy in NumPy).
        let ft = iota([2, 3]).T.flatten()
        #expect(ft.shape == [6])
        evaluate(ft, mode: mode)
        #expect(ft.toArray(Int.self) == [0, 3, 1, 4, 2, 5])
        #expect(NDArray(4).flatten().shape == [1])
        #expect(NDArray(4).flatten().toArray(Int.self) == [4])
    }

    /// Reshape of a transposed array cannot be a view: it must still give NumPy's row-major
    /// result. np.arange(6).reshape(2, 3).T.reshape(2, 3) == [[0, 3, 1], [4, 2, 5]].
    @Test(arguments: allModes)
    func reshapeOfTransposed(mode: EvaluationMode) {
        let t = iota([2, 3]).T
        let r = t.reshape([2, 3])
        evaluate(r, mode: mode)
        #expect(r.toArray(Int.self) == [0, 3, 1, 4, 2, 5])
        #expect(!sharesBuffer(r, iota([2, 3])))

        // 3-D: np.arange(24).reshape(2, 3, 4).transpose(1, 0, 2).reshape(6, 4) then .reshape(4, 6)
        let a = iota([2, 3, 4]).transposed([1, 0, 2])
        let r2 = a.reshape([4, 6])
        evaluate(r2, mode: mode)
        var permuted: [Int] = []
        for j in 0..<3 { for i in 0..<2 { for k in 0..<4 { permuted.append(12 * i + 4 * j + k) } } }
        #expect(r2.toArray(Int.self) == permuted)
        // Merging the two leading axes of the transpose needs a copy too.
        let r3 = iota([2, 3, 4]).transposed([1, 0, 2]).reshape([3, 8])
        evaluate(r3, mode: mode)
        #expect(r3.toArray(Int.self) == permuted)
    }

    /// Reshapes of strided layouts: a view where NumPy makes one, a copy elsewhere, and
    /// always the row-major elements.
    @Test(arguments: allModes)
    func reshapeOfStridedLayouts(mode: EvaluationMode) {
        let grid = iota([4, 4])
        // Rows 1..<3, all columns: contiguous, so the reshape is a view.
        let rows = sliced(grid, [AxisSlice(start: 1, step: 1, count: 2), .all(4)]).reshape([8])
        evaluate(rows, mode: mode)
        #expect(rows.toArray(Int.self) == Array(4..<12))
        #expect(sharesBuffer(rows, grid))
        // Rows 1..<3, columns 1..<3: not one strided run, so a copy.
        let block = sliced(grid, [AxisSlice(start: 1, step: 1, count: 2), AxisSlice(start: 1, step: 1, count: 2)]).reshape([4])
        evaluate(block, mode: mode)
        #expect(block.toArray(Int.self) == [5, 6, 9, 10])
        // Every other element: flatten copies, a (3, 1) reshape can stay a view.
        let line = iota([6])
        let evens = sliced(line, [AxisSlice(start: 0, step: 2, count: 3)])
        let flat = evens.flatten()
        let column = evens.reshape([3, 1])
        evaluate(flat, column, mode: mode)
        #expect(flat.toArray(Int.self) == [0, 2, 4])
        #expect(column.toArray(Int.self) == [0, 2, 4])
        #expect(sharesBuffer(column, line))
        // expandDims and squeeze of a transpose only add or drop length-1 axes: views.
        let t = iota([2, 3]).T
        let expanded = t.expandDims(axis: 1)
        let squeezed = iota([2, 1, 3]).T.squeeze()
        evaluate(expanded, squeezed, mode: mode)
        #expect(expanded.shape == [3, 1, 2])
        #expect(expanded.toArray(Int.self) == [0, 3, 1, 4, 2, 5])
        #expect(squeezed.toArray(Int.self) == [0, 3, 1, 4, 2, 5])
        let source = iota([2, 3])
        let expandedView = source.T.expandDims(axis: 0)
        expandedView.evaluate(mode: mode)
        #expect(sharesBuffer(expandedView, source))
    }

    /// A transpose of a slice of a reshape: np.arange(60).reshape(3, 4, 5)[1:3, ::2, 4:0:-1].T
    @Test(arguments: allModes)
    func composedViews(mode: EvaluationMode) {
        let base = iota([60]).reshape([3, 4, 5])
        let s = sliced(base, [AxisSlice(start: 1, step: 1, count: 2),
                              AxisSlice(start: 0, step: 2, count: 2),
                              AxisSlice(start: 4, step: -1, count: 4)])
        #expect(s.shape == [2, 2, 4])
        let t = s.T
        #expect(t.shape == [4, 2, 2])
        evaluate(t, mode: mode)
        var expected: [Int] = []
        for k in 0..<4 { for j in 0..<2 { for i in 0..<2 {
            expected.append(20 * (1 + i) + 5 * (2 * j) + (4 - k))
        } } }
        #expect(t.toArray(Int.self) == expected)
        // First elements by hand: t[0, 0, 0] = base[1, 0, 4] = 24, t[0, 0, 1] = base[2, 0, 4] = 44.
        #expect(Array(t.toArray(Int.self).prefix(4)) == [24, 44, 34, 54])

        // Arithmetic on the composed view, and a further reshape that needs a copy.
        let y = (t * 10 + 1).reshape([16])
        evaluate(y, mode: mode)
        #expect(y.toArray(Int.self) == expected.map { $0 * 10 + 1 })
        let z = t.reshape([2, 8])
        evaluate(z, mode: mode)
        #expect(z.toArray(Int.self) == expected)

        // Slice of a transpose of a broadcast: np.broadcast_to(np.arange(3), (4, 3)).T[1:3, ::3]
        let b = sliced(iota([3]).broadcast(to: [4, 3]).T, [AxisSlice(start: 1, step: 1, count: 2),
                                                          AxisSlice(start: 0, step: 3, count: 2)])
        evaluate(b, mode: mode)
        #expect(b.shape == [2, 2])
        #expect(b.toArray(Int.self) == [1, 1, 2, 2])

        // An empty slice.
        let empty = sliced(base, [AxisSlice(start: 0, step: 1, count: 0), .all(4), .all(5)])
        evaluate(empty, mode: mode)
        #expect(empty.shape == [0, 4, 5])
        #expect(empty.toArray(Int.self) == [])
    }

    /// Views of data never copy: the evaluated view holds the source's buffer.
    @Test(arguments: allModes)
    func viewsShareTheSourceBuffer(mode: EvaluationMode) {
        let a = iota([2, 3, 4])
        let one = iota([1, 3])
        let views: [(String, NDArray, NDArray)] = [
            ("reshape", a.reshape([6, -1]), a),
            ("T", a.T, a),
            ("transposed", a.transposed([1, 2, 0]), a),
            ("expandDims", a.expandDims(axis: 1), a),
            ("squeeze", one.squeeze(), one),
            ("broadcast", a.broadcast(to: [5, 2, 3, 4]), a),
            ("flatten", a.flatten(), a),
            ("slice", sliced(a, [AxisSlice(start: 1, step: 1, count: 1), AxisSlice(start: 2, step: -1, count: 3), .all(4)]), a),
            ("composed", sliced(a.reshape([6, 4]), [AxisSlice(start: 1, step: 2, count: 3), .all(4)]).T.expandDims(axis: 0), a),
            ("split of a transpose", a.transposed([1, 0, 2]).reshape([3, 2, 2, 2]), a),
        ]
        for (name, view, source) in views {
            #expect(!view.isEvaluated || view.node === source.node, "\(name) evaluated early")
            view.evaluate(mode: mode)
            #expect(sharesBuffer(view, source), "\(name) copied")
        }
    }

    /// A view of a computed array shares the computed buffer when both are evaluated together
    /// in eager mode (every node materialized once, views read through strides).
    @Test func viewOfComputedValueSharesItsBuffer() {
        let y = iota([2, 3]) + 1
        let t = y.T
        evaluate(y, t, mode: .eager)
        #expect(sharesBuffer(y, t))
        #expect(t.toArray(Int.self) == [1, 4, 2, 5, 3, 6])
    }
}
