import Kernels

/// The Einstein summation of `operands` described by `subscripts`: each term names its
/// operand's axes by letters, letters shared between terms are multiplied together, and
/// letters absent from the output (after `->`) are summed over. NumPy: `np.einsum`.
///
/// - `"ij,jk->ik"` matrix product, `"bij,bjk->bik"` batched; `"i,i->"` inner product;
///   `"ij,ij->i"` row-wise dot; `"bi,bj->bij"` batched outer product.
/// - `"ij->ji"` transpose; `"ii->i"` diagonal; `"ii->"` trace; `"ij->j"` column sums.
/// - Without `->` the output is every letter that occurs once, in alphabetical order.
/// - `...` stands for the axes the letters leave over, broadcast across operands as NumPy
///   broadcasts: `"...ij,...jk->...ik"`. Lengths of one letter must be equal or 1.
/// - dtype: the operands' promoted dtype (`np.result_type`): integers sum in their own type,
///   bool is the OR of ANDs, as NumPy's einsum has it (unlike `sum`, which widens).
///
/// Lowered to the engine's own operations, never to a loop over elements: a repeated letter is
/// a strided view of the diagonal, a transpose is a view, a letter only one operand has is
/// summed out of it first, and operands are contracted left to right, each pair as a (batched)
/// `matmul` when it has letters of its own on both sides and some to sum over, else as a
/// broadcast product and a sum, which fuse into one kernel. So `einsum("bij,bjk->bik", a, b)`
/// runs as one batched matmul kernel.
///
/// Bad subscripts are errors naming the subscripts and shapes:
/// `[einsum] einstein sum subscripts string contains too many subscripts for operand 0
/// (subscripts 'ijk,jk->ik', operand shapes (2, 3), (3, 4))`.
public func einsum(_ subscripts: String, _ operands: NDArray...) -> NDArray { einsum(subscripts, operands) }

/// `einsum` over an array of operands. NumPy: `np.einsum(s, *ops)`.
public func einsum(_ subscripts: String, _ operands: [NDArray]) -> NDArray {
    let type = operands.dropFirst().reduce(operands.first?.dtype ?? .float64) { DType.promote($0, $1.dtype) }
    let parsed: EinsumSubscripts
    do throws(LazyArrayError) {
        guard !operands.isEmpty else { throw LazyArrayError("einsum", "no array operands provided") }
        parsed = try EinsumSubscripts(subscripts, shapes: operands.map(\.shape))
    } catch {
        let shapes = operands.map { describe($0.shape) }.joined(separator: ", ")
        return NDArray.failed(LazyArrayError("einsum", "\(error.reason) (subscripts '\(subscripts)', operand shapes \(shapes))"), shape: [], dtype: type)
    }
    var terms = zip(operands, parsed.inputs).map { EinsumTerm(array: $0.astype(type), labels: $1).diagonalized() }
    let output = Set(parsed.output)
    // Every label some later operand or the output still needs, for each step.
    func needed(after step: Int) -> Set<Int> {
        output.union(terms.dropFirst(step + 1).flatMap(\.labels))
    }
    var result = terms[0].summed(keeping: needed(after: 0))
    for step in 1..<terms.count {
        let later = needed(after: step)
        terms[step] = terms[step].summed(keeping: later.union(result.labels))
        result = result.contracted(with: terms[step], keeping: later)
    }
    let order = parsed.output.map { result.labels.firstIndex(of: $0)! }
    return result.array.transposed(order)
}

/// An operand of `einsum` with one label per axis.
private struct EinsumTerm {
    var array: NDArray
    var labels: [Int]

    private func lengths(_ labels: [Int]) -> [Int] { labels.map { array.shape[self.labels.firstIndex(of: $0)!] } }

    /// The term with each repeated label's axes replaced by their diagonal, put last: the
    /// repeated axes moved to the end and flattened, then a slice with step
    /// `1 + n + n² + ...` (a view of an array laid out row-major, as most are).
    func diagonalized() -> EinsumTerm {
        var term = self
        while let label = term.labels.first(where: { l in term.labels.filter { $0 == l }.count > 1 }) {
            let repeated = term.labels.indices.filter { term.labels[$0] == label }
            let others = term.labels.indices.filter { term.labels[$0] != label }
            let n = term.array.shape[repeated[0]]
            let otherShape = others.map { term.array.shape[$0] }
            let span = repeated.reduce(1) { product, _ in product * n }
            let flat = term.array.transposed(others + repeated).reshape(otherShape + [span])
            let step = n > 1 ? (span - 1) / (n - 1) : 1
            let slices = otherShape.map(AxisSlice.all) + [AxisSlice(start: 0, step: step, count: n)]
            term = EinsumTerm(array: flat.view(.slice(slices), shape: otherShape + [n]), labels: others.map { term.labels[$0] } + [label])
        }
        return term
    }

    /// The term with the labels not in `keep` summed over.
    func summed(keeping keep: Set<Int>) -> EinsumTerm {
        let axes = labels.indices.filter { !keep.contains(labels[$0]) }
        return EinsumTerm(array: Self.sum(array, axes: axes), labels: labels.filter(keep.contains))
    }

    /// The sum over `axes` in the array's own dtype: bool is an OR, integers wrap as NumPy's
    /// einsum sums them (the int64 sum cast back gives the same bits modulo 2^32).
    private static func sum(_ array: NDArray, axes: [Int]) -> NDArray {
        guard !axes.isEmpty else { return array }
        return array.dtype == .bool ? array.any(axes: axes) : array.sum(axes: axes).astype(array.dtype)
    }

    /// This term times `other`, summed over their shared labels not in `keep`; the result has
    /// the shared labels kept, then this term's own, then `other`'s own.
    func contracted(with other: EinsumTerm, keeping keep: Set<Int>) -> EinsumTerm {
        var (a, b) = (self, other)
        // A summed label of length 1 on one side only multiplies the other side's sum over it.
        for label in a.labels where b.labels.contains(label) && !keep.contains(label) {
            let (x, y) = (a.lengths([label])[0], b.lengths([label])[0])
            if x == 1 { a = a.dropping(label) }
            if y == 1 { b = b.dropping(label) }
            if x == 1 && y != 1 { b = b.summed(keeping: Set(b.labels).subtracting([label])) }
            if y == 1 && x != 1 { a = a.summed(keeping: Set(a.labels).subtracting([label])) }
        }
        let shared = a.labels.filter(b.labels.contains)
        let batch = shared.filter(keep.contains), summed = shared.filter { !keep.contains($0) }
        let left = a.labels.filter { !shared.contains($0) }, right = b.labels.filter { !shared.contains($0) }
        if !summed.isEmpty && !left.isEmpty && !right.isEmpty {
            // (batch, left, summed) @ (batch, summed, right), the batch axes broadcast by matmul.
            let k = a.lengths(summed).reduce(1, *)
            let x = a.aligned(batch + left + summed).reshape(a.lengths(batch) + [a.lengths(left).reduce(1, *), k])
            let y = b.aligned(batch + summed + right).reshape(b.lengths(batch) + [k, b.lengths(right).reduce(1, *)])
            let product = matmul(x, y)
            let batchShape = Array(product.shape.dropLast(2))
            return EinsumTerm(array: product.reshape(batchShape + a.lengths(left) + b.lengths(right)), labels: batch + left + right)
        }
        let all = batch + left + right + summed
        let product = a.expanded(to: all) * b.expanded(to: all)
        let kept = batch.count + left.count + right.count
        return EinsumTerm(array: Self.sum(product, axes: Array(kept..<all.count)), labels: Array(all[..<kept]))
    }

    /// The term without `label`, an axis of length 1.
    private func dropping(_ label: Int) -> EinsumTerm {
        EinsumTerm(array: array.squeeze(axis: labels.firstIndex(of: label)!), labels: labels.filter { $0 != label })
    }

    /// The array with its axes in the order of `order` (a permutation of the labels).
    private func aligned(_ order: [Int]) -> NDArray { array.transposed(order.map { labels.firstIndex(of: $0)! }) }

    /// The array over the axes of `all` (a superset of the labels), length 1 where it has none.
    private func expanded(to all: [Int]) -> NDArray {
        let own = all.filter(labels.contains)
        return aligned(own).reshape(all.map { labels.contains($0) ? lengths([$0])[0] : 1 })
    }
}
