/// A `KernelProgram` made ready for the block VM: every value (register, input, constant) has a
/// location, registers share scratch slots once dead, outputs are written in place. A class:
/// it never changes once made, and the executor hands it to the VM at every evaluate, where a
/// struct of a dozen arrays cost a dozen retains per copy.
package final class PreparedProgram: @unchecked Sendable {
    /// Where a value lives during a block.
    enum Location {
        /// Scratch memory at a fixed byte offset (registers, constants, gathered inputs).
        case scratch(Int)
        /// Read in place from a contiguous input.
        case input(Int)
        /// Written in place into an output.
        case output(Int)
        /// A constant's block in `constants`, splatted once when the program is prepared.
        case constant(Int)
    }

    /// One instruction with its operands and result as location indices. Plain stored fields,
    /// no arrays: a step is read for every block, and an array would cost a retain each time.
    struct Step {
        let kind: InstructionKind
        let operandType: DType
        let resultType: DType
        let first: Int
        let second: Int
        let third: Int
        let fourth: Int
        let fifth: Int
        let result: Int
        /// Bit `k` is set when operand `k` has one value for the whole kernel (a constant or a
        /// scalar input): the loops read it once into a register instead of streaming its
        /// splatted block, so a block touches fewer blocks of L1.
        let broadcastOperands: UInt8

        init(kind: InstructionKind, operandType: DType, resultType: DType, operands: [Int], result: Int,
             broadcastOperands: UInt8) {
            self.kind = kind
            self.operandType = operandType
            self.resultType = resultType
            // A random step has no operands; its unused fields point at its own result.
            first = operands.first ?? result
            second = operands.count > 1 ? operands[1] : first
            third = operands.count > 2 ? operands[2] : first
            fourth = operands.count > 3 ? operands[3] : first
            fifth = operands.count > 4 ? operands[4] : first
            self.result = result
            self.broadcastOperands = broadcastOperands
        }
    }

    /// A location whose pointer moves with every block: in-place inputs and outputs.
    struct MovingLocation {
        let location: Int
        let slot: Int
        let offset: Int
        let byteSize: Int
    }

    package let program: KernelProgram
    let locations: [Location]
    let moving: [MovingLocation]
    let steps: [Step]
    /// Strided inputs gathered every block: (input index, location).
    let gathers: [(input: Int, location: Int)]
    /// Outputs that are not one row-major run, computed in scratch and scattered after every
    /// block: (output index, location).
    let scatters: [(output: Int, location: Int)]
    /// Row-major outputs over a buffer the kernel also reads (a matmul epilogue writes over the
    /// product it reads), computed in scratch and copied after every block: LLVM's vectorized
    /// loops check that the result does not overlap an operand and run scalar code when it does
    /// (the epilogue's add ran 2x slower than a plain add kernel).
    let overwrites: [(slot: Int, offset: Int, byteSize: Int, location: Int)]
    /// Values splatted once per worker: (value, dtype, location); scalar inputs are read when run.
    /// The splatted constants (shared by every run and thread, read only).
    let constants: ConstantBlocks
    let scalarInputSplats: [(input: Int, location: Int)]
    /// Inputs whose values repeat every `period` positions (a row broadcast down a matrix):
    /// laid out once per worker, since every block then starts at the same phase.
    let periodicInputSplats: [(input: Int, location: Int, period: Int)]
    /// What a reduction kernel folds for each of its outputs.
    enum ReducedValues {
        /// The register at a location.
        case register(Int)
        /// The products of the values at two locations: the multiply read by this sum alone
        /// is not run, and `folder` folds its operands.
        case product(Int, Int, folder: ProductSumFolder)
    }

    /// For a reduction kernel, what each output folds.
    let reduced: [ReducedValues]
    /// For a kernel run in tiles (`KernelProgram.tiledRegions`): the regions, run instead of
    /// this program; empty otherwise.
    let regions: [PreparedProgram]
    /// Bytes of scratch memory one worker needs.
    let scratchBytes: Int
    /// Threads beyond which this kernel would not speed up (small or cheap work).
    let worthwhileThreads: Int
    /// Elements per block when `BlockVM` runs this elementwise program: `multiPassBlockSize` for
    /// several instructions over more than `cacheResidentBytes` of arrays, else `blockSize`.
    package let blockElements: Int
    /// Whether this program, run again and again on the Dispatch backend, has been compiled to C
    /// (`HotKernel`): kept with the prepared program, which the plan cache keeps with its plan.
    package let tier: HotKernel

    /// The number of elements in the iteration space.
    package var count: Int { program.count }

    /// For a kernel run in tiles, the iteration shape of each region (for `explain()`).
    package var tiledRegionShapes: [[Int]]? { regions.isEmpty ? nil : regions.map(\.program.shape) }

    /// Bytes of one scratch slot: a block of the widest element type.
    static let slotBytes = BlockVM.blockSize * 8

    /// `blocksStartAligned`: every block starts at a multiple of the block size (as `BlockVM`
    /// runs elementwise kernels), which lets an input that repeats with a period dividing the
    /// block size be laid out once per worker instead of gathered for every block.
    package init(_ program: KernelProgram, blocksStartAligned: Bool = true) {
        self.program = program
        regions = program.tiledRegions()?.map { PreparedProgram($0) } ?? []
        tier = HotKernel(program, runsInTiles: !regions.isEmpty)
        var locations: [Location] = []
        var scratchSlots = 0
        func newScratch() -> Int {
            scratchSlots += 1
            return (scratchSlots - 1) * PreparedProgram.slotBytes
        }

        // Inputs.
        var inputLocation: [Int] = []
        var gathers: [(Int, Int)] = []
        var scalarInputs: [(Int, Int)] = []
        var periodicInputs: [(Int, Int, Int)] = []
        let aligned = blocksStartAligned && program.reduction == nil
        let streamedBytes = program.count * (program.inputs.filter { $0.access != .scalar }.reduce(0) { $0 + $1.dtype.byteSize }
            + program.outputs.reduce(0) { $0 + $1.dtype.byteSize })
        let blockElements = aligned && program.instructions.count > 1 && streamedBytes > BlockVM.cacheResidentBytes
            ? BlockVM.multiPassBlockSize : BlockVM.blockSize
        self.blockElements = blockElements
        for (index, input) in program.inputs.enumerated() {
            inputLocation.append(locations.count)
            switch input.access {
            case .contiguous: locations.append(.input(index))
            case .scalar:
                locations.append(.scratch(newScratch()))
                scalarInputs.append((index, locations.count - 1))
            case .strided where aligned && input.period.map({ blockElements % $0 == 0 }) == true:
                locations.append(.scratch(newScratch()))
                periodicInputs.append((index, locations.count - 1, input.period!))
            case .strided:
                locations.append(.scratch(newScratch()))
                gathers.append((index, locations.count - 1))
            }
        }

        // Constants: one block per distinct (value, dtype), filled here once for every run (a
        // plan is reused, so a small kernel does not pay for splatting at each evaluation).
        // A kernel holds a few distinct constants: found by a linear search, which costs less
        // than hashing a `Scalar` twice per constant operand (a fifth of preparing a long chain).
        var constantValues: [ConstantKey] = []
        var constantLocations: [Int] = []
        for instruction in program.instructions {
            for (position, operand) in instruction.operands.enumerated() {
                guard case .constant(let value) = operand else { continue }
                let key = ConstantKey(value: value, dtype: instruction.operandDType(at: position))
                if !constantValues.contains(key) {
                    locations.append(.constant(constantValues.count * PreparedProgram.slotBytes))
                    constantLocations.append(locations.count - 1)
                    constantValues.append(key)
                }
            }
        }
        let constants = ConstantBlocks(count: constantValues.count)
        for (index, constant) in constantValues.enumerated() {
            BlockLoads.splat(constant.value, dtype: constant.dtype, into: constants.base + index * PreparedProgram.slotBytes,
                             count: min(BlockVM.blockSize, program.count))
        }
        self.constants = constants

        // Registers: outputs are written in place; the rest share scratch slots by element size
        // once their last reader has run. A result never takes the slot of its own operands:
        // LLVM's vectorized loops check that output and inputs do not overlap and fall back to
        // scalar code when they do (measured: 3x slower on `poly`).
        // Per-register facts in arrays indexed by register (KernelProgram+Registers.swift).
        let registerCount = program.registerCount
        var outputOf = [Int?](repeating: nil, count: registerCount)
        for (index, output) in program.outputs.enumerated() { outputOf[output.register] = index }
        let productFolds = PreparedProgram.productFolds(program, outputOf: outputOf)
        var lastUse = [Int](repeating: -1, count: registerCount)
        for (position, instruction) in program.instructions.enumerated() {
            for case .register(let register) in instruction.operands { lastUse[register] = position }
        }
        // A reduced register is read after the last instruction, by the reduction; so are the
        // operands of a product folded by its sum.
        for output in program.reduction?.outputs ?? [] { lastUse[output.register] = program.instructions.count }
        for position in productFolds.values {
            for case .register(let register) in program.instructions[position].operands { lastUse[register] = program.instructions.count }
        }
        // Locations holding one value splatted over the block: constants and scalar inputs, all
        // made before the instructions' locations.
        var isBroadcastLocation = [Bool](repeating: false, count: locations.count)
        for location in constantLocations + scalarInputs.map(\.1) { isBroadcastLocation[location] = true }
        let foldedPositions = Set(productFolds.values)
        var productOperands: [Int: (Int, Int)] = [:]
        var registerLocation = [Int](repeating: -1, count: registerCount)
        var registerSize = [Int](repeating: 0, count: registerCount)
        // Free scratch slots by element byte size (1, 2, 4 or 8).
        var freeSlots = [[Int]](repeating: [], count: 9)
        var steps: [Step] = []
        var scatters: [(Int, Int)] = []
        var overwrites: [(Int, Int, Int, Int)] = []
        let inputSlots = Set(program.inputs.map(\.slot))
        for (position, instruction) in program.instructions.enumerated() {
            let operands = instruction.operands.enumerated().map { (index, operand) -> Int in
                switch operand {
                case .register(let register): return registerLocation[register]
                case .input(let input): return inputLocation[input]
                case .constant(let value):
                    return constantLocations[constantValues.firstIndex(of: ConstantKey(value: value, dtype: instruction.operandDType(at: index)))!]
                }
            }
            if !foldedPositions.isEmpty && foldedPositions.contains(position) {
                productOperands[position] = (operands[0], operands.count > 1 ? operands[1] : operands[0])
                continue
            }
            let result: Int
            if let output = outputOf[instruction.result], program.outputs[output].contiguousOffset != nil,
               !inputSlots.contains(program.outputs[output].slot) {
                locations.append(.output(output))
                result = locations.count - 1
            } else if let output = outputOf[instruction.result], let offset = program.outputs[output].contiguousOffset {
                // Copied after the block; its slot is never reused (the copy reads it last).
                locations.append(.scratch(newScratch()))
                result = locations.count - 1
                let spec = program.outputs[output]
                overwrites.append((spec.slot, offset, spec.dtype.byteSize, result))
            } else if let output = outputOf[instruction.result] {
                // Scattered after the block; its slot is never reused (the scatter reads it last).
                locations.append(.scratch(newScratch()))
                result = locations.count - 1
                scatters.append((output, result))
            } else if let reused = freeSlots[instruction.resultType.byteSize].popLast() {
                result = reused
            } else {
                locations.append(.scratch(newScratch()))
                result = locations.count - 1
            }
            for case .register(let register) in instruction.operands where lastUse[register] == position && outputOf[register] == nil {
                let location = registerLocation[register], size = registerSize[register]
                if !freeSlots[size].contains(location) { freeSlots[size].append(location) }
            }
            registerLocation[instruction.result] = result
            registerSize[instruction.result] = instruction.resultType.byteSize
            let broadcast = operands.enumerated().reduce(UInt8(0)) { bits, operand in
                operand.element < isBroadcastLocation.count && isBroadcastLocation[operand.element] ? bits | UInt8(1 << operand.offset) : bits
            }
            steps.append(Step(kind: instruction.kind, operandType: instruction.operandType,
                              resultType: instruction.resultType, operands: operands, result: result,
                              broadcastOperands: broadcast))
        }

        self.reduced = (program.reduction?.outputs ?? []).enumerated().map { index, output in
            guard let position = productFolds[index], let (first, second) = productOperands[position],
                  let folder = ProductSumFolder.sum(of: output.dtype) else { return .register(registerLocation[output.register]) }
            return .product(first, second, folder: folder)
        }
        self.locations = locations
        self.moving = locations.indices.compactMap { index in
            switch locations[index] {
            case .scratch, .constant: return nil
            case .input(let input):
                let spec = program.inputs[input]
                return MovingLocation(location: index, slot: spec.slot, offset: spec.view.offset, byteSize: spec.dtype.byteSize)
            case .output(let output):
                let spec = program.outputs[output]
                return MovingLocation(location: index, slot: spec.slot, offset: spec.contiguousOffset!, byteSize: spec.dtype.byteSize)
            }
        }
        self.steps = steps
        self.gathers = gathers
        self.scatters = scatters
        self.overwrites = overwrites
        self.scalarInputSplats = scalarInputs
        self.periodicInputSplats = periodicInputs
        self.scratchBytes = scratchSlots * PreparedProgram.slotBytes
        // About 1e5 add-equivalents per thread before a second thread pays for itself (measured:
        // handing a piece to a Dispatch helper costs about 1 µs, an add about 0.1 ns per element).
        let work = program.count * max(program.costPerElement, 1)
        self.worthwhileThreads = max(1, work / 100_000)
    }

    /// The float sums of a product that nothing else reads (`sum(x * y)`, `sum(square(x))`),
    /// as output index -> position of the product's instruction. The VM folds such a product
    /// from its operands instead of running the multiply (`ProductSumFolder`).
    private static func productFolds(_ program: KernelProgram, outputOf: [Int?]) -> [Int: Int] {
        guard let reduction = program.reduction else { return [:] }
        let reads = program.registerReads(extra: reduction.outputs.map(\.register))
        var producer = [Int?](repeating: nil, count: reads.count)
        for (position, instruction) in program.instructions.enumerated() { producer[instruction.result] = position }
        var folds: [Int: Int] = [:]
        for (index, output) in reduction.outputs.enumerated() where output.op == .sum {
            guard reads[output.register] == 1, outputOf[output.register] == nil, let position = producer[output.register],
                  ProductSumFolder.sum(of: output.dtype) != nil else { continue }
            let instruction = program.instructions[position]
            guard instruction.operandType == output.dtype, instruction.resultType == output.dtype else { continue }
            switch instruction.kind {
            case .elementwise(.multiply), .elementwise(.square): folds[index] = position
            default: continue
            }
        }
        return folds
    }

    /// Pointers to every location that does not move between blocks (scratch and constants).
    func fixedPointers(scratch: UnsafeMutableRawPointer) -> [UnsafeMutableRawPointer] {
        locations.map { location in
            switch location {
            case .scratch(let offset): scratch + offset
            case .constant(let offset): constants.base + offset
            default: scratch
            }
        }
    }

    /// Writes the scalar inputs' values into their slots (once per worker).
    func splat(pointers: [UnsafeMutableRawPointer], buffers: [UnsafeMutableRawPointer]) {
        // No block is longer than the whole kernel: small kernels splat only what they read.
        let splatCount = min(BlockVM.blockSize, count)
        for (input, location) in scalarInputSplats {
            let spec = program.inputs[input]
            BlockLoads.splat(element: buffers[spec.slot] + spec.view.offset * spec.dtype.byteSize,
                             byteSize: spec.dtype.byteSize, into: pointers[location], count: splatCount)
        }
        for (input, location, _) in periodicInputSplats {
            let spec = program.inputs[input]
            BlockLoads.gather(buffers[spec.slot], view: spec.view, byteSize: spec.dtype.byteSize,
                              start: 0, count: splatCount, into: pointers[location])
        }
    }

    /// Runs every instruction over `count` elements starting at flat position `start`.
    /// The pointers are written through a buffer pointer: a write to the array itself checked
    /// its uniqueness with a call for every moving location and block.
    @inline(__always)
    func runBlock(start: Int, count: Int, buffers: [UnsafeMutableRawPointer], pointers: inout [UnsafeMutableRawPointer]) {
        pointers.withUnsafeMutableBufferPointer { pointers in
            for entry in moving {
                pointers[entry.location] = buffers[entry.slot] + (entry.offset + start) * entry.byteSize
            }
            for (input, location) in gathers {
                let spec = program.inputs[input]
                BlockLoads.gather(buffers[spec.slot], view: spec.view, byteSize: spec.dtype.byteSize,
                                  start: start, count: count, into: pointers[location])
            }
            let locationPointers = UnsafePointer(pointers.baseAddress!)
            for step in steps { step.execute(count: count, start: start, buffers: buffers, locationPointers) }
            for (slot, offset, byteSize, location) in overwrites {
                (buffers[slot] + (offset + start) * byteSize).copyMemory(from: pointers[location], byteCount: count * byteSize)
            }
            for (output, location) in scatters {
                let spec = program.outputs[output]
                BlockLoads.scatter(pointers[location], into: buffers[spec.slot], view: spec.view!, byteSize: spec.dtype.byteSize,
                                   start: start, count: count)
            }
        }
    }
}

/// A constant's identity in a program: its value and the dtype it is used in.
private struct ConstantKey: Equatable {
    let value: Scalar
    let dtype: DType
}

extension Instruction {
    /// The dtype of operand `position` (the condition of `select` is bool).
    package func operandDType(at position: Int) -> DType {
        if case .elementwise(.select) = kind, position == 0 { return .bool }
        return operandType
    }
}

/// Memory for a program's splatted constants, freed with the last copy of the program.
final class ConstantBlocks: @unchecked Sendable {
    let base: UnsafeMutableRawPointer

    init(count: Int) {
        base = .allocate(byteCount: Swift.max(count, 1) * PreparedProgram.slotBytes, alignment: 64)
    }

    deinit { base.deallocate() }
}
