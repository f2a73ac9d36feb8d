extension DistributedArray {
    /// Applies a row-wise `transform` to this rank's block: elementwise functions, reductions
    /// or softmax along axes other than 0, reshapes of the other axes. No communication.
    ///
    /// `transform` must keep axis 0 (row `i` of the result depends on row `i` alone) and give
    /// every rank the same shape after axis 0; a transform that changes the number of rows is
    /// reported as an error. Heat: elementwise `ht` functions on a `split=0` array.
    ///
    /// ```swift
    /// let h = x.map { tanh($0).sum(axis: 1) }   // per row, on each rank's rows
    /// ```
    public func map(_ transform: (NDArray) -> NDArray) -> DistributedArray {
        let result = transform(local)
        guard let split else { return replicated(result) }
        guard result.ndim > 0, result.shape[0] == local.shape[0] else {
            return failed(LazyArrayError("map", "the transform must keep the sharded axis 0: \(describe(local.shape)) became \(describe(result.shape))"))
        }
        return sharded(result, globalShape: [split.rows] + result.shape.dropFirst())
    }

    /// Combines two arrays elementwise with NumPy broadcasting, on each rank's rows.
    ///
    /// A replicated operand that spans the rows (its axis 0, aligned with the sharded axis, has
    /// the global row count) is sliced to this rank's rows; one that broadcasts along axis 0 is
    /// used whole. Broadcasting may not add axes in front of a sharded operand (that would move
    /// the split), and two sharded operands must have the same rows. No communication.
    /// Heat: binary operations between `DNDarray`s.
    public func elementwise(_ other: DistributedArray, _ operation: String = "elementwise", _ combine: (NDArray, NDArray) -> NDArray) -> DistributedArray {
        let shape: [Int]
        switch broadcastShapes(globalShape, other.globalShape, operation: operation) {
        case .failure(let error): return failed(error)
        case .success(let broadcast): shape = broadcast
        }
        guard let rowSplit = split ?? other.split else { return replicated(combine(local, other.local)) }
        for operand in [self, other] where operand.isSharded && operand.ndim != shape.count {
            return failed(LazyArrayError(operation, "broadcasting \(describe(globalShape)) with \(describe(other.globalShape)) adds axes in front of the sharded axis 0"))
        }
        guard shape[0] == rowSplit.rows, split == nil || other.split == nil || split == other.split else {
            return failed(LazyArrayError(operation, "the sharded axis 0 of \(describe(globalShape)) and \(describe(other.globalShape)) must have the same length"))
        }
        let result = combine(rows(alignedWith: rowSplit, resultRank: shape.count), other.rows(alignedWith: rowSplit, resultRank: shape.count))
        return DistributedArray(local: result, globalShape: shape, split: rowSplit, communicator: communicator)
    }

    /// The part of this array that meets `rank`'s rows of a sharded operand of `split` under
    /// broadcasting: the block itself when sharded, the same rows of a replicated array that
    /// spans axis 0, or the whole replicated array when it broadcasts along axis 0.
    private func rows(alignedWith split: RowSplit, resultRank: Int) -> NDArray {
        guard !isSharded, ndim == resultRank, globalShape[0] == split.rows, split.rows != 1 else { return local }
        return local[split.range(of: rank)]
    }
}

// MARK: - Operators

extension DistributedArray {
    /// Elementwise sum. NumPy: `a + b`.
    public static func + (lhs: DistributedArray, rhs: DistributedArray) -> DistributedArray { lhs.elementwise(rhs, "add", +) }
    /// Elementwise difference. NumPy: `a - b`.
    public static func - (lhs: DistributedArray, rhs: DistributedArray) -> DistributedArray { lhs.elementwise(rhs, "subtract", -) }
    /// Elementwise product. NumPy: `a * b`.
    public static func * (lhs: DistributedArray, rhs: DistributedArray) -> DistributedArray { lhs.elementwise(rhs, "multiply", *) }
    /// Elementwise quotient. NumPy: `a / b`.
    public static func / (lhs: DistributedArray, rhs: DistributedArray) -> DistributedArray { lhs.elementwise(rhs, "divide", /) }

    /// Sum with an array every rank holds whole (a bias). NumPy: `a + b`.
    public static func + (lhs: DistributedArray, rhs: NDArray) -> DistributedArray { lhs + lhs.replicated(rhs) }
    /// Difference with an array every rank holds whole. NumPy: `a - b`.
    public static func - (lhs: DistributedArray, rhs: NDArray) -> DistributedArray { lhs - lhs.replicated(rhs) }
    /// Product with an array every rank holds whole. NumPy: `a * b`.
    public static func * (lhs: DistributedArray, rhs: NDArray) -> DistributedArray { lhs * lhs.replicated(rhs) }
    /// Quotient by an array every rank holds whole. NumPy: `a / b`.
    public static func / (lhs: DistributedArray, rhs: NDArray) -> DistributedArray { lhs / lhs.replicated(rhs) }
    /// Sum of an array every rank holds whole and a distributed one. NumPy: `a + b`.
    public static func + (lhs: NDArray, rhs: DistributedArray) -> DistributedArray { rhs.replicated(lhs) + rhs }
    /// Difference of an array every rank holds whole and a distributed one. NumPy: `a - b`.
    public static func - (lhs: NDArray, rhs: DistributedArray) -> DistributedArray { rhs.replicated(lhs) - rhs }
    /// Product of an array every rank holds whole and a distributed one. NumPy: `a * b`.
    public static func * (lhs: NDArray, rhs: DistributedArray) -> DistributedArray { rhs.replicated(lhs) * rhs }
    /// Quotient of an array every rank holds whole by a distributed one. NumPy: `a / b`.
    public static func / (lhs: NDArray, rhs: DistributedArray) -> DistributedArray { rhs.replicated(lhs) / rhs }

    /// Sum with a scalar. NumPy: `a + 1e-8`.
    public static func + <S: NDArrayScalar>(lhs: DistributedArray, rhs: S) -> DistributedArray { lhs.map { $0 + rhs } }
    /// Difference with a scalar. NumPy: `a - 1`.
    public static func - <S: NDArrayScalar>(lhs: DistributedArray, rhs: S) -> DistributedArray { lhs.map { $0 - rhs } }
    /// Product with a scalar. NumPy: `a * 2`.
    public static func * <S: NDArrayScalar>(lhs: DistributedArray, rhs: S) -> DistributedArray { lhs.map { $0 * rhs } }
    /// Quotient by a scalar. NumPy: `a / 2`.
    public static func / <S: NDArrayScalar>(lhs: DistributedArray, rhs: S) -> DistributedArray { lhs.map { $0 / rhs } }
    /// Scalar plus array. NumPy: `1 + a`.
    public static func + <S: NDArrayScalar>(lhs: S, rhs: DistributedArray) -> DistributedArray { rhs.map { lhs + $0 } }
    /// Scalar minus array. NumPy: `1 - a`.
    public static func - <S: NDArrayScalar>(lhs: S, rhs: DistributedArray) -> DistributedArray { rhs.map { lhs - $0 } }
    /// Scalar times array. NumPy: `2 * a`.
    public static func * <S: NDArrayScalar>(lhs: S, rhs: DistributedArray) -> DistributedArray { rhs.map { lhs * $0 } }
    /// Scalar divided by array. NumPy: `1 / a`.
    public static func / <S: NDArrayScalar>(lhs: S, rhs: DistributedArray) -> DistributedArray { rhs.map { lhs / $0 } }
    /// Negation. NumPy: `-a`.
    public static prefix func - (operand: DistributedArray) -> DistributedArray { operand.map { -$0 } }
}

// MARK: - Elementwise functions

/// Elementwise `exp`, on each rank's rows. NumPy/Heat: `np.exp(a)`, `ht.exp(a)`.
public func exp(_ a: DistributedArray) -> DistributedArray { a.map { exp($0) } }
/// Elementwise natural logarithm. NumPy/Heat: `np.log(a)`, `ht.log(a)`.
public func log(_ a: DistributedArray) -> DistributedArray { a.map { log($0) } }
/// Elementwise square root. NumPy/Heat: `np.sqrt(a)`, `ht.sqrt(a)`.
public func sqrt(_ a: DistributedArray) -> DistributedArray { a.map { sqrt($0) } }
/// Elementwise absolute value. NumPy/Heat: `np.abs(a)`, `ht.abs(a)`.
public func abs(_ a: DistributedArray) -> DistributedArray { a.map { abs($0) } }
/// Elementwise square. NumPy: `np.square(a)`.
public func square(_ a: DistributedArray) -> DistributedArray { a.map { square($0) } }
/// Elementwise hyperbolic tangent. NumPy/Heat: `np.tanh(a)`, `ht.tanh(a)`.
public func tanh(_ a: DistributedArray) -> DistributedArray { a.map { tanh($0) } }
/// Elementwise logistic function. SciPy: `scipy.special.expit(a)`.
public func sigmoid(_ a: DistributedArray) -> DistributedArray { a.map { sigmoid($0) } }
/// Elementwise `max(a, 0)`. PyTorch: `torch.relu(a)`.
public func relu(_ a: DistributedArray) -> DistributedArray { a.map { relu($0) } }
