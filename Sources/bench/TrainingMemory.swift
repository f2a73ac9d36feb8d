import Foundation
import LazyArray

/// `bench --filter train_memory`: a tiny model trained for a million steps, one evaluated
/// gradient step at a time, with the resident memory after the first 10,000 steps and at the
/// end (issue 20: graphs are freed after each evaluated step, so memory stays flat).
enum TrainingMemory {
    /// The id `--filter` selects it by.
    static let id = "train_memory"

    /// What one run measured.
    struct Report {
        let steps: Int
        let warmSteps: Int
        /// Resident bytes after `warmSteps` and after `steps`.
        let warmBytes: Int
        let finalBytes: Int
        /// Seconds per step over the steps after the warm-up.
        let secondsPerStep: Double
        /// The model's loss at the end, which shows it trained.
        let finalLoss: Double
    }

    /// The growth the run accepts between the warm-up and the end: far below what a million
    /// retained step graphs would hold, far above allocator noise.
    static let boundBytes = 8 << 20

    /// Trains `w` (4 float32 weights) to fit `y = x · [1, -2, 3, 0.5]` by gradient descent on the
    /// mean squared error, `w = w - 0.01 * grad(loss)(w)`, evaluating `w` after each step.
    static func run(steps: Int = 1_000_000, warmSteps: Int = 10_000) -> Report? {
        let x = NDArray([Float]([1, 0.5, -1, 2, 0, 1, 1, -0.5, 2, -1, 0.5, 1]), shape: [3, 4])
        let truth = NDArray([Float]([1, -2, 3, 0.5]), shape: [4, 1])
        let y = matmul(x, truth).reshape([3]).evaluate()
        let loss = { (w: NDArray) -> NDArray in ((matmul(x, w.reshape([4, 1])).reshape([3]) - y) ** 2).mean() }
        let step = grad(loss)
        var w = NDArray.zeros([4], dtype: .float32).evaluate()
        for _ in 0..<warmSteps { w = (w - 0.01 * step(w)).evaluate() }
        guard let warm = ResidentMemory.bytes() else { return nil }
        let start = Date()
        for _ in warmSteps..<steps { w = (w - 0.01 * step(w)).evaluate() }
        let elapsed = Date().timeIntervalSince(start)
        guard let final = ResidentMemory.bytes() else { return nil }
        return Report(steps: steps, warmSteps: warmSteps, warmBytes: warm, finalBytes: final,
                      secondsPerStep: elapsed / Double(steps - warmSteps), finalLoss: loss(w).item(Double.self))
    }
}
