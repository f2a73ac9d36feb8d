import Kernels
import Scheduler

/// Reductions' rules, from their rows of the table (`ReduceOp.specification.derivative`).
/// The input is the node's (already cast to the dtype it reduces in); the result and its
/// cotangent are brought back to the input's shape by a reshape to the kept dimensions and a
/// broadcast, both views, so a reduction's backward fuses into the elementwise code around it.
extension Backpropagation {
    static func reduction(_ op: ReduceOp, axes: [Int], input x: NDArray, result: NDArray, cotangent: NDArray) -> NDArray? {
        var kept = x.shape
        for axis in axes { kept[axis] = 1 }
        /// A reduced array back over the input's shape; a constant (the seed of a gradient)
        /// stays a constant, so that the rules above it can see a cotangent of ones.
        func expand(_ reduced: NDArray) -> NDArray {
            if case .constant(let value) = reduced.node.operation { return NDArray.full(x.shape, value, dtype: reduced.dtype) }
            return reduced.reshape(kept).broadcasted(to: x.shape)
        }
        let g = expand(cotangent)
        switch op.specification.derivative {
        case .broadcast:
            return g
        case .productOfOthers:
            // r / x divides by zero at a zero; at a lone zero the derivative is the product of
            // the others, and with two zeros or more every derivative is 0.
            let isZero = x .== 0.0
            let zeros = isZero.astype(x.dtype).sum(axes: axes, keepdims: true)
            let nonzeroProduct = NDArray.where(isZero, 1.0, x).prod(axes: axes, keepdims: true)
            let others = NDArray.where(zeros .== 0.0, nonzeroProduct / x,
                                       NDArray.where(isZero & (zeros .== 1.0), nonzeroProduct.broadcasted(to: x.shape), 0.0))
            return g * others
        case .splitAmongTies:
            return g * tieShare(x, extreme: expand(result), axes: axes)
        case .softmaxWeights:
            return g * exp(x - expand(result))
        case .softmaxWeightsLessMaximum:
            let maximum = x.max(axes: axes, keepdims: true).broadcasted(to: x.shape)
            return g * (exp(x - maximum - expand(result)) - tieShare(x, extreme: maximum, axes: axes))
        case .notDifferentiable:
            return nil
        }
    }

    /// 1 / (number of ties) where `x` equals its reduced `extreme`, 0 elsewhere: the
    /// cotangent of a maximum split equally among the elements that reach it (JAX's rule).
    private static func tieShare(_ x: NDArray, extreme: NDArray, axes: [Int]) -> NDArray {
        let isExtreme = x .== extreme
        let ties = isExtreme.astype(x.dtype).sum(axes: axes, keepdims: true)
        return NDArray.where(isExtreme, (1.0 / ties).broadcasted(to: x.shape), 0.0)
    }
}
