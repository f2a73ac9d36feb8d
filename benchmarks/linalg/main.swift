// The LazyArray side of benchmarks/linalg (run it with run.sh): 1024^3 float32 matmul, the dense
// layer relu(X @ W + bias) fused and unfused, matrix-vector products; best of several runs.
import LazyArray
import Dispatch

/// Best-of-`repeats` seconds of `body`.
func best(_ repeats: Int, _ body: () -> Void) -> Double {
    var best = Double.infinity
    for _ in 0..<repeats {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    return best
}

func random(_ shape: [Int], seed: UInt64) -> NDArray {
    var state = seed
    let values = (0..<shape.reduce(1, *)).map { _ -> Float in
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Float(Double(state >> 11) / Double(1 << 53) * 2 - 1)
    }
    return NDArray(values, shape: shape)
}

let a = random([1024, 1024], seed: 1), b = random([1024, 1024], seed: 2)
for threads in [1, 2] {
    NDArray.threadCount = threads
    _ = matmul(a, b).evaluate()
    let seconds = best(7) { _ = matmul(a, b).evaluate() }
    print("matmul 1024^3 float32, \(threads) thread(s): \(String(format: "%.1f", 2 * 1024 * 1024 * 1024 / seconds / 1e9)) GFLOP/s (\(String(format: "%.2f", seconds * 1000)) ms)")
}
let x = random([256, 1024], seed: 3), w = random([1024, 1024], seed: 4), bias = random([1024], seed: 5)
for threads in [1, 2] {
    NDArray.threadCount = threads
    _ = relu(matmul(x, w) + bias).evaluate()
    let seconds = best(11) { _ = relu(matmul(x, w) + bias).evaluate() }
    let plain = best(11) { _ = matmul(x, w).evaluate() }
    print("relu(X @ W + bias) (256, 1024) x (1024, 1024), \(threads) thread(s): \(String(format: "%.1f", 2 * 256 * 1024 * 1024 / seconds / 1e9)) GFLOP/s (\(String(format: "%.3f", seconds * 1000)) ms; plain matmul \(String(format: "%.3f", plain * 1000)) ms), kernels: \(NDArray.kernelCount(relu(matmul(x, w) + bias)))")
}
// Unfused comparison: the product evaluated first, then the elementwise kernel.
NDArray.threadCount = 1
let unfused = best(11) { let p = matmul(x, w).evaluate(); _ = relu(p + bias).evaluate() }
print("relu(X @ W + bias) unfused (2 kernels), 1 thread: \(String(format: "%.3f", unfused * 1000)) ms")
let big = random([4096, 4096], seed: 6), v = random([4096], seed: 7)
for threads in [1, 2] {
    NDArray.threadCount = threads
    let seconds = best(11) { _ = matmul(big, v).evaluate() }
    let rowSeconds = best(11) { _ = matmul(v, big).evaluate() }
    print("matvec (4096, 4096) @ (4096,) float32, \(threads) thread(s): \(String(format: "%.2f", seconds * 1000)) ms = \(String(format: "%.1f", 4096.0 * 4096 * 4 / seconds / 1e9)) GB/s; (4096,) @ (4096, 4096): \(String(format: "%.2f", rowSeconds * 1000)) ms")
}
