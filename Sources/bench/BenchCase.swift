import LazyArray

/// The evaluated inputs of one case at one size, and what one call of it moves or computes.
struct Workload {
    /// The arrays the expression reads, made and evaluated before any timing.
    let inputs: [NDArray]
    /// Floating-point operations per call, for the compute-bound cases that report GFLOP/s.
    let flops: Double?
    /// For a case that reads only part of its input (a column view): the elements it reads.
    let elementsRead: Int?

    /// BENCH.md's traffic of one call: every input read and the output written, each array
    /// counted once (only the elements read of a case that reads part of its input).
    /// `output` may be unevaluated: only its shape and dtype are read.
    func bytes(writing output: NDArray) -> Int {
        let read = elementsRead.map { $0 * output.dtype.byteSize } ?? inputs.reduce(0) { $0 + $1.size * $1.dtype.byteSize }
        return read + output.size * output.dtype.byteSize
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
    /// Builds the (lazy) expression from the evaluated inputs.
    let build: @Sendable (_ inputs: [NDArray]) -> NDArray

    init(_ id: String, _ expression: String, dtypes: [DType] = [.float32], fixedSizes: [Int]? = nil,
         extraSizes: [Int] = [], inputs: @escaping @Sendable (_ n: Int) -> [[Int]],
         flops: (@Sendable (_ n: Int) -> Double)? = nil, elementsRead: (@Sendable (_ n: Int) -> Int)? = nil,
         contiguousCase: String? = nil, build: @escaping @Sendable ([NDArray]) -> NDArray) {
        self.id = id
        self.expression = expression
        self.dtypes = dtypes
        self.fixedSizes = fixedSizes
        self.extraSizes = extraSizes
        self.inputShapes = inputs
        self.flops = flops
        self.elementsRead = elementsRead
        self.contiguousCase = contiguousCase
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
        BenchCase("linear", "relu(X @ W + bias)", fixedSizes: [256], inputs: { [[$0, 1024], [1024, 1024], [1024]] },
                  flops: { 2 * Double($0) * 1024 * 1024 }) { relu(matmul($0[0], $0[1]) + $0[2]) },
        BenchCase("linear", "A @ B", fixedSizes: [1024], inputs: { [[$0, $0], [$0, $0]] },
                  flops: { 2 * Double($0) * Double($0) * Double($0) }) { matmul($0[0], $0[1]) },
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
    ]

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
