import Testing
@testable import LazyArray
@testable import Kernels
import Scheduler

/// The block VM reads an operand that has one value for the whole kernel (a constant or a 0-d
/// input) into a register instead of streaming its splatted block (`Step.broadcastOperands`).
/// Each such loop must give the bits of the streamed loop: the same operation with that
/// operand stored as a full array of the same value, on every binary operation of the NumPy
/// fixtures, in either position, and in the multiply-add and select instructions.
@Suite(.timeLimit(.minutes(10))) struct BroadcastOperandTests {
    /// Three blocks and a tail: the register loops run over whole blocks and a short last one.
    static let count = 2 * BlockVM.blockSize + 517

    /// `values` repeated cyclically to `length` elements.
    static func cycled(_ values: OpValues, dtype: LazyArray.DType, length: Int = count, from first: Int = 0) -> NDArray {
        switch values {
        case .ints(let ints): makeArray((0..<length).map { ints[(first + $0) % ints.count] }, dtype: dtype)
        case .doubles(let doubles): makeArray((0..<length).map { doubles[(first + $0) % doubles.count] }, dtype: dtype)
        }
    }

    /// Element `index` of `values` as a 0-d array, and as a full array of that value.
    static func scalar(_ values: OpValues, _ index: Int, dtype: LazyArray.DType) -> (zeroD: NDArray, full: NDArray) {
        let one = cycled(values, dtype: dtype, length: 1, from: index)
        let full = switch values {
        case .ints(let ints): makeArray(Array(repeating: ints[index], count: count), dtype: dtype)
        case .doubles(let doubles): makeArray(Array(repeating: doubles[index], count: count), dtype: dtype)
        }
        return (one.reshape([]), full)
    }

    /// The broadcast bits of the block-VM steps that evaluate `array`.
    static func broadcastBits(_ array: NDArray) -> [UInt8] { steps(array).map(\.broadcastOperands) }

    static func steps(_ array: NDArray) -> [PreparedProgram.Step] {
        NDArray.plan([array])!.kernels.compactMap(\.programKernel).flatMap(\.prepared.steps)
    }

    static func bits(_ array: NDArray) -> [Double] { array.evaluate(mode: .fused, backend: .dispatch).toArray(Double.self) }

    @Test func binaryOperationsGiveTheStreamedBits() {
        // Operands of one dtype: of two, the VM casts the broadcast one into a block register
        // first, and that register streams (not yet read once).
        let cases = OpCases.all.filter { $0.inputs.count == 2 && $0.resultType != nil && $0.dtypes[0] == $0.dtypes[1] }
        #expect(cases.count > 50, "the fixtures cover the binary operations")
        for testCase in cases {
            let op = ElementwiseOp(rawValue: testCase.op)!
            let dtypes = testCase.dtypes.map { DType(rawValue: $0)! }
            for position in 0..<2 {
                let other = Self.cycled(testCase.inputs[1 - position], dtype: dtypes[1 - position]).evaluate()
                // Specials sit at different indices of the fixtures: a few of each operand.
                for index in [0, 3, 5, 7] {
                    let (zeroD, full) = Self.scalar(testCase.inputs[position], index, dtype: dtypes[position])
                    NDArray.evaluate([zeroD, full])
                    let build = { (s: NDArray) in position == 0 ? NDArray.binary(op, s, other) : NDArray.binary(op, other, s) }
                    let label = "\(op) on \(testCase.dtypes), operand \(position) broadcast from element \(index)"
                    // An operation computed in another dtype (true division of integers) casts
                    // its operands into block registers first: the cast reads the broadcast one.
                    let readInRegister = Self.steps(build(zeroD)).contains { step in
                        if case .cast = step.kind { return step.broadcastOperands == 1 }
                        return step.broadcastOperands == UInt8(1 << position)
                    }
                    #expect(readInRegister, "\(label): read into a register")
                    #expect(sameBits(Self.bits(build(zeroD)), Self.bits(build(full))), "\(label)")
                }
            }
        }
    }

    /// `x * w ± z` with `w`, `z` or both broadcast, and a select with a broadcast branch.
    @Test(arguments: [LazyArray.DType.float32, .float64, .int32, .int64])
    func multiplyAddAndSelectGiveTheStreamedBits(dtype: LazyArray.DType) {
        let values = OpValues.doubles([-7.5, 0.0, 3.25, 1e30, -0.5, .nan, -0.0, .infinity, -.infinity, 2.5, 1.5, -2.5])
        let integral = OpValues.ints([-7, 0, 3, 2_147_483_647, -2_147_483_648, 5, -1, 7, 6, -6, 1, 2])
        let operands = dtype.isFloatingPoint ? values : integral
        let x = Self.cycled(operands, dtype: dtype).evaluate()
        let y = Self.cycled(operands, dtype: dtype, from: 5).evaluate()
        let mask = (x .> y).evaluate()
        let (w, wFull) = Self.scalar(operands, 2, dtype: dtype)
        let (z, zFull) = Self.scalar(operands, 9, dtype: dtype)
        NDArray.evaluate([w, wFull, z, zFull])
        let forms: [(String, (NDArray, NDArray) -> NDArray, UInt8)] = [
            ("x * w + y", { w, _ in x * w + y }, 0b010),
            ("x * y + z", { _, z in x * y + z }, 0b100),
            ("x * w + z", { w, z in x * w + z }, 0b110),
            ("x * w - z", { w, z in x * w - z }, 0b110),
            ("w * x + y", { w, _ in w * x + y }, 0b001),
            ("w * x - z", { w, z in w * x - z }, 0b101),
            ("w * z + x", { w, z in w * z + x }, 0b011),
            ("where(m, x, z)", { _, z in NDArray.where(mask, x, z) }, 0b100),
            ("where(m, w, z)", { w, z in NDArray.where(mask, w, z) }, 0b110),
            ("where(m, w, x)", { w, _ in NDArray.where(mask, w, x) }, 0b010),
        ]
        for (label, build, expected) in forms {
            #expect(Self.broadcastBits(build(w, z)).contains(expected), "\(label) on \(dtype): read into registers")
            #expect(sameBits(Self.bits(build(w, z)), Self.bits(build(wFull, zFull))), "\(label) on \(dtype)")
        }
    }
}
