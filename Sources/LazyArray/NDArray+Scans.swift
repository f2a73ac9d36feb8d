import Kernels
import Scheduler

// Cumulative sums and products along an axis, with NumPy's result dtypes: bool and int32 give
// int64 (NumPy's default integer on Linux), int64, float32 and float64 keep theirs, and integers
// wrap. `axis: nil` scans the flattened array in row-major order (a 0-d array gives one
// element). A scan is one kernel that computes its elementwise producers itself, a work unit
// at a time while the unit is in cache (`AxisScan`, FusionPlanner+Scan.swift):
// `cumsum(a * 2 + 1)` reads `a` once and writes only its result.
extension NDArray {
    /// Cumulative sum along `axis` (of the flattened array when nil; negative axes count from
    /// the end). NumPy: `a.cumsum(axis=None)`. Float sums are added in chunks of 4032 along a
    /// contiguous axis (of at most 32768 elements across rows), each chunk then added to the
    /// sum before it, where NumPy adds one element after another: the results differ from
    /// NumPy's by rounding only, within `n·eps·Σ|x|` for the n-th element.
    public func cumsum(axis: Int? = nil) -> NDArray { scan(.sum, axis: axis) }

    /// Cumulative product along `axis` (of the flattened array when nil). NumPy:
    /// `a.cumprod(axis=None)`. Float products are multiplied in the chunks `cumsum` adds in,
    /// within `n·eps` relative to the n-th product of NumPy's.
    public func cumprod(axis: Int? = nil) -> NDArray { scan(.product, axis: axis) }

    /// The scan node of `op` along `axis`, its input cast to the result dtype.
    private func scan(_ op: ScanOp, axis: Int?) -> NDArray {
        let resultType: DType = switch dtype {
        case .bool, .int8, .int16, .int32, .int64: .int64
        case .uint8, .uint16, .uint32, .uint64: .uint64
        case .float32, .float64: dtype
        // float16 and bfloat16 accumulate in float32 (NumPy's float16 cumsum rounds each
        // partial sum to float16, which loses the sum's low bits: this is more accurate).
        case .float16, .bfloat16: .float32
        }
        let source = axis == nil ? flatten() : self
        guard let resolved = normalizeAxis(axis ?? 0, rank: source.ndim) else {
            return NDArray.failed(LazyArrayError(op.rawValue, "axis \(axis ?? 0) is out of bounds for array of dimension \(ndim)"),
                                  shape: shape, dtype: resultType)
        }
        let x = source.astype(resultType)
        let scanned = NDArray(.scan(op, axis: resolved), dtype: resultType, shape: x.shape, input: x)
        return dtype.isHalfPrecision ? scanned.astype(dtype) : scanned
    }
}

/// Cumulative sum of `a` along `axis` (of the flattened array when nil).
/// NumPy: `np.cumsum(a, axis=None)`; PyTorch: `torch.cumsum(a, dim)`; JAX: `jnp.cumsum(a, axis)`.
public func cumsum(_ a: NDArray, axis: Int? = nil) -> NDArray { a.cumsum(axis: axis) }

/// Cumulative product of `a` along `axis` (of the flattened array when nil).
/// NumPy: `np.cumprod(a, axis=None)`; PyTorch: `torch.cumprod(a, dim)`; JAX: `jnp.cumprod(a, axis)`.
public func cumprod(_ a: NDArray, axis: Int? = nil) -> NDArray { a.cumprod(axis: axis) }
