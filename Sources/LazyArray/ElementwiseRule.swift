import Kernels

/// How an operation's dtype is decided: given the promoted operand dtype, which kernel
/// operation runs, in which dtype, and what dtype comes out; or the error NumPy would raise.
/// Computed from the operation's row of the table (`ElementwiseOp.spec.dtypeRule`).
struct ElementwiseRule {
    let op: ElementwiseOp

    init(_ op: ElementwiseOp) { self.op = op }

    /// What a rule gives for one operand dtype: the kernel operation and its dtypes, and the
    /// dtype the result is rounded to afterwards (float16 and bfloat16 compute in float32).
    typealias Resolution = (op: ElementwiseOp, computeType: DType, resultType: DType, roundedTo: DType?)

    /// The operation's name in errors (NumPy's ufunc name where there is one).
    var name: String { op.spec.numpyName }

    /// The resolution for operands of `type`, or the error. Read from `resolutions`: every
    /// operation built asks, and the table's row is a class holding strings (reading it costs
    /// retains, releases and a copy of the rule).
    @inline(__always)
    func resolve(_ type: DType) -> Result<Resolution, LazyArrayError> {
        if let resolution = Self.resolutions[Self.index(op, type)] { return .success(resolution) }
        return .failure(refusal(type))
    }

    /// Every operation's resolution for every operand dtype (nil where refused), by `index`.
    private static let resolutions: [Resolution?] = ElementwiseOp.allCases.flatMap { op in
        DType.allCases.map { type in ElementwiseRule(op).resolveFromRow(type) }
    }

    @inline(__always)
    private static func index(_ op: ElementwiseOp, _ type: DType) -> Int {
        Int(unsafeBitCast(op, to: UInt8.self)) * dtypeCount + Int(unsafeBitCast(type, to: UInt8.self))
    }

    /// `DType.allCases.count`, which builds an array at every call.
    private static let dtypeCount = DType.allCases.count

    /// The resolution as the row's dtype rule says, nil where it refuses `type`.
    private func resolveFromRow(_ type: DType) -> Resolution? {
        if type.isHalfPrecision {
            // float32's resolution, its float32 result rounded to the operands' type: what
            // NumPy's float16 loops and JAX's bfloat16 do, so each operation rounds once.
            guard let single = resolveFromRow(.float32) else { return nil }
            return (single.op, .float32, single.resultType, single.resultType == .float32 ? type : nil)
        }
        switch op.spec.dtypeRule {
        case .sameType(let bool):
            guard type == .bool else { return (op, type, type, nil) }
            switch bool {
            case .runs(let boolOp): return (boolOp, .bool, .bool, nil)
            case .promotes(let boolType): return (op, boolType, boolType, nil)
            case .refused: return nil
            }
        case .floating(let boolType):
            let computeType = type.takesBoolFloatingResult ? boolType : type.floatingResult
            return (op, computeType, computeType, nil)
        case .integerOrBool:
            return type.isFloatingPoint ? nil : (op, type, type, nil)
        case .comparison, .predicate:
            return (op, type, .bool, nil)
        case .select:
            return (op, type, type, nil)
        }
    }

    /// The error NumPy raises for operands of `type`, which the row's rule refuses.
    private func refusal(_ type: DType) -> LazyArrayError {
        switch op.spec.dtypeRule {
        case .sameType(bool: .refused(let message)): LazyArrayError(name, message)
        case .integerOrBool: LazyArrayError(name, "not supported for the input type \(type); it needs bool or integer arrays")
        case .sameType, .floating, .comparison, .predicate, .select:
            preconditionFailure("[ElementwiseRule] \(op) refuses \(type) but its rule has no error")
        }
    }
}
