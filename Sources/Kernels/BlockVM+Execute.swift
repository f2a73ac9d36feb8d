// The block VM's instruction dispatch: one switch per block and instruction over the dtype, then
// the table (ElementwiseOp+Scalar.swift) hands `BlockBody` the operation's scalar definition,
// inlined, and it runs one tight loop over concrete types (vectorized), so fused kernels and the
// eager evaluator compute the same bits.

// The loops take typed pointers: measured here, LLVM vectorizes these generic loops only when
// the pointers arrive typed, not when they are bound from raw pointers in the same function.
@inline(__always)
private func loop<A, R>(_ n: Int, _ a: UnsafePointer<A>, _ r: UnsafeMutablePointer<R>, _ f: (A) -> R) {
    for i in 0..<n { r[i] = f(a[i]) }
}

@inline(__always)
private func loop<A, B, R>(_ n: Int, _ a: UnsafePointer<A>, _ b: UnsafePointer<B>, _ r: UnsafeMutablePointer<R>, _ f: (A, B) -> R) {
    for i in 0..<n { r[i] = f(a[i], b[i]) }
}

@inline(__always)
private func loop<A, B, C, R>(_ n: Int, _ a: UnsafePointer<A>, _ b: UnsafePointer<B>, _ c: UnsafePointer<C>,
                              _ r: UnsafeMutablePointer<R>, _ f: (A, B, C) -> R) {
    for i in 0..<n { r[i] = f(a[i], b[i], c[i]) }
}

@inline(__always)
private func loop<A, B, C, D, R>(_ n: Int, _ a: UnsafePointer<A>, _ b: UnsafePointer<B>, _ c: UnsafePointer<C>, _ d: UnsafePointer<D>,
                                 _ r: UnsafeMutablePointer<R>, _ f: (A, B, C, D) -> R) {
    for i in 0..<n { r[i] = f(a[i], b[i], c[i], d[i]) }
}

@inline(__always)
private func loop<A, B, C, D, E, R>(_ n: Int, _ a: UnsafePointer<A>, _ b: UnsafePointer<B>, _ c: UnsafePointer<C>, _ d: UnsafePointer<D>,
                                    _ e: UnsafePointer<E>, _ r: UnsafeMutablePointer<R>, _ f: (A, B, C, D, E) -> R) {
    for i in 0..<n { r[i] = f(a[i], b[i], c[i], d[i], e[i]) }
}

@inline(__always)
private func typed<T>(_ pointer: UnsafeMutableRawPointer) -> UnsafePointer<T> { UnsafePointer(pointer.assumingMemoryBound(to: T.self)) }

@inline(__always)
private func map<A, R>(_ n: Int, _ a: UnsafeMutableRawPointer, _ r: UnsafeMutableRawPointer, _ f: (A) -> R) {
    loop(n, typed(a) as UnsafePointer<A>, r.assumingMemoryBound(to: R.self), f)
}

@inline(__always)
private func map<A, B, R>(_ n: Int, _ a: UnsafeMutableRawPointer, _ b: UnsafeMutableRawPointer,
                          _ r: UnsafeMutableRawPointer, _ f: (A, B) -> R) {
    loop(n, typed(a) as UnsafePointer<A>, typed(b) as UnsafePointer<B>, r.assumingMemoryBound(to: R.self), f)
}

@inline(__always)
private func map<A, B, C, R>(_ n: Int, _ a: UnsafeMutableRawPointer, _ b: UnsafeMutableRawPointer,
                             _ c: UnsafeMutableRawPointer, _ r: UnsafeMutableRawPointer, _ f: (A, B, C) -> R) {
    loop(n, typed(a) as UnsafePointer<A>, typed(b) as UnsafePointer<B>, typed(c) as UnsafePointer<C>, r.assumingMemoryBound(to: R.self), f)
}

// Operands with one value for the whole block (`Step.broadcastOperands`) are read once, before
// the loop: the loop then streams one block fewer through L1 and issues one load fewer per
// element. At 1e7 elements a kernel of ten live blocks (40 KiB of float32) outgrew the 32 KiB L1
// and its reads of the input from DRAM stalled (docs/performance.md, 2026-12-07).

/// `r = f(a, b)` with `b` (bit 1) or `a` (bit 0) in a register when it is broadcast.
@inline(__always)
private func binary<T, R>(_ n: Int, _ a: UnsafeMutableRawPointer, _ b: UnsafeMutableRawPointer, _ r: UnsafeMutableRawPointer,
                          _ broadcast: UInt8, _ f: (T, T) -> R) {
    switch broadcast & 0b11 {
    case 0b10:
        let y = (typed(b) as UnsafePointer<T>)[0]
        map(n, a, r) { (x: T) in f(x, y) }
    case 0b01:
        let x = (typed(a) as UnsafePointer<T>)[0]
        map(n, b, r) { (y: T) in f(x, y) }
    default: map(n, a, b, r, f)
    }
}

/// `r = f(a, b, c)` with the broadcast ones of `a` (bit 0), `b` (bit 1) and `c` (bit 2) in
/// registers (all three: streamed).
@inline(__always)
private func ternary<A, T, R>(_ n: Int, _ a: UnsafeMutableRawPointer, _ b: UnsafeMutableRawPointer, _ c: UnsafeMutableRawPointer,
                              _ r: UnsafeMutableRawPointer, _ broadcast: UInt8, _ f: (A, T, T) -> R) {
    switch broadcast & 0b111 {
    case 0b001:
        let x = (typed(a) as UnsafePointer<A>)[0]
        map(n, b, c, r) { (y: T, z: T) in f(x, y, z) }
    case 0b011:
        let (x, y) = ((typed(a) as UnsafePointer<A>)[0], (typed(b) as UnsafePointer<T>)[0])
        map(n, c, r) { (z: T) in f(x, y, z) }
    case 0b101:
        let (x, z) = ((typed(a) as UnsafePointer<A>)[0], (typed(c) as UnsafePointer<T>)[0])
        map(n, b, r) { (y: T) in f(x, y, z) }
    case 0b110:
        let (y, z) = ((typed(b) as UnsafePointer<T>)[0], (typed(c) as UnsafePointer<T>)[0])
        map(n, a, r) { (x: A) in f(x, y, z) }
    case 0b010:
        let y = (typed(b) as UnsafePointer<T>)[0]
        map(n, a, c, r) { (x: A, z: T) in f(x, y, z) }
    case 0b100:
        let z = (typed(c) as UnsafePointer<T>)[0]
        map(n, a, b, r) { (x: A, y: T) in f(x, y, z) }
    default: map(n, a, b, c, r, f)
    }
}

/// `r = f(a, b, c, d)` with broadcast operands (bits 0-3) in registers: the patterns of a sum of
/// two products (one factor of each, or of one, broadcast); any other pattern streams the
/// splatted blocks.
@inline(__always)
private func quaternary<T>(_ n: Int, _ a: UnsafeMutableRawPointer, _ b: UnsafeMutableRawPointer, _ c: UnsafeMutableRawPointer,
                           _ d: UnsafeMutableRawPointer, _ r: UnsafeMutableRawPointer, _ broadcast: UInt8, _ f: (T, T, T, T) -> T) {
    let out = r.assumingMemoryBound(to: T.self)
    let (pa, pb, pc, pd) = (typed(a) as UnsafePointer<T>, typed(b) as UnsafePointer<T>, typed(c) as UnsafePointer<T>, typed(d) as UnsafePointer<T>)
    switch broadcast & 0b1111 {
    case 0b0101:
        let (x, z) = (pa[0], pc[0])
        loop(n, pb, pd, out) { f(x, $0, z, $1) }
    case 0b1010:
        let (y, w) = (pb[0], pd[0])
        loop(n, pa, pc, out) { f($0, y, $1, w) }
    case 0b0110:
        let (y, z) = (pb[0], pc[0])
        loop(n, pa, pd, out) { f($0, y, z, $1) }
    case 0b1001:
        let (x, w) = (pa[0], pd[0])
        loop(n, pb, pc, out) { f(x, $0, $1, w) }
    case 0b0001:
        let x = pa[0]
        loop(n, pb, pc, pd, out) { f(x, $0, $1, $2) }
    case 0b0010:
        let y = pb[0]
        loop(n, pa, pc, pd, out) { f($0, y, $1, $2) }
    case 0b0100:
        let z = pc[0]
        loop(n, pa, pb, pd, out) { f($0, $1, z, $2) }
    case 0b1000:
        let w = pd[0]
        loop(n, pa, pb, pc, out) { f($0, $1, $2, w) }
    default: loop(n, pa, pb, pc, pd, out, f)
    }
}

extension PreparedProgram.Step {
    /// Runs this instruction over `n` elements; `pointers[location]` is each location's block.
    @inline(__always)
    func execute(count n: Int, start: Int, buffers: [UnsafeMutableRawPointer], _ pointers: UnsafePointer<UnsafeMutableRawPointer>) {
        let r = pointers[result]
        if case .random(let distribution, let slot) = kind {
            let (key, counter) = RandomDistribution.parameters(buffers[slot])
            distribution.fill(r, dtype: resultType, count: n, start: counter &+ UInt64(start), key: key)
            return
        }
        let a = pointers[first], b = pointers[second], c = pointers[third]
        switch kind {
        case .random: return
        case .cast: castBlock(n, a, r)
        case .multiplyAdd(let subtracting):
            switch operandType {
            case .float32: multiplyAdd(Float.self, subtracting, n, a, b, c, r)
            case .float64: multiplyAdd(Double.self, subtracting, n, a, b, c, r)
            case .int8: multiplyAdd(Int8.self, subtracting, n, a, b, c, r)
            case .int16: multiplyAdd(Int16.self, subtracting, n, a, b, c, r)
            case .int32: multiplyAdd(Int32.self, subtracting, n, a, b, c, r)
            case .int64: multiplyAdd(Int64.self, subtracting, n, a, b, c, r)
            case .uint8: multiplyAdd(UInt8.self, subtracting, n, a, b, c, r)
            case .uint16: multiplyAdd(UInt16.self, subtracting, n, a, b, c, r)
            case .uint32: multiplyAdd(UInt32.self, subtracting, n, a, b, c, r)
            case .uint64: multiplyAdd(UInt64.self, subtracting, n, a, b, c, r)
            case .bool, .float16, .bfloat16: preconditionFailure("[multiplyAdd] has no kernel for \(operandType)")
            }
        case .subtractProduct:
            switch operandType {
            case .float32: subtractProduct(Float.self, n, a, b, c, r)
            case .float64: subtractProduct(Double.self, n, a, b, c, r)
            case .int8: subtractProduct(Int8.self, n, a, b, c, r)
            case .int16: subtractProduct(Int16.self, n, a, b, c, r)
            case .int32: subtractProduct(Int32.self, n, a, b, c, r)
            case .int64: subtractProduct(Int64.self, n, a, b, c, r)
            case .uint8: subtractProduct(UInt8.self, n, a, b, c, r)
            case .uint16: subtractProduct(UInt16.self, n, a, b, c, r)
            case .uint32: subtractProduct(UInt32.self, n, a, b, c, r)
            case .uint64: subtractProduct(UInt64.self, n, a, b, c, r)
            case .bool, .float16, .bfloat16: preconditionFailure("[subtractProduct] has no kernel for \(operandType)")
            }
        case .multiplyAddProduct(let subtracting):
            let d = pointers[fourth]
            switch operandType {
            case .float32: multiplyAddProduct(Float.self, subtracting, n, a, b, c, d, r)
            case .float64: multiplyAddProduct(Double.self, subtracting, n, a, b, c, d, r)
            case .int8: multiplyAddProduct(Int8.self, subtracting, n, a, b, c, d, r)
            case .int16: multiplyAddProduct(Int16.self, subtracting, n, a, b, c, d, r)
            case .int32: multiplyAddProduct(Int32.self, subtracting, n, a, b, c, d, r)
            case .int64: multiplyAddProduct(Int64.self, subtracting, n, a, b, c, d, r)
            case .uint8: multiplyAddProduct(UInt8.self, subtracting, n, a, b, c, d, r)
            case .uint16: multiplyAddProduct(UInt16.self, subtracting, n, a, b, c, d, r)
            case .uint32: multiplyAddProduct(UInt32.self, subtracting, n, a, b, c, d, r)
            case .uint64: multiplyAddProduct(UInt64.self, subtracting, n, a, b, c, d, r)
            case .bool, .float16, .bfloat16: preconditionFailure("[multiplyAddProduct] has no kernel for \(operandType)")
            }
        case .divideAdd(let subtracting):
            switch operandType {
            case .float32: divideAdd(Float.self, subtracting, n, a, b, c, r)
            case .float64: divideAdd(Double.self, subtracting, n, a, b, c, r)
            case .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64, .bool, .float16, .bfloat16: preconditionFailure("[divideAdd] has no kernel for \(operandType)")
            }
        case .compareSelect(let comparison):
            let d = pointers[fourth]
            switch operandType {
            case .float32: compareSelect(Float.self, comparison, n, a, b, c, d, r)
            case .float64: compareSelect(Double.self, comparison, n, a, b, c, d, r)
            case .int8: compareSelect(Int8.self, comparison, n, a, b, c, d, r)
            case .int16: compareSelect(Int16.self, comparison, n, a, b, c, d, r)
            case .int32: compareSelect(Int32.self, comparison, n, a, b, c, d, r)
            case .int64: compareSelect(Int64.self, comparison, n, a, b, c, d, r)
            case .uint8: compareSelect(UInt8.self, comparison, n, a, b, c, d, r)
            case .uint16: compareSelect(UInt16.self, comparison, n, a, b, c, d, r)
            case .uint32: compareSelect(UInt32.self, comparison, n, a, b, c, d, r)
            case .uint64: compareSelect(UInt64.self, comparison, n, a, b, c, d, r)
            case .bool, .float16, .bfloat16: preconditionFailure("[compareSelect] has no kernel for \(operandType)")
            }
        case .compareSelectProduct(let comparison, let productWhenTrue):
            let d = pointers[fourth], e = pointers[fifth]
            switch operandType {
            case .float32: compareSelectProduct(Float.self, comparison, productWhenTrue, n, a, b, c, d, e, r)
            case .float64: compareSelectProduct(Double.self, comparison, productWhenTrue, n, a, b, c, d, e, r)
            case .int8: compareSelectProduct(Int8.self, comparison, productWhenTrue, n, a, b, c, d, e, r)
            case .int16: compareSelectProduct(Int16.self, comparison, productWhenTrue, n, a, b, c, d, e, r)
            case .int32: compareSelectProduct(Int32.self, comparison, productWhenTrue, n, a, b, c, d, e, r)
            case .int64: compareSelectProduct(Int64.self, comparison, productWhenTrue, n, a, b, c, d, e, r)
            case .uint8: compareSelectProduct(UInt8.self, comparison, productWhenTrue, n, a, b, c, d, e, r)
            case .uint16: compareSelectProduct(UInt16.self, comparison, productWhenTrue, n, a, b, c, d, e, r)
            case .uint32: compareSelectProduct(UInt32.self, comparison, productWhenTrue, n, a, b, c, d, e, r)
            case .uint64: compareSelectProduct(UInt64.self, comparison, productWhenTrue, n, a, b, c, d, e, r)
            case .bool, .float16, .bfloat16: preconditionFailure("[compareSelectProduct] has no kernel for \(operandType)")
            }
        case .elementwise(let op):
            switch operandType {
            case .float32: elementwise(Float.self, op, n, a, b, c, r)
            case .float64: elementwise(Double.self, op, n, a, b, c, r)
            case .int8: elementwise(Int8.self, op, n, a, b, c, r)
            case .int16: elementwise(Int16.self, op, n, a, b, c, r)
            case .int32: elementwise(Int32.self, op, n, a, b, c, r)
            case .int64: elementwise(Int64.self, op, n, a, b, c, r)
            case .uint8: elementwise(UInt8.self, op, n, a, b, c, r)
            case .uint16: elementwise(UInt16.self, op, n, a, b, c, r)
            case .uint32: elementwise(UInt32.self, op, n, a, b, c, r)
            case .uint64: elementwise(UInt64.self, op, n, a, b, c, r)
            case .bool: elementwise(BoolByte.self, op, n, a, b, c, r)
            // The planner's copies (`identity`) move half-precision bits; all else is float32.
            case .float16 where op == .identity, .bfloat16 where op == .identity: r.copyMemory(from: a, byteCount: n * 2)
            case .float16, .bfloat16: preconditionFailure("[\(op)] has no kernel for \(operandType): half precision computes in float32")
            }
        }
    }

    /// One elementwise instruction over a block: the operation's loop for `T`, found by the
    /// table's switch. A function of its own taking the operands as scalars (in registers):
    /// handing the specialized switch a `BlockBody` built here passed it through memory, a
    /// dozen instructions per instruction and block that cost compute-bound kernels 4%
    /// (docs/performance.md, "Package access").
    @inline(never)
    private func elementwise<T: ElementClass>(_: T.Type, _ op: ElementwiseOp, _ n: Int, _ a: UnsafeMutableRawPointer,
                                              _ b: UnsafeMutableRawPointer, _ c: UnsafeMutableRawPointer, _ r: UnsafeMutableRawPointer) {
        op.withScalarFunction(BlockBody<T>(op: op, n: n, a: a, b: b, c: c, r: r, broadcast: broadcastOperands))
    }

    /// `a * b ± c` with the two scalar definitions in order: the same bits as two instructions.
    private func multiplyAdd<T: ArithmeticElement>(_: T.Type, _ subtracting: Bool, _ n: Int, _ a: UnsafeMutableRawPointer,
                                                   _ b: UnsafeMutableRawPointer, _ c: UnsafeMutableRawPointer, _ r: UnsafeMutableRawPointer) {
        if subtracting {
            ternary(n, a, b, c, r, broadcastOperands) { (x: T, y: T, z: T) in T.subtract(T.multiply(x, y), z) }
        } else {
            ternary(n, a, b, c, r, broadcastOperands) { (x: T, y: T, z: T) in T.add(T.multiply(x, y), z) }
        }
    }

    /// `c - a * b` with the two scalar definitions in order.
    private func subtractProduct<T: ArithmeticElement>(_: T.Type, _ n: Int, _ a: UnsafeMutableRawPointer, _ b: UnsafeMutableRawPointer,
                                                       _ c: UnsafeMutableRawPointer, _ r: UnsafeMutableRawPointer) {
        ternary(n, a, b, c, r, broadcastOperands) { (x: T, y: T, z: T) in T.subtract(z, T.multiply(x, y)) }
    }

    /// `a * b ± c * d` with the three scalar definitions: both products, then the sum.
    private func multiplyAddProduct<T: ArithmeticElement>(_: T.Type, _ subtracting: Bool, _ n: Int, _ a: UnsafeMutableRawPointer,
                                                          _ b: UnsafeMutableRawPointer, _ c: UnsafeMutableRawPointer,
                                                          _ d: UnsafeMutableRawPointer, _ r: UnsafeMutableRawPointer) {
        if subtracting {
            quaternary(n, a, b, c, d, r, broadcastOperands) { (x: T, y: T, z: T, w: T) in T.subtract(T.multiply(x, y), T.multiply(z, w)) }
        } else {
            quaternary(n, a, b, c, d, r, broadcastOperands) { (x: T, y: T, z: T, w: T) in T.add(T.multiply(x, y), T.multiply(z, w)) }
        }
    }

    /// `a / b ± c` with the two scalar definitions in order.
    private func divideAdd<T: FloatingElement>(_: T.Type, _ subtracting: Bool, _ n: Int, _ a: UnsafeMutableRawPointer,
                                               _ b: UnsafeMutableRawPointer, _ c: UnsafeMutableRawPointer, _ r: UnsafeMutableRawPointer) {
        if subtracting {
            ternary(n, a, b, c, r, broadcastOperands) { (x: T, y: T, z: T) in T.subtract(T.divide(x, y), z) }
        } else {
            ternary(n, a, b, c, r, broadcastOperands) { (x: T, y: T, z: T) in T.add(T.divide(x, y), z) }
        }
    }

    /// `compare(x, y) ? p : q` through the scalar definitions of the two instructions it replaces.
    private func compareSelect<T: ElementClass & Comparable>(_: T.Type, _ comparison: ElementwiseOp, _ n: Int, _ a: UnsafeMutableRawPointer,
                                                             _ b: UnsafeMutableRawPointer, _ c: UnsafeMutableRawPointer,
                                                             _ d: UnsafeMutableRawPointer, _ r: UnsafeMutableRawPointer) {
        comparison.withScalarFunction(CompareSelectBody<T>(op: comparison, n: n, x: typed(a), y: typed(b), p: typed(c), q: typed(d),
                                                           out: r.assumingMemoryBound(to: T.self)))
    }

    /// `compare(x, y) ? u * v : other` (or the other way round) through the scalar definitions
    /// of the three instructions it replaces.
    private func compareSelectProduct<T: ElementClass & ArithmeticElement>(_: T.Type, _ comparison: ElementwiseOp, _ productWhenTrue: Bool,
                                                                           _ n: Int, _ a: UnsafeMutableRawPointer, _ b: UnsafeMutableRawPointer,
                                                                           _ c: UnsafeMutableRawPointer, _ d: UnsafeMutableRawPointer,
                                                                           _ e: UnsafeMutableRawPointer, _ r: UnsafeMutableRawPointer) {
        comparison.withScalarFunction(CompareSelectProductBody<T>(op: comparison, productWhenTrue: productWhenTrue, n: n,
                                                                  x: typed(a), y: typed(b), other: typed(c), u: typed(d), v: typed(e),
                                                                  out: r.assumingMemoryBound(to: T.self)))
    }

    private func castBlock(_ n: Int, _ a: UnsafeMutableRawPointer, _ r: UnsafeMutableRawPointer) {
        switch operandType {
        case .bool: cast(BoolByte.self, n, a, r)
        case .int8: cast(Int8.self, n, a, r)
        case .int16: cast(Int16.self, n, a, r)
        case .int32: cast(Int32.self, n, a, r)
        case .int64: cast(Int64.self, n, a, r)
        case .uint8: cast(UInt8.self, n, a, r)
        case .uint16: cast(UInt16.self, n, a, r)
        case .uint32: cast(UInt32.self, n, a, r)
        case .uint64: cast(UInt64.self, n, a, r)
        case .float32: cast(Float.self, n, a, r)
        case .float64: cast(Double.self, n, a, r)
        case .float16: cast(Float16Element.self, n, a, r)
        case .bfloat16: cast(BFloat16Element.self, n, a, r)
        }
    }

    private func cast<S: KernelElement>(_: S.Type, _ n: Int, _ a: UnsafeMutableRawPointer, _ r: UnsafeMutableRawPointer) {
        switch resultType {
        case .bool: map(n, a, r) { (x: S) in BoolByte.cast(x) }
        case .int8: map(n, a, r) { (x: S) in Int8.cast(x) }
        case .int16: map(n, a, r) { (x: S) in Int16.cast(x) }
        case .int32: map(n, a, r) { (x: S) in Int32.cast(x) }
        case .int64: map(n, a, r) { (x: S) in Int64.cast(x) }
        case .uint8: map(n, a, r) { (x: S) in UInt8.cast(x) }
        case .uint16: map(n, a, r) { (x: S) in UInt16.cast(x) }
        case .uint32: map(n, a, r) { (x: S) in UInt32.cast(x) }
        case .uint64: map(n, a, r) { (x: S) in UInt64.cast(x) }
        case .float32: map(n, a, r) { (x: S) in Float.cast(x) }
        case .float64: map(n, a, r) { (x: S) in Double.cast(x) }
        case .float16: map(n, a, r) { (x: S) in Float16Element.cast(x) }
        case .bfloat16: map(n, a, r) { (x: S) in BFloat16Element.cast(x) }
        }
    }
}

/// The block VM's body: one loop over the block's `n` elements of typed operands.
private struct BlockBody<Element: KernelElement>: ElementwiseBody {
    let op: ElementwiseOp
    let n: Int
    let a, b, c, r: UnsafeMutableRawPointer
    /// The step's `broadcastOperands`.
    let broadcast: UInt8

    @inline(__always) func unary(_ f: (Element) -> Element) { map(n, a, r, f) }
    @inline(__always) func binary(_ f: (Element, Element) -> Element) { Kernels.binary(n, a, b, r, broadcast, f) }
    @inline(__always) func predicate(_ f: (Element) -> UInt8) { map(n, a, r, f) }
    @inline(__always) func comparison(_ f: (Element, Element) -> UInt8) { Kernels.binary(n, a, b, r, broadcast, f) }
    @inline(__always) func select(_ f: (UInt8, Element, Element) -> Element) { ternary(n, a, b, c, r, broadcast, f) }

    @inline(__always)
    func unaryBlock(_ f: (UnsafePointer<Element>, UnsafeMutablePointer<Element>, Int) -> Void) {
        f(typed(a), r.assumingMemoryBound(to: Element.self), n)
    }

    @inline(__always)
    func binaryBlock(_ f: (UnsafePointer<Element>, UnsafePointer<Element>, UnsafeMutablePointer<Element>, Int) -> Void) {
        f(typed(a), typed(b), r.assumingMemoryBound(to: Element.self), n)
    }

    func undefined() { preconditionFailure("[\(op.rawValue)] has no kernel for \(Element.dtype)") }
}

/// A body that only takes a comparison: the merged compare-select instructions. Any other
/// operation there is a planner error.
private protocol ComparisonOnlyBody: ElementwiseBody {
    var op: ElementwiseOp { get }
}

extension ComparisonOnlyBody {
    func unary(_ f: (Element) -> Element) { undefined() }
    func binary(_ f: (Element, Element) -> Element) { undefined() }
    func predicate(_ f: (Element) -> UInt8) { undefined() }
    func select(_ f: (UInt8, Element, Element) -> Element) { undefined() }
    func unaryBlock(_ f: (UnsafePointer<Element>, UnsafeMutablePointer<Element>, Int) -> Void) { undefined() }
    func binaryBlock(_ f: (UnsafePointer<Element>, UnsafePointer<Element>, UnsafeMutablePointer<Element>, Int) -> Void) { undefined() }
    func undefined() { preconditionFailure("[\(op.rawValue)] is not a comparison") }
}

/// `compare(x, y) ? p : q`, the comparison inlined into the loop.
private struct CompareSelectBody<Element: KernelElement>: ComparisonOnlyBody {
    let op: ElementwiseOp
    let n: Int
    let x, y, p, q: UnsafePointer<Element>
    let out: UnsafeMutablePointer<Element>

    @inline(__always)
    func comparison(_ compare: (Element, Element) -> UInt8) {
        loop(n, x, y, p, q, out) { Comparison.select(compare($0, $1), $2, $3) }
    }
}

/// `compare(x, y) ? u * v : other` (or the other way round), the comparison inlined.
private struct CompareSelectProductBody<Element: ArithmeticElement>: ComparisonOnlyBody {
    let op: ElementwiseOp
    let productWhenTrue: Bool
    let n: Int
    let x, y, other, u, v: UnsafePointer<Element>
    let out: UnsafeMutablePointer<Element>

    @inline(__always)
    func comparison(_ compare: (Element, Element) -> UInt8) {
        if productWhenTrue {
            loop(n, x, y, other, u, v, out) { Comparison.select(compare($0, $1), Element.multiply($3, $4), $2) }
        } else {
            loop(n, x, y, other, u, v, out) { Comparison.select(compare($0, $1), $2, Element.multiply($3, $4)) }
        }
    }
}
