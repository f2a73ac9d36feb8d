/// How a loss combines its per-element (or per-sample) values: PyTorch's `reduction=` argument
/// of `F.mse_loss`, `F.cross_entropy` and `F.binary_cross_entropy_with_logits`, whose default
/// (`'mean'`) is this one's too.
public enum LossReduction: Sendable, Hashable, CaseIterable {
    /// The mean over every value: PyTorch `reduction='mean'`; a 0-d result.
    case mean
    /// The sum of every value: PyTorch `reduction='sum'`; a 0-d result.
    case sum
    /// No reduction, the values themselves: PyTorch `reduction='none'`.
    case none

    /// `values` reduced this way: a lazy 0-d array for `.mean` and `.sum`, `values` for `.none`.
    func apply(to values: NDArray) -> NDArray {
        switch self {
        case .mean: values.mean()
        case .sum: values.sum()
        case .none: values
        }
    }
}
