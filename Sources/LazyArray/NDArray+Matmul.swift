import Kernels
import Scheduler

/// The matrix product with NumPy's rules. NumPy: `np.matmul(a, b)`, `a @ b`.
///
/// - 2-D · 2-D: `(m, k) @ (k, n) -> (m, n)`.
/// - A 1-D operand is a row (left) or a column (right) vector whose axis is dropped from the
///   result: `(k,) @ (k, n) -> (n,)`, `(m, k) @ (k,) -> (m,)`, `(k,) @ (k,) -> ()`.
/// - N-D: a stack of matrices in the last two axes; the batch axes broadcast:
///   `(2, 1, m, k) @ (3, k, n) -> (2, 3, m, n)`.
/// - dtype: the operands promote (`np.result_type`): int32 · int32 stays int32, any int64 or
///   mixed integers give int64, bool · bool is bool (OR of ANDs), float32 · int gives float64.
///
/// Lazy. float32 and float64 run on the blocked GEMM, with elementwise consumers such as a bias
/// add and `relu` fused into its store: `relu(matmul(x, w) + bias)` is one kernel.
/// A 0-d operand or mismatched core dimensions are errors named after both shapes, e.g.
/// `[matmul] input operand 1 has a mismatch in its core dimension 0, with gufunc signature
/// (n?,k),(k,m?)->(n?,m?) (size 3 is different from 4); shapes (2, 4) and (3, 2)`.
public func matmul(_ a: NDArray, _ b: NDArray) -> NDArray { NDArray.matrixProduct(a, b) }

extension NDArray {
    /// The matrix product `self @ other`; see ``LazyArray/matmul(_:_:)->NDArray``. NumPy: `a @ b`.
    public func matmul(_ other: NDArray) -> NDArray { NDArray.matrixProduct(self, other) }

    /// Builds the `.matmul` node: 1-D operands reshaped to a row / column, both broadcast to
    /// one batch shape and cast to the result dtype; the node's shape drops the vectors' axes.
    static func matrixProduct(_ a: NDArray, _ b: NDArray) -> NDArray {
        let type = DType.promote(a.dtype, b.dtype)
        let signature = "signature (n?,k),(k,m?)->(n?,m?)"
        for (position, operand) in [a, b].enumerated() where operand.ndim == 0 {
            return failed(LazyArrayError("matmul", "input operand \(position) does not have enough dimensions (has 0, gufunc core with \(signature) requires 1)"),
                          shape: [], dtype: type)
        }
        let left = a.ndim == 1 ? a.reshape([1, a.shape[0]]) : a
        let right = b.ndim == 1 ? b.reshape([b.shape[0], 1]) : b
        let (m, k) = (left.shape[left.ndim - 2], left.shape[left.ndim - 1])
        let (depth, n) = (right.shape[right.ndim - 2], right.shape[right.ndim - 1])
        guard depth == k else {
            return failed(LazyArrayError("matmul", "input operand 1 has a mismatch in its core dimension 0, with gufunc \(signature) (size \(depth) is different from \(k)); shapes \(describe(a.shape)) and \(describe(b.shape))"),
                          shape: a.shape, dtype: type)
        }
        let leftBatch = Array(left.shape.dropLast(2)), rightBatch = Array(right.shape.dropLast(2))
        let batch: [Int]
        switch broadcastShapes(leftBatch, rightBatch, operation: "matmul") {
        case .failure(let error):
            return failed(LazyArrayError("matmul", "operands with shapes \(describe(a.shape)) and \(describe(b.shape)) have batch dimensions that do not broadcast: \(error.reason)"),
                          shape: a.shape, dtype: type)
        case .success(let shape): batch = shape
        }
        var shape = batch
        if a.ndim > 1 { shape.append(m) }
        if b.ndim > 1 { shape.append(n) }
        // float16 and bfloat16 multiply and accumulate in float32 and round the result once,
        // as JAX does on CPU by default.
        let computeType: DType = type.isHalfPrecision ? .float32 : type
        let inputs = [left.astype(computeType).broadcasted(to: batch + [m, k]), right.astype(computeType).broadcasted(to: batch + [k, n])]
        let product = NDArray(.matmul, dtype: computeType, shape: shape, inputs: inputs)
        return computeType == type ? product : product.astype(type)
    }
}
