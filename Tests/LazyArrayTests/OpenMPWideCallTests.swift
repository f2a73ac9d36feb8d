import Testing
@testable import LazyArray
@testable import Kernels

/// The OpenMP target's lines of one 512-bit vector that call glibc's AVX-512 libmvec variants
/// (`CKernelRenderer+WideCalls.swift`). The results are checked on any machine; where the
/// compiler does not target AVX-512 the same source compiles to the plain loop.
@Suite(.serialized, .timeLimit(.minutes(10)))
struct OpenMPWideCallTests {
    /// `sin(x * 2) + x * 2` over `count` elements of `dtype`: `x * 2` is read again after the
    /// call, so the line keeps it.
    static func program(_ dtype: LazyArray.DType, count: Int = 100, strided: Bool = false) -> KernelProgram {
        let view = strided ? View(shape: [10, count / 10], strides: [1, 10]) : View(contiguous: [count])
        return KernelProgram(
            shape: strided ? [10, count / 10] : [count],
            inputs: [KernelInput(slot: 0, dtype: dtype, view: view)],
            instructions: [
                Instruction(kind: .elementwise(.multiply), operandType: dtype, resultType: dtype,
                            operands: [.input(0), .constant(.float(2))], result: 0),
                Instruction(kind: .elementwise(.sin), operandType: dtype, resultType: dtype, operands: [.register(0)], result: 1),
                Instruction(kind: .elementwise(.add), operandType: dtype, resultType: dtype,
                            operands: [.register(1), .register(0)], result: 2),
            ],
            outputs: [KernelOutput(register: 2, slot: 1, dtype: dtype)])
    }

    @Test func flatLoopsCallTheWideVariantsByLine() throws {
        let double = try CKernelRenderer.render(Self.program(.float64))
        #expect(double.contains("#if defined(__AVX512F__)"))
        #expect(double.contains("la_v8d _ZGVeN8v_sin(la_v8d) __attribute__((weak));"))
        #expect(double.contains("if (&_ZGVeN8v_sin)"), "a variant libmvec does not provide is null")
        #expect(double.contains("for (; q + 8L <= end; q += 8L) {"))
        #expect(double.contains("la_k0[p - q] = t0;"), "x * 2 is kept for the part after the call")
        #expect(double.contains("la_r1 = _ZGVeN8v_sin(la_a1);"))
        #expect(double.contains("for (long p = q; p < end; p++) {"), "the plain loop takes what does not fill a line")
        let float = try CKernelRenderer.render(Self.program(.float32))
        #expect(float.contains("la_r1 = _ZGVeN16v_sinf(la_a1);"))
        #expect(float.contains("for (; q + 16L <= end; q += 16L) {"))
    }

    @Test func stridedLoopsAndKernelsWithoutCallsHaveNoLines() throws {
        #expect(try !CKernelRenderer.render(Self.program(.float64, strided: true)).contains("_ZGVeN"))
        #expect(try !CKernelRenderer.render(OpenMPCompilerTests.program(scale: 2)).contains("_ZGVeN"))
    }

    /// Three chunks and a tail that fills no line; values kept across two calls, two outputs
    /// and a reduction over a call. The calls are libmvec's (4 ulp), so the results are within
    /// a bound of eager (a few ulp of the largest term), and bitwise the same on any number of
    /// threads (lines start at fixed positions).
    @Test(.enabled(if: openMPAvailable, skipComment), arguments: [DType.float32, .float64])
    func linesMatchEagerAndAnyThreadCount(dtype: LazyArray.DType) {
        let count = 3 * BlockVM.chunkSize + 13
        let a = makeArray((0..<count).map { Double($0 % 4001) / 100 - 20 }, dtype: dtype)
        let b = makeArray((0..<count).map { Double($0 % 997) / 50 + 0.01 }, dtype: dtype)
        func build() -> (NDArray, NDArray, NDArray) {
            let s = sin(a)
            return (exp(s * 0.5) + a * log(b) + cos(a * 2 + s) * s, b * 3 + sin(b), exp(sin(a)).sum())
        }
        var runs: [[[Double]]] = []
        for threads in [1, 2, 3] {
            let (y, z, total) = build()
            NDArray.withThreadCount(threads) { evaluate(y, z, total, backend: .openMP) }
            runs.append([y, z, total].map { $0.toArray(Double.self) })
        }
        for run in runs.dropFirst() { #expect(zip(run, runs[0]).allSatisfy { sameBits($0, $1) }) }
        let (y, z, total) = build()
        evaluate(y, z, total, mode: .eager)
        let eps = dtype == .float32 ? Double(Float.ulpOfOne) : Double.ulpOfOne
        let expected = [y, z, total].map { $0.toArray(Double.self) }
        // |a log b| is at most about 80, the other terms a few units: 16 ulp of 100.
        for (got, want) in zip(runs[0][0..<2], expected[0..<2]) {
            let worst = zip(got, want).map { Swift.abs($0 - $1) }.max()!
            #expect(worst <= 16 * 100 * eps, "\(dtype): \(worst)")
        }
        // The sum of `count` terms of at most e: its own rounding dominates.
        #expect(Swift.abs(runs[0][2][0] - expected[2][0]) <= Double(count) * 3 * eps * 8, "\(dtype) sum")
    }
}
