/// One operand of an eager operation: its memory and its view (shape = the output's shape).
public struct StridedOperand {
    public let base: UnsafeRawPointer
    public let view: View
    public init(base: UnsafeRawPointer, view: View) {
        self.base = base
        self.view = view
    }
    @inline(__always) func typed<T>(_: T.Type) -> UnsafePointer<T> { base.assumingMemoryBound(to: T.self) }
}

extension ElementwiseOp {
    /// Runs the operation one element at a time over strided operands into the contiguous `out`,
    /// with the scalar definitions of `ScalarSemantics.swift`. `operandType` is the dtype of the
    /// operands (for `select`, of the two value operands; the condition is bool).
    ///
    /// The graph builder guarantees the dtype is valid for the operation; an invalid pairing is
    /// a programming error and traps with the operation's name.
    public func runEager(operandType: DType, operands: [StridedOperand], out: UnsafeMutableRawPointer) {
        switch operandType {
        case .float32: runFloating(Float.self, operands, out)
        case .float64: runFloating(Double.self, operands, out)
        case .int32: runInteger(Int32.self, operands, out)
        case .int64: runInteger(Int64.self, operands, out)
        case .bool: runBool(operands, out)
        }
    }

    private func runFloating<T: FloatingElement>(_: T.Type, _ operands: [StridedOperand], _ out: UnsafeMutableRawPointer) {
        let unaryFunction: ((T) -> T)? = switch self {
        case .sqrt: T.sqrt
        case .exp: T.exp
        case .log: T.log
        case .sin: T.sin
        case .cos: T.cos
        case .tan: T.tan
        case .tanh: T.tanh
        case .sigmoid: T.sigmoid
        default: nil
        }
        if let unaryFunction {
            StridedLoops.map(operands[0].typed(T.self), operands[0].view,
                             into: out.assumingMemoryBound(to: T.self), unaryFunction)
        } else if self == .divide {
            StridedLoops.map(operands[0].typed(T.self), operands[0].view, operands[1].typed(T.self), operands[1].view,
                             into: out.assumingMemoryBound(to: T.self), T.divide)
        } else {
            runArithmetic(T.self, operands, out)
        }
    }

    private func runInteger<T: ArithmeticElement & BitwiseElement>(_: T.Type, _ operands: [StridedOperand], _ out: UnsafeMutableRawPointer) {
        if let function = bitwiseFunction(T.self) {
            runBinary(T.self, operands, out, function)
        } else if self == .invert {
            StridedLoops.map(operands[0].typed(T.self), operands[0].view, into: out.assumingMemoryBound(to: T.self), T.invert)
        } else {
            runArithmetic(T.self, operands, out)
        }
    }

    private func runBool(_ operands: [StridedOperand], _ out: UnsafeMutableRawPointer) {
        if let function = bitwiseFunction(UInt8.self) {
            runBinary(UInt8.self, operands, out, function)
        } else if self == .invert {
            StridedLoops.map(operands[0].typed(UInt8.self), operands[0].view, into: out.assumingMemoryBound(to: UInt8.self), UInt8.invert)
        } else if self == .maximum || self == .minimum {
            // NumPy's maximum/minimum on bool are logical or/and.
            runBinary(UInt8.self, operands, out, self == .maximum ? UInt8.bitOr : UInt8.bitAnd)
        } else {
            runComparisonOrSelect(UInt8.self, operands, out)
        }
    }

    private func bitwiseFunction<T: BitwiseElement>(_: T.Type) -> ((T, T) -> T)? {
        switch self {
        case .bitAnd: T.bitAnd
        case .bitOr: T.bitOr
        case .bitXor: T.bitXor
        default: nil
        }
    }

    private func runArithmetic<T: ArithmeticElement>(_: T.Type, _ operands: [StridedOperand], _ out: UnsafeMutableRawPointer) {
        let unaryFunction: ((T) -> T)? = switch self {
        case .negate: T.negate
        case .absolute: T.absolute
        case .square: T.square
        case .relu: T.relu
        case .floor: T.floor
        case .ceil: T.ceil
        case .identity: { $0 }
        default: nil
        }
        if let unaryFunction {
            StridedLoops.map(operands[0].typed(T.self), operands[0].view, into: out.assumingMemoryBound(to: T.self), unaryFunction)
            return
        }
        let binaryFunction: ((T, T) -> T)? = switch self {
        case .add: T.add
        case .subtract: T.subtract
        case .multiply: T.multiply
        case .remainder: T.remainder
        case .power: T.power
        case .maximum: T.maximum
        case .minimum: T.minimum
        default: nil
        }
        if let binaryFunction {
            runBinary(T.self, operands, out, binaryFunction)
        } else {
            runComparisonOrSelect(T.self, operands, out)
        }
    }

    private func runBinary<T>(_: T.Type, _ operands: [StridedOperand], _ out: UnsafeMutableRawPointer, _ function: (T, T) -> T) {
        StridedLoops.map(operands[0].typed(T.self), operands[0].view, operands[1].typed(T.self), operands[1].view,
                         into: out.assumingMemoryBound(to: T.self), function)
    }

    private func runComparisonOrSelect<T: KernelElement & Comparable>(_: T.Type, _ operands: [StridedOperand], _ out: UnsafeMutableRawPointer) {
        if self == .select {
            StridedLoops.map(operands[0].typed(UInt8.self), operands[0].view, operands[1].typed(T.self), operands[1].view,
                             operands[2].typed(T.self), operands[2].view,
                             into: out.assumingMemoryBound(to: T.self), Comparison.select)
            return
        }
        if self == .identity {
            StridedLoops.map(operands[0].typed(T.self), operands[0].view, into: out.assumingMemoryBound(to: T.self)) { $0 }
            return
        }
        let comparison: (T, T) -> UInt8 = switch self {
        case .equal: Comparison.equal
        case .notEqual: Comparison.notEqual
        case .less: Comparison.less
        case .lessEqual: Comparison.lessEqual
        case .greater: Comparison.greater
        case .greaterEqual: Comparison.greaterEqual
        default: preconditionFailure("[\(rawValue)] is not defined for \(T.dtype)")
        }
        StridedLoops.map(operands[0].typed(T.self), operands[0].view, operands[1].typed(T.self), operands[1].view,
                         into: out.assumingMemoryBound(to: UInt8.self), comparison)
    }
}

/// Eager dtype conversion: NumPy's `astype` one element at a time.
public enum EagerCast {
    /// Converts the strided `operand` of dtype `from` into the contiguous `out` of dtype `to`.
    public static func run(from: DType, to: DType, operand: StridedOperand, out: UnsafeMutableRawPointer) {
        switch from {
        case .bool: run(UInt8.self, to, operand, out)
        case .int32: run(Int32.self, to, operand, out)
        case .int64: run(Int64.self, to, operand, out)
        case .float32: run(Float.self, to, operand, out)
        case .float64: run(Double.self, to, operand, out)
        }
    }

    private static func run<S: KernelElement>(_: S.Type, _ to: DType, _ operand: StridedOperand, _ out: UnsafeMutableRawPointer) {
        switch to {
        case .bool: convert(S.self, UInt8.self, operand, out)
        case .int32: convert(S.self, Int32.self, operand, out)
        case .int64: convert(S.self, Int64.self, operand, out)
        case .float32: convert(S.self, Float.self, operand, out)
        case .float64: convert(S.self, Double.self, operand, out)
        }
    }

    private static func convert<S: KernelElement, T: KernelElement>(_: S.Type, _: T.Type, _ operand: StridedOperand, _ out: UnsafeMutableRawPointer) {
        StridedLoops.map(operand.typed(S.self), operand.view, into: out.assumingMemoryBound(to: T.self)) { T.cast($0) }
    }
}
