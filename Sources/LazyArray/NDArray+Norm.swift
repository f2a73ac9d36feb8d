import Kernels

/// The order of a norm: NumPy's `ord` argument of `np.linalg.norm`. A number is written as a
/// literal (`ord: 1`, `ord: -2`, `ord: 0.5`); `.inf` and `.negativeInf` are `np.inf`, `-np.inf`.
public enum NormOrder: Hashable, Sendable, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, CustomStringConvertible {
    /// `ord='fro'`: the Frobenius norm of a matrix, the square root of the sum of squares.
    case fro
    /// `ord='nuc'`: the nuclear norm of a matrix, the sum of its singular values.
    case nuc
    /// A number `p`. For a vector: `sum(|x|^p)^(1/p)`; 0 counts the nonzero elements, infinity
    /// takes the largest `|x|` and minus infinity the smallest. For a matrix only 1, -1 (the
    /// largest and smallest column sum of `|a|`), 2, -2 (the largest and smallest singular value)
    /// and ±infinity (row sums) are norms.
    case p(Double)

    /// `ord=np.inf`.
    public static let inf = NormOrder.p(.infinity)
    /// `ord=-np.inf`.
    public static let negativeInf = NormOrder.p(-.infinity)

    public init(integerLiteral value: Int) { self = .p(Double(value)) }
    public init(floatLiteral value: Double) { self = .p(value) }

    /// As NumPy writes the order: `'fro'`, `'nuc'`, `3`, `0.5`, `inf`.
    public var description: String {
        switch self {
        case .fro: return "'fro'"
        case .nuc: return "'nuc'"
        case .p(let p): return p == p.rounded() && Swift.abs(p) < 1e15 ? String(Int(p)) : "\(p)"
        }
    }
}

extension NDArray {
    /// A vector or matrix norm. With `axis` nil: without `ord` the Euclidean norm of all
    /// elements; with `ord` the vector norm of a 1-D array or the matrix norm of a 2-D one. With
    /// an `axis`: the vector norm of each vector along it. float32 stays float32; integers and
    /// bool give float64. NumPy: `np.linalg.norm(x)`, `np.linalg.norm(x, ord, axis=1,
    /// keepdims=True)`.
    ///
    /// The vector norms and the matrix norms `.fro`, 1, -1, ±inf are lazy compositions of `abs`,
    /// sums and maxima, fused like any; the matrix norms 2, -2 and `.nuc` come from singular
    /// values, computed when called (a barrier), and are NaN for a matrix with NaN or infinity
    /// (NumPy raises `SVD did not converge` for NaN). Like NumPy, no scaling: values beyond about
    /// `sqrt(greatestFiniteMagnitude)` overflow the 2-norm.
    public func norm(ord: NormOrder? = nil, axis: Int? = nil, keepdims: Bool = false) -> NDArray {
        guard let axis else {
            switch (ord, ndim) {
            case (nil, _), (.fro?, 2), (.p(2)?, 1): return euclidean(keepdims: keepdims)
            case (let ord?, 1): return norm(ord: ord, axes: [0], keepdims: keepdims)
            case (let ord?, 2): return norm(ord: ord, axes: [0, 1], keepdims: keepdims)
            default:
                return NDArray.failed(LazyArrayError("norm", "improper number of dimensions to norm: an order without axes needs a 1-D or 2-D array, got shape \(describe(shape))"),
                                      shape: [], dtype: normType)
            }
        }
        return norm(ord: ord, axes: [axis], keepdims: keepdims)
    }

    /// The vector norm along one axis (`axes: [a]`) or the matrix norm over two
    /// (`axes: [rows, columns]`) of `ord` (nil: 2 for vectors, `.fro` for matrices); see
    /// ``norm(ord:axis:keepdims:)``. NumPy: `np.linalg.norm(x, ord, axis=(0, 1))`.
    public func norm(ord: NormOrder? = nil, axes: [Int], keepdims: Bool = false) -> NDArray {
        let positions = axes.map { normalizeAxis($0, rank: ndim) }
        guard (1...2).contains(axes.count) else {
            return NDArray.failed(LazyArrayError("norm", "improper number of dimensions to norm: \(axes.count) axes \(axes)"), shape: [], dtype: normType)
        }
        if let bad = axes.indices.first(where: { positions[$0] == nil }) {
            return NDArray.failed(LazyArrayError("norm", "axis \(axes[bad]) is out of bounds for an array of dimension \(ndim)"),
                                  shape: [], dtype: normType)
        }
        let resolved = positions.compactMap { $0 }
        let values = astype(normType)
        if resolved.count == 1 { return values.vectorNorm(ord ?? 2, axis: resolved[0], keepdims: keepdims) }
        guard resolved[0] != resolved[1] else {
            return NDArray.failed(LazyArrayError("norm", "duplicate axes given: \(axes)"), shape: [], dtype: normType)
        }
        return values.matrixNorm(ord ?? .fro, rows: resolved[0], columns: resolved[1], keepdims: keepdims)
    }

    /// float32 stays float32; every other dtype computes the norm in float64 (NumPy's rule).
    private var normType: DType { dtype == .float32 ? .float32 : .float64 }

    /// The Euclidean norm of all elements: `sqrt(x · x)`, the dot product on the matmul kernel.
    private func euclidean(keepdims: Bool) -> NDArray {
        let flat = astype(normType).flatten()
        let total = sqrt(LazyArray.matmul(flat, flat))
        return keepdims ? total.reshape([Int](repeating: 1, count: ndim)) : total
    }

    /// The `ord` vector norm along `axis` of this float array.
    private func vectorNorm(_ ord: NormOrder, axis: Int, keepdims: Bool) -> NDArray {
        guard case .p(let p) = ord else {
            return NDArray.failed(LazyArrayError("norm", "invalid norm order \(ord) for vectors"), shape: [], dtype: dtype)
        }
        switch p {
        case .infinity:
            // NumPy's max(initial=0): an empty axis has norm 0.
            return shape[axis] == 0 ? NDArray.zeros(reducedShape([axis], keepdims: keepdims), dtype: dtype)
                : LazyArray.abs(self).max(axis: axis, keepdims: keepdims)
        case -.infinity: return LazyArray.abs(self).min(axis: axis, keepdims: keepdims)
        case 0: return (self .!= 0).astype(dtype).sum(axis: axis, keepdims: keepdims)
        case 1: return LazyArray.abs(self).sum(axis: axis, keepdims: keepdims)
        case 2:
            // The summed axis last, then a product with ones sums it on the matmul kernel.
            let moved = square(self).transposed(Array(0..<ndim).filter { $0 != axis } + [axis])
            let total = sqrt(LazyArray.matmul(moved, NDArray.onesVector(shape[axis], dtype: dtype)))
            return keepdims ? total.expandDims(axis: axis) : total
        default: return (LazyArray.abs(self) ** p).sum(axis: axis, keepdims: keepdims) ** (1 / p)
        }
    }

    /// The `ord` matrix norm over the `rows` and `columns` axes of this float array.
    private func matrixNorm(_ ord: NormOrder, rows: Int, columns: Int, keepdims: Bool) -> NDArray {
        let reduced = reducedShape([rows, columns], keepdims: keepdims)
        switch ord {
        case .fro: return sqrt(square(self).sum(axes: [rows, columns], keepdims: keepdims))
        case .nuc: return singularValueNorm(rows: rows, columns: columns, shape: reduced) { $0.reduce(0, +) }
        case .p(2): return singularValueNorm(rows: rows, columns: columns, shape: reduced) { $0.first ?? 0 }
        case .p(-2):
            guard Swift.min(shape[rows], shape[columns]) > 0 else { break }
            return singularValueNorm(rows: rows, columns: columns, shape: reduced) { $0.last ?? 0 }
        case .p(let p) where Swift.abs(p) == 1 || Swift.abs(p) == .infinity:
            // 1: column sums of |a| (summed over the rows), then their max; inf: row sums.
            let (summed, across) = Swift.abs(p) == 1 ? (rows, columns) : (columns, rows)
            let sums = LazyArray.abs(self).sum(axis: summed, keepdims: true)
            if p > 0 {
                // NumPy's max(initial=0): no sums at all gives 0.
                return shape[across] == 0 ? NDArray.zeros(reduced, dtype: dtype) : sums.max(axis: across, keepdims: true).reshape(reduced)
            }
            return sums.min(axis: across, keepdims: true).reshape(reduced)
        default:
            return NDArray.failed(LazyArrayError("norm", "invalid norm order \(ord) for matrices"), shape: reduced, dtype: dtype)
        }
        return NDArray.failed(LazyArrayError("norm", "the -2 norm of an empty matrix (shape \(describe(shape))) has no value"),
                              shape: reduced, dtype: dtype)
    }

    /// `combine` of the singular values of each matrix over `rows` and `columns`, evaluated now;
    /// NaN for a matrix with NaN or infinity.
    private func singularValueNorm(rows: Int, columns: Int, shape reduced: [Int], _ combine: ([Double]) -> Double) -> NDArray {
        let stacked = transposed(Array(0..<ndim).filter { $0 != rows && $0 != columns } + [rows, columns])
        let stack: MatrixStack
        do { stack = try MatrixStack(stacked, operation: "norm") } catch { preconditionFailure("two axes were checked") }
        let values = (0..<stack.count).map { index -> Double in
            let matrix = stack[index]
            guard matrix.allSatisfy(\.isFinite) else { return .nan }
            return combine(JacobiSVD(matrix, m: stack.m, n: stack.n, vectors: false).values)
        }
        return NDArray.barrier(LinearSystem.array(values, shape: reduced, dtype: dtype), operation: "norm", inputs: [self])
    }

    /// This array's shape with `axes` reduced (kept as 1s with `keepdims`).
    private func reducedShape(_ axes: [Int], keepdims: Bool) -> [Int] {
        keepdims ? shape.enumerated().map { axes.contains($0.offset) ? 1 : $0.element }
            : shape.enumerated().filter { !axes.contains($0.offset) }.map(\.element)
    }
}

/// A vector or matrix norm; see ``NDArray/norm(ord:axis:keepdims:)``.
/// NumPy: `np.linalg.norm(x, ord=ord, axis=axis, keepdims=keepdims)`.
public func norm(_ x: NDArray, ord: NormOrder? = nil, axis: Int? = nil, keepdims: Bool = false) -> NDArray {
    x.norm(ord: ord, axis: axis, keepdims: keepdims)
}

/// A vector norm along one axis or a matrix norm over two; see
/// ``NDArray/norm(ord:axes:keepdims:)``. NumPy: `np.linalg.norm(x, ord=ord, axis=(0, 1))`.
public func norm(_ x: NDArray, ord: NormOrder? = nil, axes: [Int], keepdims: Bool = false) -> NDArray {
    x.norm(ord: ord, axes: axes, keepdims: keepdims)
}
