import LazyArray

/// The evaluated inputs of one case at one size, and what one call of it moves or computes.
struct Workload {
    /// The arrays the expression reads, made and evaluated before any timing.
    let inputs: [NDArray]
    /// Floating-point operations per call, for the compute-bound cases that report GFLOP/s.
    let flops: Double?
    /// For a case that reads only part of its input (a column view): the elements it reads.
    let elementsRead: Int?

    /// BENCH.md's traffic of one call: every input read and every output written, each array
    /// counted once (only the elements read of a case that reads part of its input).
    /// `outputs` may be unevaluated: only their shapes and dtypes are read.
    func bytes(writing outputs: [NDArray]) -> Int {
        let read = elementsRead.map { $0 * outputs[0].dtype.byteSize } ?? inputs.reduce(0) { $0 + $1.size * $1.dtype.byteSize }
        return read + outputs.reduce(0) { $0 + $1.size * $1.dtype.byteSize }
    }
}

/// One case of ../shared/BENCH.md as data: its inputs and the expression a timed call builds.
struct BenchCase: Sendable {
    /// The BENCH.md id (`add`, `poly`, …); the variants of `overhead` share theirs, told apart by N.
    let id: String
    /// The expression as BENCH.md writes it.
    let expression: String
    let dtypes: [DType]
    /// Sizes that do not follow `--sizes` (the overhead and matmul cases), or nil.
    let fixedSizes: [Int]?
    /// Sizes the full suite adds for this case only (BENCH.md runs `add` at 3e7 too).
    let extraSizes: [Int]
    /// The shapes of the standard-normal inputs at nominal size N, in the order `build` reads them.
    let inputShapes: @Sendable (_ n: Int) -> [[Int]]
    /// Floating-point operations per call at N for the cases that report GFLOP/s, else nil.
    let flops: (@Sendable (_ n: Int) -> Double)?
    /// Elements read per call at N when the case reads only part of its input, else nil.
    let elementsRead: (@Sendable (_ n: Int) -> Int)?
    /// The id of the case that computes the same over contiguous memory, for a case over a
    /// strided view: the run prints the ratio of the two throughputs.
    let contiguousCase: String?
    /// The id of the case that times this one's forward pass alone, for a gradient case: the
    /// run prints the ratio of the two medians (BENCH.md: ratios within one run).
    let forwardCase: String?
    /// Whether the case evaluates inside its call with the default mode and backend (an
    /// optimizer's update does): it runs fused on the default backend only.
    let defaultBackendOnly: Bool
    /// Builds the (lazy) outputs from the evaluated inputs at nominal size N, evaluated together
    /// in one call: one array for most cases, the value and every gradient for a gradient case.
    let build: @Sendable (_ inputs: [NDArray], _ n: Int) -> [NDArray]

    /// A case with one output.
    init(_ id: String, _ expression: String, dtypes: [DType] = [.float32], fixedSizes: [Int]? = nil,
         extraSizes: [Int] = [], inputs: @escaping @Sendable (_ n: Int) -> [[Int]],
         flops: (@Sendable (_ n: Int) -> Double)? = nil, elementsRead: (@Sendable (_ n: Int) -> Int)? = nil,
         contiguousCase: String? = nil, build: @escaping @Sendable ([NDArray]) -> NDArray) {
        self.init(id, expression, dtypes: dtypes, fixedSizes: fixedSizes, extraSizes: extraSizes, inputs: inputs,
                  flops: flops, elementsRead: elementsRead, contiguousCase: contiguousCase, forwardCase: nil,
                  outputs: { [build($0)] })
    }

    /// A case whose call evaluates several outputs together (`evaluate(value, gradients...)`).
    init(_ id: String, _ expression: String, dtypes: [DType] = [.float32], fixedSizes: [Int]? = nil,
         extraSizes: [Int] = [], inputs: @escaping @Sendable (_ n: Int) -> [[Int]],
         flops: (@Sendable (_ n: Int) -> Double)? = nil, elementsRead: (@Sendable (_ n: Int) -> Int)? = nil,
         contiguousCase: String? = nil, forwardCase: String?, defaultBackendOnly: Bool = false,
         outputs build: @escaping @Sendable ([NDArray]) -> [NDArray]) {
        self.init(id, expression, dtypes: dtypes, fixedSizes: fixedSizes, extraSizes: extraSizes, inputs: inputs,
                  flops: flops, elementsRead: elementsRead, contiguousCase: contiguousCase, forwardCase: forwardCase,
                  defaultBackendOnly: defaultBackendOnly, sizedOutputs: { inputs, _ in build(inputs) })
    }

    /// A case whose expression depends on N itself, not only on its inputs' shapes (`deep_chain`:
    /// N is the number of nodes).
    init(_ id: String, _ expression: String, dtypes: [DType] = [.float32], fixedSizes: [Int]? = nil,
         extraSizes: [Int] = [], inputs: @escaping @Sendable (_ n: Int) -> [[Int]],
         flops: (@Sendable (_ n: Int) -> Double)? = nil, elementsRead: (@Sendable (_ n: Int) -> Int)? = nil,
         contiguousCase: String? = nil, forwardCase: String?, defaultBackendOnly: Bool = false,
         sizedOutputs build: @escaping @Sendable (_ inputs: [NDArray], _ n: Int) -> [NDArray]) {
        self.id = id
        self.expression = expression
        self.dtypes = dtypes
        self.fixedSizes = fixedSizes
        self.extraSizes = extraSizes
        self.inputShapes = inputs
        self.flops = flops
        self.elementsRead = elementsRead
        self.contiguousCase = contiguousCase
        self.forwardCase = forwardCase
        self.defaultBackendOnly = defaultBackendOnly
        self.build = build
    }

    /// Makes the evaluated inputs for nominal size `n` (the same data on every run).
    func workload(n: Int, dtype: DType) -> Workload {
        var data = InputData(seed: 12_345)
        return Workload(inputs: inputShapes(n).map { data.normal($0, dtype: dtype) }, flops: flops?(n),
                        elementsRead: elementsRead?(n))
    }
}

extension BenchCase {
    /// The cases whose API exists today, in BENCH.md's order.
    static let all: [BenchCase] = [
        BenchCase("add", "a + b", dtypes: [.float32, .float64], extraSizes: [30_000_000], inputs: vectors(2)) { $0[0] + $0[1] },
        BenchCase("square", "a ** 2", inputs: vectors(1)) { $0[0] ** 2 },
        BenchCase("poly", "2*a*a*a + 3*b*b - 4*a*b + 1", inputs: vectors(2)) { polynomial($0[0], $0[1]) },
        BenchCase("trig", "sin(a)**2 + cos(b)**2", dtypes: [.float32, .float64], inputs: vectors(2)) {
            sin($0[0]) ** 2 + cos($0[1]) ** 2
        },
        BenchCase("sigmoid", "1 / (1 + exp(-a))", inputs: vectors(1)) { 1 / (1 + exp(-$0[0])) },
        BenchCase("leaky_relu", "where(a > 0, a, 0.01 * a)", inputs: vectors(1)) { NDArray.where($0[0] .> 0, $0[0], 0.01 * $0[0]) },
        BenchCase("normalize", "(X - X.mean(axis: 0)) / (X.std(axis: 0) + 1e-8)", inputs: { [[max(1, $0 / 64), 64]] }) {
            ($0[0] - $0[0].mean(axis: 0)) / ($0[0].std(axis: 0) + 1e-8)
        },
        // x, y of length √N: N outputs from 2√N inputs.
        BenchCase("outer", "x[:, newAxis] * y[newAxis, :] + 1", inputs: { n in
            let side = Int(Double(n).squareRoot().rounded())
            return [[side], [side]]
        }) { $0[0].expandDims(axis: 1) * $0[1].expandDims(axis: 0) + 1 },
        BenchCase("sumsq", "sum((a - b) ** 2)", inputs: vectors(2)) { (($0[0] - $0[1]) ** 2).sum() },
        BenchCase("noise", "a + rng.normal(a.shape)", inputs: vectors(1)) {
            $0[0] + noiseGenerator.normal($0[0].shape, dtype: $0[0].dtype)
        },
        // The row softmax as a user writes it with the library: `softmax` subtracts the row
        // maximum and normalizes (BENCH.md's formula, in two passes instead of three).
        BenchCase("softmax", "softmax(X, axis: 1)", inputs: { [[max(1, $0 / 256), 256]] }) { softmax($0[0], axis: 1) },
        // Issue 21's scan: one pass, the input read once and the result written once.
        BenchCase("cumsum", "cumsum(a)", inputs: vectors(1)) { cumsum($0[0]) },
        BenchCase("linear", "relu(X @ W + bias)", fixedSizes: [256], inputs: { [[$0, 1024], [1024, 1024], [1024]] },
                  flops: { 2 * Double($0) * 1024 * 1024 }) { relu(matmul($0[0], $0[1]) + $0[2]) },
        BenchCase("linear", "A @ B", fixedSizes: [1024], inputs: { [[$0, $0], [$0, $0]] },
                  flops: { 2 * Double($0) * Double($0) * Double($0) }) { matmul($0[0], $0[1]) },
        // Issue 22: a skinny product, (N, 64) @ (64, N) at N = 4096: a rank-64 update, 64 MiB of
        // output for 2 GFLOP, where packing and writing C weigh as much as the arithmetic.
        BenchCase("skinny", "A @ B, A (N, 64), B (64, N)", fixedSizes: [4096], inputs: { [[$0, 64], [64, $0]] },
                  flops: { 2 * Double($0) * 64 * Double($0) }) { matmul($0[0], $0[1]) },
        BenchCase("overhead", "a + 1.0", fixedSizes: [16], inputs: vectors(1)) { $0[0] + 1.0 },
        BenchCase("overhead", "poly", fixedSizes: [1000], inputs: vectors(2)) { polynomial($0[0], $0[1]) },
        // Issue 5: elementwise chains over strided views, each next to the same chain over
        // contiguous memory (the bench prints the ratio of their throughputs).
        BenchCase("strided_column", "X[.all, 3] * 2 + 1", fixedSizes: [1_000_000], inputs: { [[$0, 64]] },
                  elementsRead: { $0 }, contiguousCase: "strided_column_contiguous") { $0[0][.all, 3] * 2 + 1 },
        BenchCase("strided_column_contiguous", "a * 2 + 1", fixedSizes: [1_000_000], inputs: vectors(1)) { $0[0] * 2 + 1 },
        BenchCase("strided_transpose", "X.T + 1", fixedSizes: [2000], inputs: { [[$0, $0]] },
                  contiguousCase: "strided_transpose_contiguous") { $0[0].T + 1 },
        BenchCase("strided_transpose_contiguous", "X + 1", fixedSizes: [2000], inputs: { [[$0, $0]] }) { $0[0] + 1 },
        // A transpose next to a row-major operand: the result stays row-major, so the
        // transposed read goes through the tiled iteration (`X.T + 1` inherits its input's
        // layout and reads contiguously instead).
        BenchCase("strided_mixed", "X.T + X", fixedSizes: [2000], inputs: { [[$0, $0]] },
                  contiguousCase: "strided_mixed_contiguous") { $0[0].T + $0[0] },
        BenchCase("strided_mixed_contiguous", "X + X", fixedSizes: [2000], inputs: { [[$0, $0]] }) { $0[0] + $0[0] },
        // Issue 20: a scalar linear model's loss over data a (N,), parameters w and b 0-d. One
        // call builds valueAndGrad and evaluates the value and both gradients together; the
        // forward pass alone is its own case, so the run prints grad / forward.
        BenchCase("grad_chain", "valueAndGrad(sum(sigmoid(a * w + b) ** 2)) over w, b", inputs: { [[$0], [], []] },
                  forwardCase: "grad_chain_forward", outputs: { inputs in
                      let (value, gradients) = valueAndGrad(chainLoss(inputs[0]))([inputs[1], inputs[2]])
                      return [value] + gradients
                  }),
        // One training step of a 784-256-10 perceptron at batch 128: forward, backward and
        // Adam's update of the four parameters, each step from the parameters the last left.
        // FLOPs: the forward's two products, and backward the weights' (dW1, dW2) and the hidden
        // layer's (dh); x is data, so no dx. The
        // optimizer evaluates its update itself, with the default backend: the case runs fused
        // on the default backend only.
        BenchCase("mlp_step", "relu(x @ W1 + b1) @ W2 + b2, cross-entropy, Adam", fixedSizes: [128],
                  inputs: { [[$0, 784], [784, 256], [256], [256, 10], [10]] },
                  flops: { 2 * Double($0) * (2 * 784 * 256 + 3 * 256 * 10) }, forwardCase: nil, defaultBackendOnly: true,
                  outputs: { [mlpTraining.step($0)] }),
        // Issue 21: a stable sort of standard-normal float32 (a barrier: the call sorts).
        BenchCase("sort", "a.sort(axis: -1)", fixedSizes: [1_000_000, 10_000_000], inputs: vectors(1)) { $0[0].sort(axis: -1) },
        BenchCase("grad_chain_forward", "sum(sigmoid(a * w + b) ** 2)", inputs: { [[$0], [], []] }) { inputs in
            chainLoss(inputs[0])([inputs[1], inputs[2]])
        },
        // Issue 22: graph size. N nodes of `x = x + 1` over a 16-element x, built and evaluated
        // in one call: the time is the engine's per node (building, lowering, planning, freeing),
        // not arithmetic. Fused on the default backend only: eager would run N kernels, and the
        // C target would compile one N-line kernel.
        BenchCase("deep_chain", "x = x + 1, N times", fixedSizes: [100_000, 1_000_000], inputs: { _ in [[16]] },
                  forwardCase: nil, defaultBackendOnly: true, sizedOutputs: { inputs, n in
                      var x = inputs[0]
                      for _ in 0..<n { x = x + 1 }
                      return [x]
                  }),
        // Issue 21: a batched contraction written as einsum, which lowers it to one batched
        // matmul. N is the batch: 64 products of 128x128 by 128x128 float32 (an attention-sized
        // batch of heads), 4 MiB per operand: compute-bound, 268 MFLOP per call, and each
        // product small enough that the per-matrix cost of a batched GEMM shows.
        BenchCase("einsum", "einsum(\"bij,bjk->bik\", A, B)", fixedSizes: [64], inputs: { [[$0, 128, 128], [$0, 128, 128]] },
                  flops: { 2 * Double($0) * 128 * 128 * 128 }) { einsum("bij,bjk->bik", $0[0], $0[1]) },
    ]

    /// `mlp_step`'s state: one training run across the whole bench run.
    static let mlpTraining = MLPTraining()

    /// `grad_chain`'s loss as a function of the parameters `[w, b]` over the data `a`.
    static func chainLoss(_ a: NDArray) -> ([NDArray]) -> NDArray {
        { parameters in (sigmoid(a * parameters[0] + parameters[1]) ** 2).sum() }
    }

    /// The generator of the `noise` case: one for the whole run, so each call draws new numbers
    /// as a training loop would.
    static let noiseGenerator = RandomGenerator(seed: 42)

    /// `count` input vectors of length N.
    static func vectors(_ count: Int) -> @Sendable (Int) -> [[Int]] {
        { n in Array(repeating: [n], count: count) }
    }

    /// `2*a*a*a + 3*b*b - 4*a*b + 1`, in NumPy's evaluation order; split into terms because
    /// the one-line form is too much for the type checker.
    private static func polynomial(_ a: NDArray, _ b: NDArray) -> NDArray {
        let cubic = 2 * a * a * a
        let square = 3 * b * b
        let cross = 4 * a * b
        return cubic + square - cross + 1
    }
}
