import Kernels
import Scheduler

// Gathers and scatter-adds along an axis at positions already known (`Operation.indexed`):
// lazy nodes, planned as kernels of their own (`IndexedAxisCopy`), whose positions are an int64
// array of data rather than structure. They carry the cotangents of the barriers that select by
// value (an integer gather, a boolean mask, placed rows) back to the arrays those read, without
// evaluating anything, and each is the other's derivative, so `grad(grad(f))` goes through them.
extension NDArray {
    /// The sub-arrays at `positions` (a 1-D int64 array of valid, non-negative positions) along
    /// `axis`: this shape with `axis` of the positions' length. NumPy: `np.take(a, positions,
    /// axis)`; PyTorch: `index_select`. Lazy, unlike `take`, since the positions are known.
    func gathering(_ positions: NDArray, axis: Int) -> NDArray {
        var result = shape
        result[axis] = positions.shape[0]
        return NDArray(.indexed(.gather, axis: axis), dtype: dtype, shape: result, inputs: [self, positions])
    }

    /// Zeros of this shape with `axis` of length `length`, with sub-array `j` of this array
    /// along `axis` added at `positions[j]` (repeated positions accumulate, in order). NumPy:
    /// `np.add.at(np.zeros(shape), (slice(None),) * axis + (positions,), a)`; PyTorch:
    /// `index_add`; JAX: `.at[positions].add`. Float arrays only: it carries cotangents.
    func scatterAdding(_ positions: NDArray, axis: Int, length: Int) -> NDArray {
        var result = shape
        result[axis] = length
        return NDArray(.indexed(.scatterAdd, axis: axis), dtype: dtype, shape: result, inputs: [self, positions])
    }
}
