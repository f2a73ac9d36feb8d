/// The C expression of each instruction, mirroring `ScalarSemantics.swift` and `KernelElement`
/// case by case so the C target computes the same bits as the block VM and the eager evaluator:
/// integer arithmetic wraps through unsigned types (signed overflow is undefined in C), integer
/// remainder and power go through helpers that guard exactly the cases Swift guards, float to
/// int casts give the type's minimum for NaN and out-of-range values.
///
/// Transcendentals call the C library (`expf`, `sin`, ...); clang may replace them in vectorized
/// loops by glibc's libmvec variants (see `OpenMPToolchain`).
extension CKernelRenderer {
    /// The C expression of `instruction` applied to the operand expressions `x`.
    mutating func expression(_ instruction: Instruction, _ x: [String]) throws(CKernelRenderer.Unsupported) -> String {
        switch instruction.kind {
        case .elementwise(let op):
            let rendered: String? = switch instruction.operandType {
            case .float32, .float64: floating(op, instruction.operandType, x)
            case .int32, .int64: integer(op, instruction.operandType, x)
            case .bool: boolean(op, x)
            }
            guard let rendered else { throw Unsupported(reason: "\(op.rawValue) on \(instruction.operandType)") }
            return rendered
        case .cast:
            return cast(x[0], from: instruction.operandType, to: instruction.resultType)
        case .random(let distribution, let slot):
            return randomSample(distribution, dtype: instruction.resultType, slot: slot)
        case .multiplyAdd(let subtracting):
            // The product and the sum as the two instructions render them (no contraction).
            let product = try expression(Instruction(kind: .elementwise(.multiply), operandType: instruction.operandType,
                                                     resultType: instruction.resultType, operands: [], result: 0), [x[0], x[1]])
            return try expression(Instruction(kind: .elementwise(subtracting ? .subtract : .add), operandType: instruction.operandType,
                                              resultType: instruction.resultType, operands: [], result: 0), [product, x[2]])
        case .compareSelect(let comparison):
            // The comparison and the select as the two instructions render them.
            guard let condition = common(comparison, [x[0], x[1]]), let selected = common(.select, [condition, x[2], x[3]]) else {
                throw Unsupported(reason: "\(comparison.rawValue) as a select's condition")
            }
            return selected
        case .compareSelectProduct(let comparison, let productWhenTrue):
            let product = try expression(Instruction(kind: .elementwise(.multiply), operandType: instruction.operandType,
                                                     resultType: instruction.resultType, operands: [], result: 0), [x[3], x[4]])
            return try expression(Instruction(kind: .compareSelect(comparison), operandType: instruction.operandType,
                                              resultType: instruction.resultType, operands: [], result: 0),
                                  productWhenTrue ? [x[0], x[1], product, x[2]] : [x[0], x[1], x[2], product])
        }
    }

    /// Comparisons, `select` and `identity`: the same for every dtype.
    private func common(_ op: ElementwiseOp, _ x: [String]) -> String? {
        switch op {
        case .equal: "((uint8_t)(\(x[0]) == \(x[1])))"
        case .notEqual: "((uint8_t)(\(x[0]) != \(x[1])))"
        case .less: "((uint8_t)(\(x[0]) < \(x[1])))"
        case .lessEqual: "((uint8_t)(\(x[0]) <= \(x[1])))"
        case .greater: "((uint8_t)(\(x[0]) > \(x[1])))"
        case .greaterEqual: "((uint8_t)(\(x[0]) >= \(x[1])))"
        case .select: "(\(x[0]) != 0 ? \(x[1]) : \(x[2]))"
        case .identity: x[0]
        default: nil
        }
    }

    private mutating func floating(_ op: ElementwiseOp, _ dtype: DType, _ x: [String]) -> String? {
        let f = dtype.cMathSuffix
        let zero = CLiteral.constant(.float(0), dtype: dtype), one = CLiteral.constant(.float(1), dtype: dtype)
        switch op {
        case .negate: return "(-\(x[0]))"
        case .absolute: return "fabs\(f)(\(x[0]))"
        case .square: return "(\(x[0]) * \(x[0]))"
        case .relu: return "(\(x[0]) < \(zero) ? \(zero) : \(x[0]))"
        case .floor: return "floor\(f)(\(x[0]))"
        case .ceil: return "ceil\(f)(\(x[0]))"
        case .add: return "(\(x[0]) + \(x[1]))"
        case .subtract: return "(\(x[0]) - \(x[1]))"
        case .multiply: return "(\(x[0]) * \(x[1]))"
        case .divide: return "(\(x[0]) / \(x[1]))"
        case .remainder: return use(.remainder, dtype, x)
        case .power: return "pow\(f)(\(x[0]), \(x[1]))"
        // NaN-propagating, as np.maximum / np.minimum.
        case .maximum: return "((\(x[0]) > \(x[1]) || \(x[0]) != \(x[0])) ? \(x[0]) : \(x[1]))"
        case .minimum: return "((\(x[0]) < \(x[1]) || \(x[0]) != \(x[0])) ? \(x[0]) : \(x[1]))"
        case .sqrt: return "sqrt\(f)(\(x[0]))"
        case .exp: return "exp\(f)(\(x[0]))"
        case .log: return "log\(f)(\(x[0]))"
        case .sin: return "sin\(f)(\(x[0]))"
        case .cos: return "cos\(f)(\(x[0]))"
        case .tan: return "tan\(f)(\(x[0]))"
        case .tanh: return "tanh\(f)(\(x[0]))"
        case .sigmoid: return "(\(one) / (\(one) + exp\(f)(-\(x[0]))))"
        default: return common(op, x)
        }
    }

    private mutating func integer(_ op: ElementwiseOp, _ dtype: DType, _ x: [String]) -> String? {
        let t = dtype.cType, u = dtype.cUnsignedType
        func wrapping(_ symbol: String) -> String { "((\(t))((\(u))\(x[0]) \(symbol) (\(u))\(x[1])))" }
        switch op {
        case .negate: return "((\(t))((\(u))0 - (\(u))\(x[0])))"
        case .absolute: return "(\(x[0]) < 0 ? (\(t))((\(u))0 - (\(u))\(x[0])) : \(x[0]))"
        case .square: return "((\(t))((\(u))\(x[0]) * (\(u))\(x[0])))"
        case .relu: return "(\(x[0]) < 0 ? (\(t))0 : \(x[0]))"
        case .floor, .ceil: return x[0]
        case .add: return wrapping("+")
        case .subtract: return wrapping("-")
        case .multiply: return wrapping("*")
        case .remainder: return use(.remainder, dtype, x)
        case .power: return use(.power, dtype, x)
        case .maximum: return "(\(x[0]) > \(x[1]) ? \(x[0]) : \(x[1]))"
        case .minimum: return "(\(x[0]) < \(x[1]) ? \(x[0]) : \(x[1]))"
        case .bitAnd: return "((\(t))(\(x[0]) & \(x[1])))"
        case .bitOr: return "((\(t))(\(x[0]) | \(x[1])))"
        case .bitXor: return "((\(t))(\(x[0]) ^ \(x[1])))"
        case .invert: return "((\(t))~\(x[0]))"
        default: return common(op, x)
        }
    }

    /// On bool, maximum/minimum are logical or/and, as NumPy's (and the VM's) are.
    private func boolean(_ op: ElementwiseOp, _ x: [String]) -> String? {
        switch op {
        case .bitAnd, .minimum: "((uint8_t)(\(x[0]) & \(x[1])))"
        case .bitOr, .maximum: "((uint8_t)(\(x[0]) | \(x[1])))"
        case .bitXor: "((uint8_t)(\(x[0]) ^ \(x[1])))"
        case .invert: "((uint8_t)(\(x[0]) ^ 1))"
        default: common(op, x)
        }
    }

    /// NumPy's `astype`, as `KernelElement.cast`: floats go through double, integers through
    /// int64 (narrowing wraps), bools are 0/1.
    private mutating func cast(_ x: String, from source: DType, to target: DType) -> String {
        if source == target { return x }
        switch (source, target) {
        case (_, .bool): return "((uint8_t)(\(x) != 0))"
        case (.bool, _): return "((\(target.cType))(\(x) != 0))"
        case (.float32, .int32), (.float64, .int32): return use(.floatToInt32, nil, ["(double)\(x)"])
        case (.float32, .int64), (.float64, .int64): return use(.floatToInt64, nil, ["(double)\(x)"])
        // Integer to float rounds to nearest (C's default rounding mode, as Swift's Float(Int64)).
        case (.int32, .float32), (.int64, .float32): return "((float)(int64_t)\(x))"
        default: return "((\(target.cType))\(x))"
        }
    }

    /// A call to helper `helper` (for `dtype`), noting that the source needs its definition.
    private mutating func use(_ helper: CHelper.Kind, _ dtype: DType?, _ x: [String]) -> String {
        let needed = CHelper(kind: helper, dtype: dtype)
        helpers.insert(needed)
        return "\(needed.name)(\(x.joined(separator: ", ")))"
    }
}
