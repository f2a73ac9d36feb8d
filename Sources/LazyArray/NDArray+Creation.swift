import Kernels
import Scheduler

extension NDArray {
    /// An array holding `values` in row-major order with the given shape (default: 1-D).
    ///
    /// NumPy: `np.array(values).reshape(shape)`. The dtype follows the element type: `Double`
    /// → float64, `Float` → float32, `Int` → int64, `Int32` → int32, `Bool` → bool.
    public init<T: NDArrayElement>(_ values: [T], shape: [Int]? = nil) {
        let shape = shape ?? [values.count]
        guard shape.allSatisfy({ $0 >= 0 }), shape.reduce(1, *) == values.count else {
            self = NDArray.failed(LazyArrayError("array", "\(values.count) values cannot have shape \(describe(shape))"),
                                  shape: [values.count], dtype: T.dtype)
            return
        }
        // Every element type has its storage's layout (Int is Int64, Bool a 0/1 byte), so the
        // values are copied as bytes: no per-element generic call across the module boundary.
        let buffer = values.withUnsafeBytes { Buffer(copying: $0) }
        self.init(node: Node(value: Materialized(buffer: buffer, view: View(contiguous: shape)), dtype: T.dtype))
    }

    /// A 2-D array from rows of equal length. NumPy: `np.array([[1, 2, 3], [4, 5, 6]])`.
    public init<T: NDArrayElement>(_ rows: [[T]]) {
        let width = rows.first?.count ?? 0
        guard rows.allSatisfy({ $0.count == width }) else {
            self = NDArray.failed(LazyArrayError("array", "rows have different lengths \(rows.map(\.count)); a 2-D array needs equal rows"),
                                  shape: [rows.count, width], dtype: T.dtype)
            return
        }
        self.init(rows.flatMap { $0 }, shape: [rows.count, width])
    }

    /// A 3-D array from nested arrays of equal lengths. NumPy: `np.array([[[1, 2], [3, 4]], ...])`.
    public init<T: NDArrayElement>(_ blocks: [[[T]]]) {
        let rows = blocks.first?.count ?? 0
        let width = blocks.first?.first?.count ?? 0
        guard blocks.allSatisfy({ $0.count == rows && $0.allSatisfy { $0.count == width } }) else {
            self = NDArray.failed(LazyArrayError("array", "nested arrays have different lengths; a 3-D array needs equal blocks and rows"),
                                  shape: [blocks.count, rows, width], dtype: T.dtype)
            return
        }
        self.init(blocks.flatMap { $0.flatMap { $0 } }, shape: [blocks.count, rows, width])
    }

    /// A 0-d array holding one value. NumPy: `np.array(3.5)`.
    public init<T: NDArrayElement>(_ value: T) {
        self.init([value], shape: [])
    }

    /// An array of `shape` whose every element is `value` converted to `dtype`, without
    /// memory per element: a 0-d constant read through a broadcast view.
    static func full(_ shape: [Int], _ value: Scalar, dtype: DType) -> NDArray {
        NDArray(node: Node(.constant(value.converted(to: dtype)), dtype: dtype, shape: shape, inputs: .none))
    }

    /// Checks a shape given to a creation function.
    private static func checkedShape(_ shape: [Int], _ operation: String) -> Bool {
        if shape.allSatisfy({ $0 >= 0 }) { return true }
        ErrorScope.report(LazyArrayError(operation, "negative dimensions are not allowed: \(describe(shape))"))
        return false
    }

    /// An array of zeros. NumPy: `np.zeros(shape, dtype)`.
    public static func zeros(_ shape: [Int], dtype: DType = .float64) -> NDArray {
        full(checkedShape(shape, "zeros") ? shape : [0], .int(0), dtype: dtype)
    }

    /// An array of ones. NumPy: `np.ones(shape, dtype)`.
    public static func ones(_ shape: [Int], dtype: DType = .float64) -> NDArray {
        full(checkedShape(shape, "ones") ? shape : [0], .int(1), dtype: dtype)
    }

    /// An array filled with `value`; the dtype defaults to the value's (`7.0` → float64,
    /// `7` → int64, `true` → bool). NumPy: `np.full(shape, value, dtype)`.
    public static func full<S: NDArrayScalar>(_ shape: [Int], _ value: S, dtype: DType? = nil) -> NDArray {
        let scalar = value.scalarValue
        let defaultType: DType = switch scalar {
        case .bool: .bool
        case .int: .int64
        case .float: .float64
        }
        return full(checkedShape(shape, "full") ? shape : [0], scalar, dtype: dtype ?? defaultType)
    }

    /// The `n`×`m` matrix with ones on the diagonal `k` (0: main, positive: above) and zeros
    /// elsewhere. NumPy: `np.eye(n, m, k, dtype)`.
    public static func eye(_ n: Int, _ m: Int? = nil, k: Int = 0, dtype: DType = .float64) -> NDArray {
        let columns = m ?? n
        guard n >= 0, columns >= 0 else {
            return failed(LazyArrayError("eye", "negative dimensions are not allowed: (\(n), \(columns))"), shape: [0, 0], dtype: dtype)
        }
        var values = [Double](repeating: 0, count: n * columns)
        // Rows whose diagonal element lies inside the matrix; compared without forming
        // `row + k`, which could overflow for a huge `k`.
        for row in 0..<n where k >= -row && k < columns - row { values[row * columns + row + k] = 1 }
        return NDArray(values, shape: [n, columns]).astype(dtype)
    }

    /// Evenly spaced integers in `[0, stop)`. NumPy: `np.arange(stop)` (int64).
    public static func arange(_ stop: Int) -> NDArray { arange(0, stop, step: 1) }

    /// Integers from `start` up to (not including) `stop`, `step` apart. NumPy: `np.arange(start, stop, step)`.
    public static func arange(_ start: Int, _ stop: Int, step: Int = 1) -> NDArray {
        guard step != 0 else { return failed(LazyArrayError("arange", "step must not be zero"), shape: [0], dtype: .int64) }
        // In 128-bit arithmetic: `stop - start` and the products can exceed Int64 (NumPy allows
        // `arange(Int.min, Int.max, Int.max)`); every element itself fits.
        let span = Int128(stop) - Int128(start)
        let count = Int(Swift.max(0, (span + Int128(step) - (step > 0 ? 1 : -1)) / Int128(step)))
        return NDArray((0..<count).map { Int(Int128(start) + Int128($0) * Int128(step)) })
    }

    /// Floats from `start` up to (not including) `stop`, `step` apart; the count is
    /// `ceil((stop - start) / step)` as in NumPy. NumPy: `np.arange(start, stop, step)` (float64).
    public static func arange(_ start: Double, _ stop: Double, step: Double = 1, dtype: DType = .float64) -> NDArray {
        guard step != 0, step.isFinite, start.isFinite, stop.isFinite else {
            return failed(LazyArrayError("arange", "start, stop and step must be finite and step nonzero"), shape: [0], dtype: dtype)
        }
        let count = Swift.max(0, Int(((stop - start) / step).rounded(.up)))
        return NDArray((0..<count).map { start + Double($0) * step }).astype(dtype)
    }

    /// `count` evenly spaced values from `start` to `stop` (included unless `endpoint` is false).
    /// NumPy: `np.linspace(start, stop, num, endpoint)`.
    public static func linspace(_ start: Double, _ stop: Double, count: Int = 50, endpoint: Bool = true,
                                dtype: DType = .float64) -> NDArray {
        guard count >= 0 else { return failed(LazyArrayError("linspace", "count must be non-negative, got \(count)"), shape: [0], dtype: dtype) }
        let divisions = endpoint ? count - 1 : count
        let step = divisions > 0 ? (stop - start) / Double(divisions) : 0
        var values = (0..<count).map { start + Double($0) * step }
        if endpoint && count > 1 { values[count - 1] = stop }
        return NDArray(values).astype(dtype)
    }
}
