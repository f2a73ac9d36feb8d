/// A fused kernel as data: typed instructions over block registers, reading inputs through
/// strided views and writing contiguous outputs. The block VM (`BlockVM`) runs it in Swift;
/// the OpenMP target renders the same program as C.
///
/// Every instruction is one tight loop over a block of the iteration space, so a program of
/// few, rich instructions is what makes a kernel fast. Registers are numbered per program;
/// values are in SSA form (each register written by one instruction).
package struct KernelProgram: Hashable, Sendable {
    /// The iteration space (the outputs' shape), after collapsing adjacent axes.
    package var shape: [Int]
    /// The arrays the kernel reads, each through a view over the iteration space.
    package var inputs: [KernelInput]
    /// The instructions, in order.
    package var instructions: [Instruction]
    /// The registers written to the kernel's outputs (contiguous, in row-major order).
    package var outputs: [KernelOutput]
    /// For a reduction kernel: how the iteration space splits into kept and reduced parts,
    /// and which registers are reduced into which outputs. Nil for elementwise kernels.
    package var reduction: KernelReduction?

    package init(shape: [Int], inputs: [KernelInput], instructions: [Instruction], outputs: [KernelOutput],
                reduction: KernelReduction? = nil) {
        self.shape = shape
        self.inputs = inputs
        self.instructions = instructions
        self.outputs = outputs
        self.reduction = reduction
    }

    /// The number of elements in the iteration space.
    package var count: Int { shape.reduce(1, *) }

    /// Rough work per element in units of an add (transcendentals count more).
    package var costPerElement: Int {
        instructions.reduce(0) { total, instruction in
            switch instruction.kind {
            case .elementwise(let op): total + op.cost
            case .random: total + 16
            case .cast: total + 1
            case .multiplyAdd, .compareSelect, .subtractProduct: total + 2
            case .compareSelectProduct, .multiplyAddProduct: total + 3
            case .divideAdd: total + ElementwiseOp.divide.cost + 1
            }
        }
    }
}

/// One array a kernel reads: which buffer (by slot), its dtype, and its view expressed over the
/// kernel's iteration space (stride 0 on broadcast axes).
package struct KernelInput: Hashable, Sendable {
    package var slot: Int
    package var dtype: DType
    package var view: View

    package init(slot: Int, dtype: DType, view: View) {
        self.slot = slot
        self.dtype = dtype
        self.view = view
    }

    /// For an input broadcast along leading axes over a contiguous trailing part (a row
    /// repeated down a matrix), the number of positions after which its values repeat.
    package var period: Int? {
        var axis = view.shape.count - 1
        var run = 1
        while axis >= 0 && (view.shape[axis] == 1 || view.strides[axis] == run) {
            run *= view.shape[axis]
            axis -= 1
        }
        guard axis >= 0, (0...axis).allSatisfy({ view.strides[$0] == 0 || view.shape[$0] == 1 }) else { return nil }
        return run
    }

    /// How the VM reads this input.
    package var access: InputAccess {
        if view.strides.allSatisfy({ $0 == 0 }) { return .scalar }
        if view.isContiguous { return .contiguous }
        return .strided
    }
}

/// How an input is read: in place, splatted once, or gathered block by block.
package enum InputAccess: Hashable, Sendable {
    case contiguous, scalar, strided
}

/// An operand of an instruction.
package enum Operand: Hashable, Sendable {
    /// A register written by an earlier instruction.
    case register(Int)
    /// An element of kernel input `index` at the current position.
    case input(Int)
    /// A constant, already converted to the operand dtype.
    case constant(Scalar)
}

/// What an instruction computes.
package enum InstructionKind: Hashable, Sendable {
    case elementwise(ElementwiseOp)
    /// Conversion from the operand dtype to the result dtype.
    case cast
    /// Samples of the result dtype, element `i` of the iteration space being element `i` of
    /// the sample; the generator's key and counter are read from buffer `parameterSlot`.
    case random(RandomDistribution, parameterSlot: Int)
    /// `a * b + c` (`subtracting`: `a * b - c`) rounded twice, exactly as a multiply then an
    /// add: one pass over the block instead of two (never contracted into an FMA).
    case multiplyAdd(subtracting: Bool)
    /// `c - a * b` (operands a, b, c): a product subtracted from a value (SGD's `p - lr * g`),
    /// rounded as the multiply then the subtract.
    case subtractProduct
    /// `a * b + c * d` (`subtracting`: `a * b - c * d`; operands a, b, c, d): a multiply-add
    /// whose addend is a product read nowhere else (Adam's moments, `beta * m + (1 - beta) * g`).
    /// Each product rounds once, then the sum: the bits of the three instructions it replaces.
    case multiplyAddProduct(subtracting: Bool)
    /// `a / b + c` (`subtracting`: `a / b - c`), floats only: the quotient rounded, then the sum,
    /// as the two instructions (Adam's `sqrt(v) / sqrt(1 - beta2^t) + epsilon`).
    case divideAdd(subtracting: Bool)
    /// `compare(x, y) ? a : b` (operands x, y, a, b, all of the operand dtype): a comparison
    /// read only by a `select`, in one pass without the block of bools between them.
    case compareSelect(ElementwiseOp)
    /// A compare-select whose chosen value on one side is a product read nowhere else
    /// (operands x, y, other, u, v): `compare(x, y) ? u * v : other`, or with `productWhenTrue`
    /// false `compare(x, y) ? other : u * v`. NumPy's leaky ReLU, `where(a > 0, a, 0.01 * a)`,
    /// in one pass; the product rounds once, as the multiply it replaces.
    case compareSelectProduct(ElementwiseOp, productWhenTrue: Bool)

    /// Whether the instruction samples random numbers: a sample is a function of its row-major
    /// position, so a kernel holding one must iterate row-major (no tiles, no inherited layout).
    package var isRandom: Bool {
        if case .random = self { true } else { false }
    }
}

/// One instruction: `result = kind(operands)` over a block, operands of `operandType`
/// (for `select`, the condition is bool and the two values are `operandType`).
package struct Instruction: Hashable, Sendable {
    package var kind: InstructionKind
    package var operandType: DType
    package var resultType: DType
    package var operands: [Operand]
    package var result: Int

    package init(kind: InstructionKind, operandType: DType, resultType: DType, operands: [Operand], result: Int) {
        self.kind = kind
        self.operandType = operandType
        self.resultType = resultType
        self.operands = operands
        self.result = result
    }
}

/// A kernel output: the register holding its values, the buffer slot it goes to, its dtype,
/// and where in that buffer its elements go.
package struct KernelOutput: Hashable, Sendable {
    package var register: Int
    package var slot: Int
    package var dtype: DType
    /// The output's layout over the iteration space: row-major from offset 0 unless the kernel
    /// writes into part of a larger array (a concatenation's slice) or walks the space in tiles.
    /// Nil means row-major from 0.
    package var view: View?

    package init(register: Int, slot: Int, dtype: DType, view: View? = nil) {
        self.register = register
        self.slot = slot
        self.dtype = dtype
        self.view = view
    }

    /// The element offset of the first element, when the output is one row-major run (written
    /// in place); nil when it is scattered block by block.
    package var contiguousOffset: Int? {
        guard let view else { return 0 }
        return view.isContiguous ? view.offset : nil
    }
}

/// The reduction part of a kernel. The iteration space is ordered `[outer, reduced, inner]`
/// (the kept axes before the last reduced one, the reduced axes, the kept axes after it), so
/// element `(o, r, i)` sits at flat position `(o * extent + r) * inner + i` and the result of
/// `(o, i)` at `o * inner + i`: row-major over the kept axes in their original order.
package struct KernelReduction: Hashable, Sendable {
    /// Elements of the kept axes before the reduced ones.
    package var outer: Int
    /// Elements of the reduced axes.
    package var extent: Int
    /// Elements of the kept axes after the reduced ones.
    package var inner: Int
    /// The reductions computed in one pass over the iteration space.
    package var outputs: [ReductionOutput]

    package init(outer: Int, extent: Int, inner: Int, outputs: [ReductionOutput]) {
        self.outer = outer
        self.extent = extent
        self.inner = inner
        self.outputs = outputs
    }
}

/// One reduction of a kernel: register `register` (of dtype `dtype`) reduced with `op`
/// into the buffer `slot` (of dtype `resultType`, `outer * inner` elements).
package struct ReductionOutput: Hashable, Sendable {
    package var op: ReduceOp
    package var register: Int
    package var dtype: DType
    package var slot: Int
    package var resultType: DType

    package init(op: ReduceOp, register: Int, dtype: DType, slot: Int, resultType: DType) {
        self.op = op
        self.register = register
        self.dtype = dtype
        self.slot = slot
        self.resultType = resultType
    }
}
