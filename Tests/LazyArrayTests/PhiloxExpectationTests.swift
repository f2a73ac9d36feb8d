import Foundation
import Testing
@testable import LazyArray
@testable import Kernels

/// The Swift samplers, the block VM and the C target against `PhiloxExpectations`.
@Suite(.serialized, .timeLimit(.minutes(10))) struct PhiloxExpectationTests {
    typealias Table = PhiloxExpectations

    /// The bits of `count` elements of `dtype` at `memory`, as the table spells them.
    static func bits(_ memory: UnsafeRawPointer, _ dtype: LazyArray.DType, count: Int) -> [UInt64] {
        (0..<count).map { i in
            switch dtype {
            case .bool, .int8, .uint8: UInt64(memory.load(fromByteOffset: i, as: UInt8.self))
            case .int16, .uint16, .float16, .bfloat16: UInt64(memory.load(fromByteOffset: 2 * i, as: UInt16.self))
            case .int32, .uint32, .float32: UInt64(memory.load(fromByteOffset: 4 * i, as: UInt32.self))
            case .int64, .uint64, .float64: memory.load(fromByteOffset: 8 * i, as: UInt64.self)
            }
        }
    }

    /// `count` samples of `distribution` as `dtype` drawn by `run` (given the parameter buffer
    /// and the output), as bits.
    static func draw(_ distribution: RandomDistribution, _ dtype: LazyArray.DType,
                     _ run: (KernelProgram, [UnsafeMutableRawPointer]) throws -> Void) rethrows -> [UInt64] {
        let program = KernelProgram(
            shape: [Table.count], inputs: [],
            instructions: [Instruction(kind: .random(distribution, parameterSlot: 0), operandType: dtype,
                                       resultType: dtype, operands: [], result: 0)],
            outputs: [KernelOutput(register: 0, slot: 1, dtype: dtype)])
        let parameters = UnsafeMutableRawPointer.allocate(byteCount: RandomDistribution.parameterBytes, alignment: 16)
        let out = UnsafeMutableRawPointer.allocate(byteCount: Table.count * 8, alignment: 64)
        defer { parameters.deallocate(); out.deallocate() }
        RandomDistribution.store(key: Table.key, counter: Table.start, into: parameters)
        try run(program, [parameters, out])
        return bits(out, dtype, count: Table.count)
    }

    @Test("the scalar and the lane-parallel Philox blocks give Random123's known answers", arguments: 0..<3)
    func knownAnswers(index: Int) {
        let (counter, key, expected) = Table.knownAnswers[index]
        #expect(Philox4x32.block(counter: counter, key: key) == expected)
        let lanes = Philox4x32.withKeySchedule(key) { schedule in
            Philox4x32.blocks(SIMD8(repeating: UInt64(counter[0])), SIMD8(repeating: UInt64(counter[1])),
                              SIMD8(repeating: UInt64(counter[2])), SIMD8(repeating: UInt64(counter[3])), schedule: schedule)
        }
        for word in 0..<4 { #expect(lanes.word(word) == SIMD8(repeating: expected[word])) }
    }

    @Test("the Swift samplers give the table's bits", arguments: PhiloxExpectations.samples.indices)
    func swiftSamplers(index: Int) {
        let (distribution, dtype, expected) = Table.samples[index]
        let got = Self.draw(distribution, dtype) { _, buffers in
            distribution.fill(buffers[1], dtype: dtype, count: Table.count, start: Table.start, key: Table.key)
        }
        #expect(got == expected, "\(distribution) as \(dtype)")
    }

    @Test("the block VM gives the table's bits", arguments: PhiloxExpectations.samples.indices)
    func blockVM(index: Int) {
        let (distribution, dtype, expected) = Table.samples[index]
        let got = Self.draw(distribution, dtype) { program, buffers in
            BlockVM.run(PreparedProgram(program), buffers: buffers, threads: 2)
        }
        #expect(got == expected, "\(distribution) as \(dtype)")
    }

    @Test("the C target's samplers give the table's bits", .enabled(if: openMPAvailable, skipComment),
          arguments: PhiloxExpectations.samples.indices)
    func cTarget(index: Int) throws {
        let (distribution, dtype, expected) = Table.samples[index]
        let got = try Self.draw(distribution, dtype) { program, buffers in
            try OpenMPCompiler.shared.kernel(for: program).run(buffers: buffers, threads: 2)
        }
        #expect(got == expected, "\(distribution) as \(dtype)")
    }

    /// The table covers every case of `RandomDistribution` (a new one must add rows).
    @Test func tableCoversEveryDistribution() {
        var kinds = Set<String>()
        for (distribution, dtype, expected) in Table.samples {
            #expect(expected.count == Table.count)
            switch distribution {
            case .normal: kinds.insert("normal \(dtype)")
            case .uniform: kinds.insert("uniform \(dtype)")
            case .integers: kinds.insert("integers \(dtype)")
            case .bernoulli: kinds.insert("bernoulli \(dtype)")
            }
        }
        #expect(kinds == ["normal float32", "normal float64", "uniform float32", "uniform float64",
                          "integers int32", "integers int64", "bernoulli bool"])
    }
}
