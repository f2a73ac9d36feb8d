import Foundation

/// A learning rate that drops by `gamma` every `stepSize` steps:
/// `initial * gamma^(step / stepSize)` (integer division), a plain function of the step
/// number counted from 0. Set it before each update: `optimizer.learningRate = schedule(step)`.
///
/// PyTorch: `torch.optim.lr_scheduler.StepLR(optimizer, step_size, gamma)` (its `last_epoch`
/// is `step`); optax: `optax.exponential_decay(initial, stepSize, gamma, staircase=True)`.
public struct StepSchedule: Sendable, Hashable {
    /// The rate at steps `0..<stepSize`.
    public let initial: Double
    /// The number of steps between two drops.
    public let stepSize: Int
    /// The factor of each drop.
    public let gamma: Double

    /// A schedule starting at `initial`, multiplied by `gamma` (PyTorch's default 0.1) every
    /// `stepSize` steps; a `stepSize` below 1 is a ``LazyArrayError``.
    public init(initial: Double, stepSize: Int, gamma: Double = 0.1) {
        if stepSize < 1 { ErrorScope.report(LazyArrayError("StepSchedule", "step size \(stepSize) must be at least 1")) }
        self.initial = initial
        self.stepSize = Swift.max(stepSize, 1)
        self.gamma = gamma
    }

    /// The learning rate at `step` (from 0; a negative step is a ``LazyArrayError`` and gives
    /// the initial rate).
    public func callAsFunction(_ step: Int) -> Double {
        guard step >= 0 else {
            ErrorScope.report(LazyArrayError("StepSchedule", "step \(step) is negative: steps count from 0"))
            return initial
        }
        return initial * pow(gamma, Double(step / stepSize))
    }
}
