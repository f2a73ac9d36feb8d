/// The C expression of each instruction, mirroring `ScalarSemantics.swift` and `KernelElement`
/// case by case so the C target computes the same bits as the block VM and the eager evaluator:
/// integer arithmetic wraps through unsigned types (signed overflow is undefined in C), integer
/// remainder and power go through helpers that guard exactly the cases Swift guards, float to
/// int casts give the type's minimum for NaN and out-of-range values.
///
/// Transcendentals call the C library (`sin`, `log`, ...); clang may replace them in vectorized
/// loops by glibc's libmvec variants (see `OpenMPToolchain`). `exp` and `sigmoid` of float32 are
/// the block VM's own algorithm (`CKernelRenderer+Exponential.swift`).
extension CKernelRenderer {
    /// The C expression of `instruction` applied to the operand expressions `x`.
    mutating func expression(_ instruction: Instruction, _ x: [String]) throws(CKernelRenderer.Unsupported) -> String {
        switch instruction.kind {
        case .elementwise(let op):
            return try elementwise(op, instruction.operandType, x)
        case .cast:
            return cast(x[0], from: instruction.operandType, to: instruction.resultType)
        case .random(let distribution, let slot):
            return randomSample(distribution, dtype: instruction.resultType, slot: slot)
        case .multiplyAdd(let subtracting):
            // The product and the sum as the two instructions render them (no contraction).
            let product = try elementwise(.multiply, instruction.operandType, [x[0], x[1]])
            return try elementwise(subtracting ? .subtract : .add, instruction.operandType, [product, x[2]])
        case .subtractProduct:
            let product = try elementwise(.multiply, instruction.operandType, [x[0], x[1]])
            return try elementwise(.subtract, instruction.operandType, [x[2], product])
        case .multiplyAddProduct(let subtracting):
            let first = try elementwise(.multiply, instruction.operandType, [x[0], x[1]])
            let second = try elementwise(.multiply, instruction.operandType, [x[2], x[3]])
            return try elementwise(subtracting ? .subtract : .add, instruction.operandType, [first, second])
        case .divideAdd(let subtracting):
            let quotient = try elementwise(.divide, instruction.operandType, [x[0], x[1]])
            return try elementwise(subtracting ? .subtract : .add, instruction.operandType, [quotient, x[2]])
        case .compareSelect(let comparison):
            // The comparison and the select as the two instructions render them.
            let condition = try elementwise(comparison, instruction.operandType, [x[0], x[1]])
            return try elementwise(.select, instruction.operandType, [condition, x[2], x[3]])
        case .compareSelectProduct(let comparison, let productWhenTrue):
            let product = try elementwise(.multiply, instruction.operandType, [x[3], x[4]])
            return try expression(Instruction(kind: .compareSelect(comparison), operandType: instruction.operandType,
                                              resultType: instruction.resultType, operands: [], result: 0),
                                  productWhenTrue ? [x[0], x[1], product, x[2]] : [x[0], x[1], x[2], product])
        }
    }

    /// `op` on operands of `dtype`: the table's C template for the dtype's element class with
    /// its placeholders filled in (`ElementwiseCRendering`).
    private mutating func elementwise(_ op: ElementwiseOp, _ dtype: DType, _ x: [String]) throws(CKernelRenderer.Unsupported) -> String {
        // The planner's copies of float16 and bfloat16 move their bits; all else is float32.
        if op == .identity && dtype.isHalfPrecision { return x[0] }
        guard let template = op.spec.c.template(for: dtype) else { throw Unsupported(reason: "\(op.rawValue) on \(dtype)") }
        var rendered = "", token = ""
        var inToken = false
        for character in template {
            if inToken {
                if character == "}" {
                    rendered += try placeholder(token, op, dtype, x)
                    token = ""
                    inToken = false
                } else {
                    token.append(character)
                }
            } else if character == "{" {
                inToken = true
            } else {
                rendered.append(character)
            }
        }
        return rendered
    }

    /// What the template placeholder `token` stands for.
    private mutating func placeholder(_ token: String, _ op: ElementwiseOp, _ dtype: DType,
                                      _ x: [String]) throws(CKernelRenderer.Unsupported) -> String {
        if let index = Int(token), x.indices.contains(index) { return x[index] }
        switch token {
        case "t": return dtype.cType
        case "u": return dtype.cUnsignedType
        case "f": return dtype.cMathSuffix
        case "zero": return CLiteral.constant(.float(0), dtype: dtype)
        case "one": return CLiteral.constant(.float(1), dtype: dtype)
        default:
            guard let helper = CHelper.Kind.allCases.first(where: { "\($0)" == token }) else {
                throw Unsupported(reason: "\(op.rawValue): no placeholder {\(token)} in its C template")
            }
            let needed = CHelper(kind: helper, dtype: dtype)
            helpers.insert(needed)
            if helper == .logistic { helpers.insert(CHelper(kind: .exponential, dtype: dtype)) }
            return needed.name
        }
    }

    /// NumPy's `astype`, as `KernelElement.cast`: floats go through double, integers through
    /// int64 (narrowing wraps), bools are 0/1.
    private mutating func cast(_ x: String, from source: DType, to target: DType) -> String {
        if source == target { return x }
        if source.isHalfPrecision {
            let value = use(.halfToFloat, source, [x])
            if source == .bfloat16 && target.isInteger { return use(.bfloat16ToInteger, target, [value]) }
            // KernelElement.cast: NumPy's float16 -> uint32 goes through int64 (its scalar loop).
            if source == .float16 && target == .uint32 { return "((uint32_t)\(use(.floatToInt64, nil, ["(double)\(value)"])))" }
            return target.isHalfPrecision ? use(.doubleToHalf, target, ["(double)\(value)"]) : cast(value, from: .float32, to: target)
        }
        if target.isHalfPrecision {
            return use(.doubleToHalf, target, [source == .bool ? "(double)(\(x) != 0)" : "(double)\(x)"])
        }
        switch (source, target) {
        case (_, .bool): return "((uint8_t)(\(x) != 0))"
        case (.bool, _): return "((\(target.cType))(\(x) != 0))"
        case (.float32, .int32), (.float64, .int32): return use(.floatToInt32, nil, ["(double)\(x)"])
        case (.float32, .int64), (.float64, .int64): return use(.floatToInt64, nil, ["(double)\(x)"])
        // int8 and int16 keep the low bits of the int32 conversion, as `Int8(castingDouble:)`.
        case (.float32, .int8), (.float64, .int8), (.float32, .int16), (.float64, .int16),
             (.float32, .uint8), (.float64, .uint8), (.float32, .uint16), (.float64, .uint16):
            return "((\(target.cType))\(use(.floatToInt32, nil, ["(double)\(x)"])))"
        // uint32 and uint64 through the signed conversion of x - 2^31 (2^63) from there up.
        case (.float32, .uint32), (.float64, .uint32):
            helpers.insert(CHelper(kind: .floatToInt32, dtype: nil))
            return use(.floatToUInt32, nil, ["(double)\(x)"])
        case (.float32, .uint64), (.float64, .uint64):
            helpers.insert(CHelper(kind: .floatToInt64, dtype: nil))
            return use(.floatToUInt64, nil, ["(double)\(x)"])
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
