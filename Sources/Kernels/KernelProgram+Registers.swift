/// Registers as array indices: an instruction's result register is the number it was emitted
/// under, so registers are small, dense integers and per-register facts fit in arrays. The
/// planner and `PreparedProgram` use these instead of dictionaries keyed by register: hashing
/// was a fifth of the instructions of planning a long chain (docs/performance.md, "Issue 22: a
/// million-node graph").
extension KernelProgram {
    /// One more than the highest register an instruction, output or reduction names (0 for
    /// none): the length of an array indexed by register.
    package var registerCount: Int {
        let highest = Swift.max(instructions.map(\.result).max() ?? -1, outputs.map(\.register).max() ?? -1,
                                reduction?.outputs.map(\.register).max() ?? -1)
        return highest + 1
    }

    /// How many times each register is read: by the instructions' operands, and once more for
    /// each appearance in `extra` (outputs, reductions).
    package func registerReads(extra: [Int]) -> [Int] {
        var reads = [Int](repeating: 0, count: registerCount)
        for instruction in instructions {
            for case .register(let register) in instruction.operands { reads[register] += 1 }
        }
        for register in extra { reads[register] += 1 }
        return reads
    }
}
