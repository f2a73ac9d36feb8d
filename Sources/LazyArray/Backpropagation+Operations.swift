import Kernels
import Scheduler

/// The derivative rule of each kind of graph operation: one exhaustive switch over `Operation`,
/// so a new operation is a compile error here until it says what its gradient is. Elementwise
/// operations and reductions take theirs from their rows of the op tables; the rules of the
/// rest (casts, views, matmul, softmax, concatenation, gather and scatter-add, scans) are written
/// here and beside; barriers bring theirs (`NDArray.barrier`).
extension Backpropagation {
    /// The cotangents `entry`'s node passes to the inputs that want one (`Entry.wants`), by
    /// input position, given the node's own `cotangent`.
    static func inputCotangents(_ entry: Entry, _ cotangent: NDArray) -> [(Int, NDArray)] {
        let node = entry.node
        let inputs = entry.inputs.map { NDArray(node: $0) }
        guard let operation = node.operation else { return [] }  // data: no inputs
        switch operation {
        case .source, .constant:
            return []
        case .random:
            // The sampler's only input is the generator's key and counter: sampling is a
            // constant of the parameters, and `mean + std * normal` differentiates through the
            // arithmetic around it.
            return []
        case .elementwise(let op):
            return elementwise(op, entry, inputs: inputs, result: NDArray(node: node), cotangent: cotangent)
        case .cast:
            // Float to float: cast back. From an integer or bool there is nothing to pass to.
            return entry.wants(0) ? [(0, cotangent.astype(inputs[0].dtype))] : []
        case .view(let transform):
            return entry.wants(0) ? [(0, view(transform, input: inputs[0], cotangent: cotangent))] : []
        case .reduce(let op, let axes):
            guard entry.wants(0), let gradient = reduction(op, axes: axes, input: inputs[0], result: NDArray(node: node), cotangent: cotangent) else {
                return []
            }
            return [(0, gradient)]
        case .matmul:
            return matrixProduct(entry, inputs: inputs, cotangent: cotangent)
        case .softmax(let logarithmic):
            guard entry.wants(0) else { return [] }
            let result = NDArray(node: node)
            if logarithmic {
                // y = x - logsumexp(x): ḡ - softmax(x) * Σḡ, with softmax(x) = exp(y).
                return [(0, cotangent - exp(result) * cotangent.sum(axis: -1, keepdims: true))]
            }
            // y = softmax(x): y * (ḡ - Σ(ḡ * y)).
            return [(0, result * (cotangent - (cotangent * result).sum(axis: -1, keepdims: true)))]
        case .concatenate(let axis):
            // Each part's cotangent is its slice of the concatenation's.
            var start = 0
            var parts: [(Int, NDArray)] = []
            for (position, input) in inputs.enumerated() {
                let length = input.shape[axis]
                defer { start += length }
                guard entry.wants(position) else { continue }
                var slices = cotangent.shape.map(AxisSlice.all)
                slices[axis] = AxisSlice(start: start, step: 1, count: length)
                parts.append((position, cotangent.view(.slice(slices), shape: input.shape)))
            }
            return parts
        case .scan(let op, let axis):
            guard entry.wants(0) else { return [] }
            return [(0, scan(op, axis: axis, input: inputs[0], result: NDArray(node: node), cotangent: cotangent))]
        case .indexed(let direction, let axis):
            // Each direction is the other's transpose, at the same positions (the second input,
            // integers: no cotangent).
            guard entry.wants(0) else { return [] }
            return switch direction {
            case .gather: [(0, cotangent.scatterAdding(inputs[1], axis: axis, length: inputs[0].shape[axis]))]
            case .scatterAdd: [(0, cotangent.gathering(inputs[1], axis: axis))]
            }
        }
    }

    /// The matmul rule, on the node's operands `batch + [m, k]` and `batch + [k, n]` (already
    /// broadcast to one batch shape, whose views' rules sum the cotangent back):
    /// `dA = ḡ @ Bᵀ`, `dB = Aᵀ @ ḡ`, with ḡ reshaped from the vector forms' dropped axes.
    private static func matrixProduct(_ entry: Entry, inputs: [NDArray], cotangent: NDArray) -> [(Int, NDArray)] {
        let (a, b) = (inputs[0], inputs[1])
        let outputShape = Array(a.shape.dropLast()) + [b.shape[b.ndim - 1]]
        let g = cotangent.reshape(outputShape)
        var parts: [(Int, NDArray)] = []
        if entry.wants(0) { parts.append((0, LazyArray.matmul(g, b.swappingLastAxes))) }
        if entry.wants(1) { parts.append((1, LazyArray.matmul(a.swappingLastAxes, g))) }
        return parts
    }
}

extension NDArray {
    /// The last two axes exchanged (a view): a batched transpose.
    var swappingLastAxes: NDArray {
        var axes = Array(0..<ndim)
        axes.swapAt(ndim - 1, ndim - 2)
        return transposed(axes)
    }
}
