import Kernels
import Scheduler

// sort and argsort are barriers: the array is evaluated at the call and sorted on the host by
// `ArraySort` (a parallel radix sort of keys whose unsigned order is NumPy's, on the thread
// count of `NDArray.withThreadCount`); the result is an evaluated, row-major array. Always
// stable (NumPy's `kind="stable"`), which for `sort` also decides where -0.0 and 0.0 go (they
// are equal: input order) and which NaN comes first (all NaNs are last, in input order).

extension NDArray {
    /// The elements sorted along `axis` (negative counts from the end; nil sorts the flattened
    /// array), ascending, NaNs last. NumPy: `np.sort(a, axis=-1, kind="stable")`, `a.sort`.
    ///
    /// ```swift
    /// NDArray([3.0, .nan, -1, 2]).sort()   // [-1 2 3 nan]
    /// ```
    /// Differentiable: the cotangent goes back to the positions the elements came from.
    public func sort(axis: Int? = -1) -> NDArray { sorted(axis: axis, positions: false, operation: "sort") }

    /// The positions (int64) that sort the array along `axis` (nil: of the flattened array),
    /// ties in input order, NaNs last. NumPy: `np.argsort(a, axis=-1, kind="stable")`.
    ///
    /// ```swift
    /// NDArray([3, 1, 2, 1]).argsort()   // [1 3 2 0]
    /// ```
    public func argsort(axis: Int? = -1) -> NDArray { sorted(axis: axis, positions: true, operation: "argsort") }

    /// `sort` or, with `positions`, `argsort`, reporting errors as `operation`.
    func sorted(axis: Int?, positions: Bool, operation: String) -> NDArray {
        guard let axis else { return flatten().sorted(axis: 0, positions: positions, operation: operation) }
        let resultType: DType = positions ? .int64 : dtype
        guard let axis = normalizeAxis(axis, rank: ndim) else {
            return NDArray.failed(LazyArrayError(operation, "axis \(axis) is out of bounds for array of dimension \(ndim)"),
                                  shape: shape, dtype: resultType)
        }
        let source = materialized
        let out = Buffer(byteCount: size * resultType.byteSize)
        ArraySort.run(dtype: dtype, positions: positions, length: shape[axis],
                      input: UnsafeRawPointer(source.buffer.base), inputRows: NDArray.rows(of: source.view, along: axis),
                      output: out.base, outputRows: NDArray.rows(of: View(contiguous: shape), along: axis),
                      threads: NDArray.callThreadCount)
        let result = NDArray(evaluated: out, shape: shape, dtype: resultType)
        guard !positions else { return NDArray.barrier(result, operation: operation, inputs: [self]) }
        return NDArray.barrier(result, operation: operation, inputs: [self]) { [self] cotangent in
            [cotangent.unsorted(by: self.argsort(axis: axis), axis: axis)]
        }
    }

    /// Where `view`'s rows along `axis` start (row-major order of the other axes) and the
    /// stride between a row's elements.
    static func rows(of view: View, along axis: Int) -> SortRows {
        var otherShape = view.shape, otherStrides = view.strides
        otherShape.remove(at: axis)
        otherStrides.remove(at: axis)
        var starts: [Int] = []
        starts.reserveCapacity(otherShape.reduce(1, *))
        ElementCopy.forEachOffset(shape: otherShape, strides: otherStrides, offset: view.offset) { starts.append($0) }
        return SortRows(rows: starts, stride: view.strides[axis])
    }

    /// The cotangent of a sort's input from its result's: element `j` of each row goes back to
    /// position `order[j]` of its row (a lazy scatter-add into the flattened shape).
    private func unsorted(by order: NDArray, axis: Int) -> NDArray {
        let length = shape[axis], inner = shape[(axis + 1)...].reduce(1, *)
        let positions = order.toArray(Int.self)
        var targets = [Int](repeating: 0, count: positions.count)
        for k in positions.indices {
            let row = k / (length * inner), within = k % inner
            targets[k] = row * length * inner + positions[k] * inner + within
        }
        return flatten().scatterAdding(NDArray(targets), axis: 0, length: size).reshape(shape)
    }
}

/// `a.sort(axis:)` as a function. NumPy: `np.sort(a, axis=-1, kind="stable")`.
public func sort(_ a: NDArray, axis: Int? = -1) -> NDArray { a.sort(axis: axis) }

/// `a.argsort(axis:)` as a function. NumPy: `np.argsort(a, axis=-1, kind="stable")`.
public func argsort(_ a: NDArray, axis: Int? = -1) -> NDArray { a.argsort(axis: axis) }
