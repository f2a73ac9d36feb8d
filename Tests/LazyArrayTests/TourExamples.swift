// The snippets of docs/tour.md and docs/laziness.md, one function each: the single source of
// truth for the code the pages show and the output printed under it. The parameter `print`
// shadows Swift's `print` (see TourTests.swift for the whole mechanism). Keep each body plain,
// deterministic Swift (seeded generators, no timing, no global counters), and after editing run
// `LAZYARRAY_UPDATE_DOCS=1 swift test --filter Tour` to rewrite the pages' blocks.

import Foundation
import LazyArray

enum TourExamples {
    static var all: [TourExample] { [
        TourExample(name: "arrays", body: arrays),
        TourExample(name: "vectorization", body: vectorization),
        TourExample(name: "broadcasting", body: broadcasting),
        TourExample(name: "shapes", body: shapes),
        TourExample(name: "linearLayer", body: linearLayer),
        TourExample(name: "random", body: random),
        TourExample(name: "normalization", body: normalization),
        TourExample(name: "oneHotEncoding", body: oneHotEncoding),
        TourExample(name: "batching", body: batching),
        TourExample(name: "indexing", body: indexing),
        TourExample(name: "masks", body: masks),
        TourExample(name: "dtypes", body: dtypes),
        TourExample(name: "reductions", body: reductions),
        TourExample(name: "saving", body: saving),
        TourExample(name: "laziness", body: laziness),
        TourExample(name: "explainChain", body: explainChain),
        TourExample(name: "explainSoftmax", body: explainSoftmax),
        TourExample(name: "explainNormalization", body: explainNormalization),
        TourExample(name: "explainGradient", body: explainGradient),
        TourExample(name: "explainGatherGradient", body: explainGatherGradient),
        TourExample(name: "evaluateTogether", body: evaluateTogether),
        TourExample(name: "loopPitfall", body: loopPitfall),
        TourExample(name: "loopFixed", body: loopFixed),
    ] }

    // MARK: - docs/tour.md

    static func arrays(print: TourPrinter) throws {
        let list = [1, 2, 3]
        print(list + [10, 20, 30])            // Swift Array: + joins the two lists

        let a = NDArray([1, 2, 3])
        print(a + NDArray([10, 20, 30]))      // NDArray: + adds element by element
        print(a * 2, a ** 2)
        print(a.shape, a.dtype)
    }

    static func vectorization(print: TourPrinter) throws {
        let celsius = [0.0, 21.5, 37.0, 100.0]

        // One element at a time, as in plain Swift:
        var fahrenheit: [Double] = []
        for c in celsius {
            fahrenheit.append(c * 9 / 5 + 32)
        }
        print(fahrenheit)

        // The whole array at once:
        let f = NDArray(celsius) * 9 / 5 + 32
        print(f)
    }

    static func broadcasting(print: TourPrinter) throws {
        let m = NDArray([[1, 2, 3],
                         [4, 5, 6]])                 // shape (2, 3)
        print(m + 10)                                // a scalar goes everywhere
        print(m + NDArray([100, 200, 300]))          // shape (3,) is added to every row
        print(m * NDArray([[1], [-1]]))              // shape (2, 1) scales every column
        let column = NDArray([0.5, 2.0]).reshape(2, 1)
        let row = NDArray([1.0, 2.0, 3.0])
        print((column * row).shape)                  // (2, 1) with (3,) gives (2, 3)
    }

    static func shapes(print: TourPrinter) throws {
        let scalar = NDArray(3.5)                        // 0-d
        let vector = NDArray([1.0, 2.0, 3.0])            // 1-d
        let matrix = NDArray.eye(3)                      // 2-d
        let images = NDArray.zeros([32, 28, 28], dtype: .float32)   // 32 grayscale 28×28 images
        print(scalar.ndim, vector.ndim, matrix.ndim, images.ndim)
        print(scalar.shape, vector.shape, matrix.shape, images.shape)
        print(images.size, images[0].shape, images[0, 27].shape)

        let pixels = images.reshape(32, 28 * 28)         // flatten each image for a dense layer
        print(pixels.shape)
        let colour = stack([images, images, images], axis: 1)   // (batch, channels, height, width)
        print(colour.shape)
        print(concatenate([images, images]).shape)      // 64 images
    }

    static func linearLayer(print: TourPrinter) throws {
        let w = NDArray([[0.5, -1.0, 2.0],
                         [1.0, 0.0, 1.0]])               // 3 inputs → 2 outputs: shape (2, 3)
        let b = NDArray([0.1, -0.1])
        let x = NDArray([1.0, 2.0, 3.0])                 // one sample

        // y = W x + b: output i is the sum over j of w[i, j] * x[j]
        let y = (w * x).sum(axis: 1) + b                 // (2, 3) * (3,) → (2, 3) → (2,)
        print(y)

        // A batch of 4 samples, one per row: (4, 1, 3) * (2, 3) → (4, 2, 3) → (4, 2)
        let batch = NDArray.arange(-6.0, 6.0).reshape(4, 3)
        let outputs = (batch.expandDims(axis: 1) * w).sum(axis: 2) + b
        print(outputs.shape)
        print(relu(outputs))                             // the layer's activation

        // The same with a matrix product (NumPy: w @ x + b, batch @ w.T + b):
        print(matmul(w, x) + b)
        print(relu(matmul(batch, w.T) + b))
    }

    static func random(print: TourPrinter) throws {
        let rng = RandomGenerator(seed: 42)

        // He initialisation of a 3 → 2 layer: normal with std sqrt(2 / fan_in).
        let w = rng.normal([2, 3], std: (2.0 / 3.0).squareRoot(), dtype: .float32)
        print(w)

        // Noise added to a signal, and other distributions.
        let signal = NDArray.linspace(0, 1, count: 5)
        print(signal + rng.normal([5], std: 0.01))
        print(rng.uniform([4], low: -1, high: 1))
        print(rng.randint(0, 10, shape: [8]))
        print(rng.permutation(6))

        // The same seed gives the same numbers again.
        print(RandomGenerator(seed: 7).randint(0, 100, shape: [4]),
              RandomGenerator(seed: 7).randint(0, 100, shape: [4]))
    }

    static func normalization(print: TourPrinter) throws {
        // 4 samples (rows) of 2 features (columns) on very different scales.
        let x = NDArray([[1.0, 200.0],
                         [2.0, 400.0],
                         [3.0, 600.0],
                         [4.0, 800.0]])
        let mean = x.mean(axis: 0)                       // one mean per feature: shape (2,)
        let std = x.std(axis: 0)
        let z = (x - mean) / std                         // broadcasts over the rows
        print(mean, std)
        print(z)
        print(z.mean(axis: 0), z.std(axis: 0))
    }

    static func oneHotEncoding(print: TourPrinter) throws {
        let labels = NDArray([0, 2, 1, 2])
        let y = oneHot(labels, classes: 3)
        print(y)
        print(NDArray.eye(3)[labels] .== y)              // the same thing, NumPy's np.eye(3)[labels]
        print(y.argmax(axis: 1))                         // and back to labels
    }

    static func batching(print: TourPrinter) throws {
        let x = NDArray.arange(10).reshape(5, 2)         // 5 samples of 2 features
        for batch in x.batches(of: 2) {
            print(batch.shape, batch.sum())
        }

        // A shuffled epoch: the rows in a random order, two at a time.
        let rng = RandomGenerator(seed: 1)
        let order = rng.permutation(5)
        print(order)
        for batch in x.batches(of: 2, order: order) {
            print(batch[.all, 0])
        }
    }

    static func indexing(print: TourPrinter) throws {
        let a = NDArray.arange(12).reshape(3, 4)
        print(a)
        print(a[0], a[-1])                   // first and last rows
        print(a[1, 2], a[.all, 0])           // one element; the first column
        print(a[0..<2, 1...])                // rows 0 and 1, columns 1 to the end
        print(a[.slice(step: -1), .slice(0, 4, step: 2)])   // a[::-1, 0:4:2]
        let value: Int = a[2, 3]             // a Swift value
        print(value + 1)

        var b = a
        b[.all, 0] = -1                      // assignment changes b only
        print(b[.all, 0], a[.all, 0])
    }

    static func masks(print: TourPrinter) throws {
        let scores = NDArray([3.5, -1.0, 0.0, 7.25, -2.5])
        let positive = scores .> 0
        print(positive)
        print(scores[positive])                          // only the selected elements
        print(NDArray.where(positive, scores, 0))        // keep the shape, replace the rest
        print((scores .< 0).sum())                       // counting with a mask

        var clipped = scores
        clipped[scores .< 0] = 0
        print(clipped)
    }

    static func dtypes(print: TourPrinter) throws {
        let counts = NDArray([1, 2, 3, 4])
        print(counts.dtype, counts / 2)                  // true division gives floats
        print(counts.astype(.float32).dtype, NDArray([1.9, -1.9]).astype(.int32))
        print((counts .> 2).dtype, (counts .> 2).astype(.int64))
        let f = NDArray([Float(1.5), 2.5])
        print(f.dtype, (f + 0.5).dtype, (f + NDArray([0.5])).dtype)   // a Swift literal keeps float32

        let m = NDArray.arange(6).reshape(2, -1)         // -1: worked out from the size
        print(m.shape, m.T.shape, m.flatten())
        print(m.expandDims(axis: 0).shape, m.reshape(1, 6, 1).squeeze().shape)
    }

    static func reductions(print: TourPrinter) throws {
        let m = NDArray([[1.0, 2.0, 3.0],
                         [4.0, 5.0, 6.0]])
        print(m.sum(), m.sum(axis: 0), m.sum(axis: 1))   // all, down the columns, along the rows
        print(m.mean(axis: 1, keepdims: true))           // shape (2, 1): broadcasts back onto m
        print(m.max(axis: 0), m.argmax(axis: 1))
        print(m.std(), m.variance(axis: 0, ddof: 1))

        let logits = NDArray([[2.0, 1.0, 0.1],
                              [0.0, 0.0, 0.0]])
        print(softmax(logits, axis: 1))
        print(logsumexp(logits, axis: 1))
    }

    static func saving(print: TourPrinter) throws {
        let rng = RandomGenerator(seed: 3)
        let images = rng.uniform([4, 28, 28], dtype: .float32)
        let labels = NDArray([Int32(3), 1, 4, 1])
        try images.save(to: "/tmp/tour-images.npy")                      // np.save
        try NDArray.saveArchive(["images": images, "labels": labels],
                                to: "/tmp/tour-batch.npz")               // np.savez

        let back = try NDArray.load("/tmp/tour-images.npy")
        print(back.shape, back.dtype, (back .== images).all())
        let archive = try NDArray.loadArchive("/tmp/tour-batch.npz")
        print(archive.keys.sorted(), archive["labels"]!)
    }

    // MARK: - laziness

    static func laziness(print: TourPrinter) throws {
        let x = NDArray.linspace(0, 1, count: 5)
        let y = 2 * x * x + 1            // records the computation; nothing runs yet
        print(y.isEvaluated)
        y.evaluate()                     // one fused kernel computes y
        print(y.isEvaluated, y)
    }

    // MARK: - docs/laziness.md

    static func explainChain(print: TourPrinter) throws {
        let a = NDArray.arange(0.0, 6.0).reshape(2, 3)
        let b = NDArray([10.0, 20.0, 30.0])
        a.evaluate()
        let y = sqrt(a * a + b) - 1      // four operations and a broadcast
        print(NDArray.kernelCount(y))
        print(y.explain())
    }

    static func explainSoftmax(print: TourPrinter) throws {
        let logits = NDArray.arange(0.0, 8.0).reshape(2, 4)
        logits.evaluate()
        print(softmax(logits, axis: 1).explain())
    }

    static func explainNormalization(print: TourPrinter) throws {
        let x = NDArray([[1.0, 200.0], [2.0, 400.0], [3.0, 600.0], [4.0, 800.0]])
        x.evaluate()
        let z = (x - x.mean(axis: 0)) / x.std(axis: 0)
        print(z.explain())
    }

    static func explainGradient(print: TourPrinter) throws {
        let x = NDArray([[1.0, -2.0, 0.5], [0.0, 3.0, -1.0]])
        let w = NDArray([[0.5, -1.0], [0.25, 2.0], [-1.0, 0.5]])
        let b = NDArray([0.1, -0.2])
        let (loss, grads) = valueAndGrad { (p: [NDArray]) -> NDArray in
            relu(matmul(x, p[0]) + p[1]).sum()
        }([w, b])
        print(NDArray.explain([loss] + grads))
    }

    static func explainGatherGradient(print: TourPrinter) throws {
        let table = NDArray.arange(0.0, 12.0).reshape(4, 3)   // an embedding: 4 ids, 3 columns
        table.evaluate()
        let ids = NDArray([1, 3, 1])
        let g = grad { (w: NDArray) -> NDArray in
            let rows = w[ids]                  // a gather: evaluated now, on the CPU
            return (rows * rows).sum()
        }(table)
        print(g.isEvaluated)                   // building the gradient computed nothing
        print(g.explain())
        print(g)                               // row 1 was read twice: its gradient adds up
    }

    static func evaluateTogether(print: TourPrinter) throws {
        let x = NDArray.arange(0.0, 1000.0)
        x.evaluate()
        let centered = x - x.mean()
        let scaled = centered / centered.std()
        print(NDArray.kernelCount(scaled))               // computes centered inside, keeps nothing of it
        print(NDArray.kernelCount(centered))             // so asking for centered afterwards runs again
        print(NDArray.kernelCount(centered, scaled))     // together: centered is computed once, and kept
        evaluate(centered, scaled)
        print(centered.isEvaluated, scaled.isEvaluated)
    }

    static func loopPitfall(print: TourPrinter) throws {
        var x = NDArray.ones([1000])
        for _ in 0..<3 {
            x = x * 0.5 + 1
            print(x.sum())               // evaluates the sum only: x stays pending
        }
        print(x.explain().split(separator: "\n")[1])   // so each read redid every step so far
    }

    static func loopFixed(print: TourPrinter) throws {
        var x = NDArray.ones([1000])
        for _ in 0..<3 {
            x = (x * 0.5 + 1).evaluate()  // one small kernel per step; the graph stays short
            print(x.sum())
        }
        print(x.explain())
    }
}
