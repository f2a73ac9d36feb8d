/// One operand of an eager operation: its memory and its view (shape = the output's shape).
package struct StridedOperand {
    package let base: UnsafeRawPointer
    package let view: View
    package init(base: UnsafeRawPointer, view: View) {
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
    /// A transcendental runs the block VM's block function over its operands gathered into
    /// contiguous scratch, so an eager result equals a fused one bitwise wherever the VM's blocks
    /// meet the vectors at the same elements (a fused kernel iterating in the output's row-major
    /// order: blocks start at multiples of the vector width). Kernels iterating in another order
    /// (tiles, an inherited layout) agree within the block functions' error bound.
    ///
    /// The graph builder guarantees the dtype is valid for the operation; an invalid pairing is
    /// a programming error and traps with the operation's name.
    package func runEager(operandType: DType, operands: [StridedOperand], out: UnsafeMutableRawPointer) {
        switch operandType {
        case .float32: withScalarFunction(EagerBody<Float>(op: self, operands: operands, out: out))
        case .float64: withScalarFunction(EagerBody<Double>(op: self, operands: operands, out: out))
        case .int8: withScalarFunction(EagerBody<Int8>(op: self, operands: operands, out: out))
        case .int16: withScalarFunction(EagerBody<Int16>(op: self, operands: operands, out: out))
        case .int32: withScalarFunction(EagerBody<Int32>(op: self, operands: operands, out: out))
        case .int64: withScalarFunction(EagerBody<Int64>(op: self, operands: operands, out: out))
        case .uint8: withScalarFunction(EagerBody<UInt8>(op: self, operands: operands, out: out))
        case .uint16: withScalarFunction(EagerBody<UInt16>(op: self, operands: operands, out: out))
        case .uint32: withScalarFunction(EagerBody<UInt32>(op: self, operands: operands, out: out))
        case .uint64: withScalarFunction(EagerBody<UInt64>(op: self, operands: operands, out: out))
        case .bool: withScalarFunction(EagerBody<BoolByte>(op: self, operands: operands, out: out))
        // The evaluator's copies (`identity`) move half-precision bits; all else is float32.
        case .float16, .bfloat16 where self == .identity: EagerCast.run(from: operandType, to: operandType, operand: operands[0], out: out)
        case .float16, .bfloat16: preconditionFailure("[\(self)] has no kernel for \(operandType): half precision computes in float32")
        }
    }
}

/// The eager evaluator's body: `StridedLoops.map` over the strided operands.
private struct EagerBody<Element: KernelElement>: ElementwiseBody {
    let op: ElementwiseOp
    let operands: [StridedOperand]
    let out: UnsafeMutableRawPointer

    private func operand(_ index: Int) -> UnsafePointer<Element> { operands[index].typed(Element.self) }
    private func view(_ index: Int) -> View { operands[index].view }
    private func result<R>(_: R.Type) -> UnsafeMutablePointer<R> { out.assumingMemoryBound(to: R.self) }

    func unary(_ f: (Element) -> Element) {
        StridedLoops.map(operand(0), view(0), into: result(Element.self), f)
    }

    func binary(_ f: (Element, Element) -> Element) {
        StridedLoops.map(operand(0), view(0), operand(1), view(1), into: result(Element.self), f)
    }

    func predicate(_ f: (Element) -> UInt8) {
        StridedLoops.map(operand(0), view(0), into: result(UInt8.self), f)
    }

    func comparison(_ f: (Element, Element) -> UInt8) {
        StridedLoops.map(operand(0), view(0), operand(1), view(1), into: result(UInt8.self), f)
    }

    func select(_ f: (UInt8, Element, Element) -> Element) {
        StridedLoops.map(operands[0].typed(UInt8.self), view(0), operand(1), view(1), operand(2), view(2),
                         into: result(Element.self), f)
    }

    func unaryBlock(_ f: (UnsafePointer<Element>, UnsafeMutablePointer<Element>, Int) -> Void) {
        let x = gathered(0)
        defer { x.deallocate() }
        f(x, result(Element.self), view(0).count)
    }

    func binaryBlock(_ f: (UnsafePointer<Element>, UnsafePointer<Element>, UnsafeMutablePointer<Element>, Int) -> Void) {
        let x = gathered(0), y = gathered(1)
        defer { x.deallocate(); y.deallocate() }
        f(x, y, result(Element.self), view(0).count)
    }

    func undefined() { preconditionFailure("[\(op.rawValue)] is not defined for \(Element.dtype)") }

    /// Operand `index` copied into new contiguous memory in row-major order.
    private func gathered(_ index: Int) -> UnsafeMutablePointer<Element> {
        let copy = UnsafeMutablePointer<Element>.allocate(capacity: max(view(index).count, 1))
        StridedLoops.map(operand(index), view(index), into: copy) { $0 }
        return copy
    }
}

/// Eager dtype conversion: NumPy's `astype` one element at a time.
package enum EagerCast {
    /// Converts the strided `operand` of dtype `from` into the contiguous `out` of dtype `to`.
    package static func run(from: DType, to: DType, operand: StridedOperand, out: UnsafeMutableRawPointer) {
        switch from {
        case .bool: run(BoolByte.self, to, operand, out)
        case .int8: run(Int8.self, to, operand, out)
        case .int16: run(Int16.self, to, operand, out)
        case .int32: run(Int32.self, to, operand, out)
        case .int64: run(Int64.self, to, operand, out)
        case .uint8: run(UInt8.self, to, operand, out)
        case .uint16: run(UInt16.self, to, operand, out)
        case .uint32: run(UInt32.self, to, operand, out)
        case .uint64: run(UInt64.self, to, operand, out)
        case .float32: run(Float.self, to, operand, out)
        case .float64: run(Double.self, to, operand, out)
        case .float16: run(Float16Element.self, to, operand, out)
        case .bfloat16: run(BFloat16Element.self, to, operand, out)
        }
    }

    private static func run<S: KernelElement>(_: S.Type, _ to: DType, _ operand: StridedOperand, _ out: UnsafeMutableRawPointer) {
        switch to {
        case .bool: convert(S.self, BoolByte.self, operand, out)
        case .int8: convert(S.self, Int8.self, operand, out)
        case .int16: convert(S.self, Int16.self, operand, out)
        case .int32: convert(S.self, Int32.self, operand, out)
        case .int64: convert(S.self, Int64.self, operand, out)
        case .uint8: convert(S.self, UInt8.self, operand, out)
        case .uint16: convert(S.self, UInt16.self, operand, out)
        case .uint32: convert(S.self, UInt32.self, operand, out)
        case .uint64: convert(S.self, UInt64.self, operand, out)
        case .float32: convert(S.self, Float.self, operand, out)
        case .float64: convert(S.self, Double.self, operand, out)
        case .float16: convert(S.self, Float16Element.self, operand, out)
        case .bfloat16: convert(S.self, BFloat16Element.self, operand, out)
        }
    }

    private static func convert<S: KernelElement, T: KernelElement>(_: S.Type, _: T.Type, _ operand: StridedOperand, _ out: UnsafeMutableRawPointer) {
        StridedLoops.map(operand.typed(S.self), operand.view, into: out.assumingMemoryBound(to: T.self)) { T.cast($0) }
    }
}
