import Foundation

/// A learning rate that falls from `initial` to `minimum` along half a cosine over
/// `totalSteps` steps, `minimum + (initial - minimum) * (1 + cos(π * step / totalSteps)) / 2`,
/// and stays at `minimum` afterwards. A plain function of the step number counted from 0; set
/// it before each update: `optimizer.learningRate = schedule(step)`.
///
/// PyTorch: `torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=totalSteps,
/// eta_min=minimum)` up to `totalSteps` (past it PyTorch's rate rises again along the cosine;
/// this one holds, as optax's); optax: `optax.cosine_decay_schedule(initial, totalSteps, alpha)`
/// with `alpha = minimum / initial`.
public struct CosineSchedule: Sendable, Hashable {
    /// The rate at step 0.
    public let initial: Double
    /// The step at which the rate reaches `minimum`.
    public let totalSteps: Int
    /// The rate from `totalSteps` on.
    public let minimum: Double

    /// A schedule from `initial` down to `minimum` (default 0) over `totalSteps` steps; a
    /// `totalSteps` below 1 is a ``LazyArrayError``.
    public init(initial: Double, totalSteps: Int, minimum: Double = 0) {
        if totalSteps < 1 { ErrorScope.report(LazyArrayError("CosineSchedule", "total steps \(totalSteps) must be at least 1")) }
        self.initial = initial
        self.totalSteps = Swift.max(totalSteps, 1)
        self.minimum = minimum
    }

    /// The learning rate at `step` (from 0; a negative step is a ``LazyArrayError`` and gives
    /// the initial rate).
    public func callAsFunction(_ step: Int) -> Double {
        guard step >= 0 else {
            ErrorScope.report(LazyArrayError("CosineSchedule", "step \(step) is negative: steps count from 0"))
            return initial
        }
        // PyTorch's closed form, in its order of operations: π * step / T_max.
        let angle = Double.pi * Double(Swift.min(step, totalSteps)) / Double(totalSteps)
        return minimum + (initial - minimum) * (1 + cos(angle)) / 2
    }
}
