import Kernels

/// Peepholes over a kernel program: pairs of instructions whose intermediate register is read
/// once become one richer instruction, so the block VM makes one pass over the block instead of
/// two. Each merged instruction computes exactly the bits of the pair it replaces.
extension KernelProgram {
    /// The program with every merge applied (multiply-adds, the products they add, quotients
    /// added to a value, compare-selects, then the products they choose).
    func mergingInstructions() -> KernelProgram {
        mergingMultiplyAdds().mergingAddedProducts().mergingDivideAdds().mergingCompareSelects().mergingSelectedProducts()
    }

    /// Merges each `add(multiply(a, b), c)`, `add(c, multiply(a, b))` and
    /// `subtract(multiply(a, b), c)` whose product is read nowhere else into one multiply-add
    /// instruction, and `subtract(c, multiply(a, b))` into one subtract-product: the same two
    /// roundings (measured: `2*a*a*a + 3*b*b - 4*a*b + 1` goes from 10 passes to 7; SGD's
    /// `p - lr * g` from 2 to 1).
    func mergingMultiplyAdds() -> KernelProgram {
        merging { instruction, product in
            guard case .elementwise(let op) = instruction.kind, op == .add || op == .subtract,
                  instruction.operandType != .bool else { return nil }
            // The operand that is a product read only here (the first one first).
            for position in [0, 1] {
                guard case .register(let register) = instruction.operands[position], let producer = product(register),
                      case .elementwise(.multiply) = producer.instruction.kind,
                      producer.instruction.operandType == instruction.operandType else { continue }
                let kind: InstructionKind = op == .add ? .multiplyAdd(subtracting: false)
                    : position == 0 ? .multiplyAdd(subtracting: true) : .subtractProduct
                let merged = Instruction(kind: kind, operandType: instruction.operandType, resultType: instruction.resultType,
                                         operands: producer.instruction.operands + [instruction.operands[1 - position]],
                                         result: instruction.result)
                return (merged, producer.index)
            }
            return nil
        }
    }

    /// Merges a product read only as the addend of a multiply-add into it: `a * b ± c * d` in
    /// one pass instead of two (Adam's moments, `beta1 * m + (1 - beta1) * g`, a momentum, a
    /// linear interpolation). Each product still rounds once, then the sum.
    func mergingAddedProducts() -> KernelProgram {
        merging { instruction, product in
            guard case .multiplyAdd(let subtracting) = instruction.kind, case .register(let register) = instruction.operands[2],
                  let producer = product(register), case .elementwise(.multiply) = producer.instruction.kind,
                  producer.instruction.operandType == instruction.operandType else { return nil }
            let merged = Instruction(kind: .multiplyAddProduct(subtracting: subtracting), operandType: instruction.operandType,
                                     resultType: instruction.resultType,
                                     operands: Array(instruction.operands[0..<2]) + producer.instruction.operands,
                                     result: instruction.result)
            return (merged, producer.index)
        }
    }

    /// Merges each `add(divide(a, b), c)`, `add(c, divide(a, b))` and `subtract(divide(a, b), c)`
    /// whose quotient is read nowhere else into one divide-add: the quotient rounds, then the
    /// sum, as the two instructions (Adam's `sqrt(v) / sqrt(1 - beta2^t) + epsilon`, a variance
    /// plus epsilon).
    func mergingDivideAdds() -> KernelProgram {
        merging { instruction, product in
            guard case .elementwise(let op) = instruction.kind, op == .add || op == .subtract,
                  instruction.operandType.isFloatingPoint else { return nil }
            for position in op == .add ? [0, 1] : [0] {
                guard case .register(let register) = instruction.operands[position], let producer = product(register),
                      case .elementwise(.divide) = producer.instruction.kind,
                      producer.instruction.operandType == instruction.operandType else { continue }
                let merged = Instruction(kind: .divideAdd(subtracting: op == .subtract), operandType: instruction.operandType,
                                         resultType: instruction.resultType,
                                         operands: producer.instruction.operands + [instruction.operands[1 - position]],
                                         result: instruction.result)
                return (merged, producer.index)
            }
            return nil
        }
    }

    /// Merges each `select(compare(x, y), a, b)` whose comparison is read nowhere else and
    /// compares values of the selected dtype into one compare-select instruction: no block of
    /// bools written and read back (NumPy's `where(a > 0, a, 0.01 * a)`, a leaky ReLU, goes
    /// from 3 passes to 2).
    func mergingCompareSelects() -> KernelProgram {
        merging { instruction, product in
            guard case .elementwise(.select) = instruction.kind, instruction.operandType != .bool,
                  case .register(let condition) = instruction.operands[0], let producer = product(condition),
                  case .elementwise(let comparison) = producer.instruction.kind, comparison.isComparison,
                  producer.instruction.operandType == instruction.operandType else { return nil }
            let merged = Instruction(kind: .compareSelect(comparison), operandType: instruction.operandType,
                                     resultType: instruction.resultType,
                                     operands: producer.instruction.operands + instruction.operands.dropFirst(),
                                     result: instruction.result)
            return (merged, producer.index)
        }
    }

    /// Merges a product read only by a compare-select, as the value it chooses on one side, into
    /// it: `where(a > 0, a, 0.01 * a)` in one pass instead of two.
    func mergingSelectedProducts() -> KernelProgram {
        merging { instruction, product in
            guard case .compareSelect(let comparison) = instruction.kind else { return nil }
            // Operands x, y, chosen-if-true, chosen-if-false: try the false side first (leaky ReLU).
            for position in [3, 2] {
                guard case .register(let register) = instruction.operands[position], let producer = product(register),
                      case .elementwise(.multiply) = producer.instruction.kind,
                      producer.instruction.operandType == instruction.operandType else { continue }
                let other = instruction.operands[position == 3 ? 2 : 3]
                let merged = Instruction(kind: .compareSelectProduct(comparison, productWhenTrue: position == 2),
                                         operandType: instruction.operandType, resultType: instruction.resultType,
                                         operands: Array(instruction.operands[0..<2]) + [other] + producer.instruction.operands,
                                         result: instruction.result)
                return (merged, producer.index)
            }
            return nil
        }
    }

    /// The program with instructions replaced by `merge`: given an instruction and a lookup
    /// of the instruction producing a register that is read only once (by that instruction),
    /// `merge` returns the replacement and the index of the producer it absorbs, or nil.
    private func merging(_ merge: (Instruction, (Int) -> (instruction: Instruction, index: Int)?) -> (Instruction, Int)?) -> KernelProgram {
        var uses = registerReads(extra: [])
        // Outputs count as two more reads: their registers must stay.
        for register in outputs.map(\.register) + (reduction?.outputs.map(\.register) ?? []) { uses[register] += 2 }
        var producer = [Int](repeating: -1, count: uses.count)
        for (index, instruction) in instructions.enumerated() { producer[instruction.result] = index }

        var merged = instructions
        var removed = [Bool](repeating: false, count: instructions.count)
        var removedAny = false
        for (index, instruction) in instructions.enumerated() {
            let product = { (register: Int) -> (instruction: Instruction, index: Int)? in
                let producerIndex = producer[register]
                guard uses[register] == 1, producerIndex >= 0, !removed[producerIndex] else { return nil }
                return (merged[producerIndex], producerIndex)
            }
            guard let (replacement, absorbed) = merge(instruction, product) else { continue }
            merged[index] = replacement
            removed[absorbed] = true
            removedAny = true
        }
        guard removedAny else { return self }
        var program = self
        program.instructions = merged.indices.filter { !removed[$0] }.map { merged[$0] }
        return program
    }
}
