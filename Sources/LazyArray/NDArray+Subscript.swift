import Kernels

extension NDArray {
    /// The part of the array that `indices` select, as a view: no copy, and fused kernels read it
    /// in place through strides. NumPy: basic indexing, `a[0]`, `a[-1]`, `a[1:3]`, `a[:, 0]`,
    /// `a[::-1]`, `a[None]`, `a[..., 0]` (see ``ArrayIndexProtocol`` for the spellings).
    ///
    /// An integer drops its axis; a range or `.slice` keeps it, with bounds clamped as NumPy
    /// clamps them (`X[96..<112]` of 100 rows has 4 rows); `.newAxis` inserts a length-1 axis;
    /// axes left unnamed at the end (or at `.ellipsis`) are kept whole. An integer out of range
    /// is an error: `[index] index 5 is out of bounds for axis 0 with size 3`.
    ///
    /// Assigning (`a[.all, 0] = column`, `a[1..<3] = other`) gives `a` a new lazy value with the
    /// selected part replaced by `newValue` (converted to `a`'s dtype and broadcast as NumPy
    /// broadcasts assigned values); arrays that shared `a`'s old value keep it.
    public subscript(_ indices: any ArrayIndexProtocol...) -> NDArray {
        get { indexed(indices.map(\.arrayIndex)) }
        set { assign(newValue, at: indices.map(\.arrayIndex)) }
    }

    /// The single element that `indices` select, as a Swift value (converted as `astype`
    /// converts); assigning writes a scalar into every selected element.
    /// NumPy: `a[1, 2]` read as a scalar; `a[1:3] = 0`, `a[:, 0] = 2.5`.
    ///
    /// ```swift
    /// let x: Double = a[1, 2]
    /// a[.all, 0] = 0
    /// ```
    ///
    /// Disfavored so that wherever an array result also type-checks (`b[0] = a[0] * 2 + 1`),
    /// the array subscript wins instead of the expression being ambiguous or scalar.
    @_disfavoredOverload
    public subscript<S: NDArrayScalar & NDArrayElement>(_ indices: any ArrayIndexProtocol...) -> S {
        get { indexed(indices.map(\.arrayIndex)).item(S.self) }
        set { assign(NDArray.full([], newValue.scalarValue, dtype: dtype), at: indices.map(\.arrayIndex)) }
    }

    /// Indexing by an array: a bool array is a mask, an integer array gathers along axis 0.
    /// NumPy: `a[a > 0]` (the selected elements as 1-D, see the mask's shape rules below),
    /// `X[rowMask]` (the selected rows), `a[labels]` (`np.eye(4)[labels]` is one-hot).
    ///
    /// Reading is a barrier: the result's size or contents depend on the selector's values, so
    /// the selector and this array are evaluated now and the result copied into a new buffer.
    /// A mask's shape must equal the leading axes of this shape; integer indices may be
    /// negative and are bounds-checked (`[index] index 5 is out of bounds for axis 0 with size 4`).
    ///
    /// Assigning (`a[mask] = other`, `a[indices] = rows`) gives `a` a new lazy value: a value that
    /// broadcasts to one selected element (or row) keeps even the mask lazy; one value per
    /// selected position is assigned in order, after evaluating the selector.
    public subscript(_ selector: NDArray) -> NDArray {
        get { selector.dtype == .bool ? masked(by: selector) : gather(selector, axis: 0, operation: "index") }
        set { self = selector.dtype == .bool ? assigning(newValue, mask: selector) : assigning(newValue, indices: selector) }
    }

    /// The single element a mask or index array selects, as a Swift value; assigning writes a
    /// scalar into every selected element. NumPy: `a[a < 0] = 0`, `a[labels] = 1`.
    /// Disfavored like the scalar basic-index subscript, for the same reason.
    @_disfavoredOverload
    public subscript<S: NDArrayScalar & NDArrayElement>(_ selector: NDArray) -> S {
        get { self[selector].item(S.self) }
        set { self[selector] = NDArray.full([], newValue.scalarValue, dtype: dtype) }
    }

    private func indexed(_ indices: [ArrayIndex]) -> NDArray {
        do {
            return try BasicIndex(indices, shape: shape, operation: "index").view(of: self)
        } catch {
            return NDArray.failed(error, shape: shape, dtype: dtype)
        }
    }

    private mutating func assign(_ value: NDArray, at indices: [ArrayIndex]) {
        do {
            self = assigning(value, at: try BasicIndex(indices, shape: shape, operation: "index"))
        } catch {
            ErrorScope.report(error)
        }
    }
}
