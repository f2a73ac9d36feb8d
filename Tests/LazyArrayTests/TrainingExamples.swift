// The snippets of docs/training.md, one function each, kept honest as TourExamples' are (see
// TourTests.swift for the mechanism): the function's body is the page's ```swift block and what
// it prints the ```text block under it. Deterministic: seeded generators, no timing.

import Foundation
import LazyArray

enum TrainingExamples {
    static var all: [TourExample] { [
        TourExample(name: "lossFunctions", body: lossFunctions),
        TourExample(name: "training", body: training),
    ] }

    static func lossFunctions(print: TourPrinter) throws {
        let scores = NDArray([[2.0, 0.0, -1.0], [0.5, 0.5, 3.0]])   // 2 samples, 3 classes
        let labels = NDArray([0, 2])                                 // the right class of each
        print(crossEntropy(logits: scores, labels: labels))          // mean of -log softmax at the label
        print(crossEntropy(logits: scores, labels: labels, reduction: .none))
        print(mseLoss(NDArray([1.0, 2.0]), NDArray([1.5, 1.0])))     // ((-0.5)² + 1²) / 2
        print(binaryCrossEntropy(logits: NDArray([0.0]), targets: NDArray([1.0])))   // log 2

        // Their gradients are the textbook ones: softmax minus one-hot, over the batch size.
        let dScores = grad { (z: NDArray) -> NDArray in crossEntropy(logits: z, labels: labels) }(scores)
        print(dScores)
    }

    static func training(print: TourPrinter) throws {
        let rng = RandomGenerator(seed: 7)
        // Two spirals of 200 points each: class k at angle t + kπ and radius t, plus noise.
        let t = NDArray.linspace(0.25, 3 * Double.pi, count: 200)
        var points: [NDArray] = [], classes: [NDArray] = []
        for k in 0..<2 {
            let angle = t + Double(k) * Double.pi
            points.append(stack([t * cos(angle), t * sin(angle)], axis: 1) / 3 + rng.normal([200, 2], std: 0.05))
            classes.append(NDArray.full([200], k))
        }
        let X = concatenate(points).astype(.float32).evaluate()
        let y = concatenate(classes).evaluate()
        print("X:", X.shape, X.dtype, "y:", y.shape, y.dtype)

        // A two-layer perceptron, 2 → 64 → 2: ReLU between two linear layers.
        var parameters = Linear(inFeatures: 2, outFeatures: 64, generator: rng).parameters
            + Linear(inFeatures: 64, outFeatures: 2, generator: rng).parameters
        func logits(_ p: [NDArray], _ x: NDArray) -> NDArray {
            let hidden = relu(Linear(parameters: Array(p[0..<2]))(x))
            return Linear(parameters: Array(p[2..<4]))(hidden)
        }

        var optimizer = Adam(learningRate: 0.01)
        for epoch in 1...100 {
            let order = rng.permutation(X.shape[0])         // a new shuffle every epoch
            var total = 0.0, steps = 0
            for (xb, yb) in zip(X.batches(of: 32, order: order), y.batches(of: 32, order: order)) {
                let (loss, grads) = valueAndGrad { (p: [NDArray]) -> NDArray in
                    crossEntropy(logits: logits(p, xb), labels: yb)
                }(parameters)
                NDArray.evaluate([loss] + grads)            // forward and backward, planned together
                optimizer.update(&parameters, grads)        // one fused kernel per parameter
                total += loss.item(Double.self)
                steps += 1
            }
            if epoch % 10 == 0 {
                let predicted = logits(parameters, X).argmax(axis: 1)
                let accuracy = (predicted .== y).astype(.float64).mean().item(Double.self)
                print("epoch", epoch, "loss", String(format: "%.4f", total / Double(steps)),
                      "accuracy", String(format: "%.1f%%", 100 * accuracy))
            }
        }
    }
}
