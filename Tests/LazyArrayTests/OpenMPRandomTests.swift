import Testing
@testable import LazyArray
@testable import Kernels
import Scheduler

/// Random sampling on the OpenMP C target: Philox-4x32-10 and every sampler rendered in C give
/// bitwise the block VM's numbers (the float32 normal through the VM's own polynomials, the
/// float64 normal through glibc's scalar `log` and `sin`, as the VM calls them).
@Suite(.serialized, .enabled(if: openMPAvailable, skipComment), .timeLimit(.minutes(10)))
struct OpenMPRandomTests {
    /// Every distribution and dtype, over sizes that end inside a Philox group of eight and
    /// span several chunks, from generators whose counters have moved on: the VM's bits.
    @Test(arguments: [1, 13, 40_000, 100_003])
    func everySamplerGivesTheBlockVMsBits(count: Int) {
        func samples(_ backend: Backend) -> [[Double]] {
            let rng = RandomGenerator(seed: UInt64(count))
            _ = rng.normal([5])  // the counter moves on: element i is stream element 5 + i
            let arrays = [
                rng.normal([count], mean: 0.5, std: 2, dtype: .float32), rng.normal([count], mean: -1, std: 0.25, dtype: .float64),
                rng.uniform([count], low: -3, high: 7, dtype: .float32), rng.uniform([count], low: 0, high: 1, dtype: .float64),
                rng.randint(-20, 1000, shape: [count], dtype: .int32), rng.randint(-5, Int.max, shape: [count], dtype: .int64),
                rng.bernoulli([count], p: 0.3),
            ]
            return arrays.map { $0.evaluate(backend: backend).toArray(Double.self) }
        }
        var c: [[Double]] = []
        OpenMPReductionTests.allInC(kernels: 7) { c = samples(.openMP) }
        for (number, (a, b)) in zip(c, samples(.dispatch)).enumerated() {
            #expect(sameBits(a, b), "sampler \(number) over \(count)")
        }
    }

    /// Noise fused into its consumer and reduced: one C kernel, the VM's bits.
    @Test func noiseFusesIntoItsConsumerAndReduction() {
        let a = NDArray((0..<300_000).map { Float($0 % 17) })
        func build() -> [NDArray] {
            let rng = RandomGenerator(seed: 9)
            let noisy = a + rng.normal(a.shape, mean: 0, std: 0.1, dtype: .float32)
            return [noisy, (noisy * rng.uniform(a.shape, dtype: .float32)).sum()]
        }
        var c: [NDArray] = []
        OpenMPReductionTests.allInC(kernels: 2) { c = build().map { $0.evaluate(backend: .openMP) } }
        for (x, y) in zip(c, build().map { $0.evaluate(backend: .dispatch) }) {
            #expect(sameBits(x.toArray(Double.self), y.toArray(Double.self)))
        }
    }

    /// Samples read through a transposing view: the strided loop numbers elements by flat
    /// position, as the VM does.
    @Test func samplesThroughViewsKeepTheirValues() {
        func build() -> NDArray { RandomGenerator(seed: 3).normal([40, 300], dtype: .float32).T * 2 }
        #expect(sameBits(build().evaluate(backend: .openMP).toArray(Double.self),
                         build().evaluate(backend: .dispatch).toArray(Double.self)))
    }

    /// A counter just below 2^32: the 64-bit element index carries into Philox's second
    /// counter word inside a group of eight, in C as in the VM.
    @Test func streamsStraddling2To32GiveTheBlockVMsBits() throws {
        for dtype in [DType.float32, .float64] {
            let count = 50
            let program = KernelProgram(
                shape: [count], inputs: [],
                instructions: [Instruction(kind: .random(.normal(mean: 0, std: 1), parameterSlot: 0), operandType: dtype,
                                           resultType: dtype, operands: [], result: 0)],
                outputs: [KernelOutput(register: 0, slot: 1, dtype: dtype)])
            let parameters = UnsafeMutableRawPointer.allocate(byteCount: RandomDistribution.parameterBytes, alignment: 16)
            defer { parameters.deallocate() }
            RandomDistribution.store(key: SIMD2(0x1234_5678, 0x9ABC_DEF0), counter: (1 << 32) - 21, into: parameters)
            var c = [Double](repeating: 0, count: count), vm = c
            try c.withUnsafeMutableBytes { out in
                try OpenMPCompiler.shared.kernel(for: program).run(buffers: [parameters, out.baseAddress!], threads: 2)
            }
            vm.withUnsafeMutableBytes { out in
                BlockVM.run(PreparedProgram(program), buffers: [parameters, out.baseAddress!], threads: 2)
            }
            let width = dtype.byteSize
            let bytes = { (values: [Double]) in values.withUnsafeBytes { Array($0.prefix(count * width)) } }
            #expect(bytes(c) == bytes(vm), "\(dtype)")
        }
    }

    @Test func renderedSamplerIsPhilox() throws {
        let program = KernelProgram(
            shape: [10], inputs: [],
            instructions: [Instruction(kind: .random(.bernoulli(p: 0.5), parameterSlot: 0), operandType: .bool,
                                       resultType: .bool, operands: [], result: 0)],
            outputs: [KernelOutput(register: 0, slot: 1, dtype: .bool)])
        let source = try CKernelRenderer.render(program)
        #expect(source.contains("static inline la_words la_philox("), "\(source)")
        #expect(source.contains("< 8388608u"), "p = 0.5 is 2^23 of the 2^24 24-bit draws")
    }
}
