// The block VM's instruction dispatch: one switch per block and instruction, then a tight loop
// over concrete types calling the scalar definitions of ScalarSemantics.swift (inlined and
// vectorized), so fused kernels and the eager evaluator compute the same bits.

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
            case .int32: multiplyAdd(Int32.self, subtracting, n, a, b, c, r)
            case .int64: multiplyAdd(Int64.self, subtracting, n, a, b, c, r)
            case .bool: preconditionFailure("[multiplyAdd] has no kernel for bool")
            }
        case .compareSelect(let comparison):
            let d = pointers[fourth]
            switch operandType {
            case .float32: compareSelect(Float.self, comparison, n, a, b, c, d, r)
            case .float64: compareSelect(Double.self, comparison, n, a, b, c, d, r)
            case .int32: compareSelect(Int32.self, comparison, n, a, b, c, d, r)
            case .int64: compareSelect(Int64.self, comparison, n, a, b, c, d, r)
            case .bool: preconditionFailure("[compareSelect] has no kernel for bool")
            }
        case .compareSelectProduct(let comparison, let productWhenTrue):
            let d = pointers[fourth], e = pointers[fifth]
            switch operandType {
            case .float32: compareSelectProduct(Float.self, comparison, productWhenTrue, n, a, b, c, d, e, r)
            case .float64: compareSelectProduct(Double.self, comparison, productWhenTrue, n, a, b, c, d, e, r)
            case .int32: compareSelectProduct(Int32.self, comparison, productWhenTrue, n, a, b, c, d, e, r)
            case .int64: compareSelectProduct(Int64.self, comparison, productWhenTrue, n, a, b, c, d, e, r)
            case .bool: preconditionFailure("[compareSelectProduct] has no kernel for bool")
            }
        case .elementwise(let op):
            switch operandType {
            case .float32: floating(Float.self, op, n, a, b, c, r)
            case .float64: floating(Double.self, op, n, a, b, c, r)
            case .int32: integer(Int32.self, op, n, a, b, c, r)
            case .int64: integer(Int64.self, op, n, a, b, c, r)
            case .bool: boolean(op, n, a, b, c, r)
            }
        }
    }

    /// `a * b ± c` with the two scalar definitions in order: the same bits as two instructions.
    private func multiplyAdd<T: ArithmeticElement>(_: T.Type, _ subtracting: Bool, _ n: Int, _ a: UnsafeMutableRawPointer,
                                                   _ b: UnsafeMutableRawPointer, _ c: UnsafeMutableRawPointer, _ r: UnsafeMutableRawPointer) {
        if subtracting {
            map(n, a, b, c, r) { (x: T, y: T, z: T) in T.subtract(T.multiply(x, y), z) }
        } else {
            map(n, a, b, c, r) { (x: T, y: T, z: T) in T.add(T.multiply(x, y), z) }
        }
    }

    /// `compare(x, y) ? p : q` through the scalar definitions of the two instructions it replaces.
    private func compareSelect<T: Comparable>(_: T.Type, _ comparison: ElementwiseOp, _ n: Int, _ a: UnsafeMutableRawPointer,
                                              _ b: UnsafeMutableRawPointer, _ c: UnsafeMutableRawPointer,
                                              _ d: UnsafeMutableRawPointer, _ r: UnsafeMutableRawPointer) {
        let x = typed(a) as UnsafePointer<T>, y = typed(b) as UnsafePointer<T>
        let p = typed(c) as UnsafePointer<T>, q = typed(d) as UnsafePointer<T>, out = r.assumingMemoryBound(to: T.self)
        withComparison(comparison) { (compare: (T, T) -> UInt8) in
            loop(n, x, y, p, q, out) { Comparison.select(compare($0, $1), $2, $3) }
        }
    }

    /// Calls `body` with the scalar definition of `comparison` (inlined, so each loop is
    /// specialized to its comparison and vectorizes).
    @inline(__always)
    private func withComparison<T: Comparable>(_ comparison: ElementwiseOp, _ body: ((T, T) -> UInt8) -> Void) {
        switch comparison {
        case .equal: body(Comparison.equal)
        case .notEqual: body(Comparison.notEqual)
        case .less: body(Comparison.less)
        case .lessEqual: body(Comparison.lessEqual)
        case .greater: body(Comparison.greater)
        case .greaterEqual: body(Comparison.greaterEqual)
        default: preconditionFailure("[\(comparison.rawValue)] is not a comparison")
        }
    }

    /// `compare(x, y) ? u * v : other` (or the other way round) through the scalar definitions
    /// of the three instructions it replaces.
    private func compareSelectProduct<T: ArithmeticElement>(_: T.Type, _ comparison: ElementwiseOp, _ productWhenTrue: Bool,
                                                            _ n: Int, _ a: UnsafeMutableRawPointer, _ b: UnsafeMutableRawPointer,
                                                            _ c: UnsafeMutableRawPointer, _ d: UnsafeMutableRawPointer,
                                                            _ e: UnsafeMutableRawPointer, _ r: UnsafeMutableRawPointer) {
        let x = typed(a) as UnsafePointer<T>, y = typed(b) as UnsafePointer<T>, other = typed(c) as UnsafePointer<T>
        let u = typed(d) as UnsafePointer<T>, v = typed(e) as UnsafePointer<T>, out = r.assumingMemoryBound(to: T.self)
        withComparison(comparison) { (compare: (T, T) -> UInt8) in
            if productWhenTrue {
                loop(n, x, y, other, u, v, out) { Comparison.select(compare($0, $1), T.multiply($3, $4), $2) }
            } else {
                loop(n, x, y, other, u, v, out) { Comparison.select(compare($0, $1), $2, T.multiply($3, $4)) }
            }
        }
    }

    private func floating<T: BlockMathElement>(_: T.Type, _ op: ElementwiseOp, _ n: Int, _ a: UnsafeMutableRawPointer,
                                               _ b: UnsafeMutableRawPointer, _ c: UnsafeMutableRawPointer, _ r: UnsafeMutableRawPointer) {
        let x = UnsafePointer(a.assumingMemoryBound(to: T.self)), out = r.assumingMemoryBound(to: T.self)
        switch op {
        case .divide: map(n, a, b, r, T.divide as (T, T) -> T)
        case .sqrt: map(n, a, r, T.sqrt as (T) -> T)
        case .exp: T.blockExp(x, out, n)
        case .log: T.blockLog(x, out, n)
        case .sin: T.blockSin(x, out, n)
        case .cos: T.blockCos(x, out, n)
        case .tan: T.blockTan(x, out, n)
        case .tanh: T.blockTanh(x, out, n)
        case .sigmoid: T.blockSigmoid(x, out, n)
        default: arithmetic(T.self, op, n, a, b, c, r)
        }
    }

    private func integer<T: ArithmeticElement & BitwiseElement>(_: T.Type, _ op: ElementwiseOp, _ n: Int, _ a: UnsafeMutableRawPointer,
                                                                _ b: UnsafeMutableRawPointer, _ c: UnsafeMutableRawPointer, _ r: UnsafeMutableRawPointer) {
        switch op {
        case .bitAnd: map(n, a, b, r, T.bitAnd as (T, T) -> T)
        case .bitOr: map(n, a, b, r, T.bitOr as (T, T) -> T)
        case .bitXor: map(n, a, b, r, T.bitXor as (T, T) -> T)
        case .invert: map(n, a, r, T.invert as (T) -> T)
        default: arithmetic(T.self, op, n, a, b, c, r)
        }
    }

    private func boolean(_ op: ElementwiseOp, _ n: Int, _ a: UnsafeMutableRawPointer, _ b: UnsafeMutableRawPointer,
                         _ c: UnsafeMutableRawPointer, _ r: UnsafeMutableRawPointer) {
        switch op {
        case .bitAnd, .minimum: map(n, a, b, r, UInt8.bitAnd as (UInt8, UInt8) -> UInt8)
        case .bitOr, .maximum: map(n, a, b, r, UInt8.bitOr as (UInt8, UInt8) -> UInt8)
        case .bitXor: map(n, a, b, r, UInt8.bitXor as (UInt8, UInt8) -> UInt8)
        case .invert: map(n, a, r, UInt8.invert as (UInt8) -> UInt8)
        default: comparisonOrSelect(UInt8.self, op, n, a, b, c, r)
        }
    }

    private func arithmetic<T: ArithmeticElement>(_: T.Type, _ op: ElementwiseOp, _ n: Int, _ a: UnsafeMutableRawPointer,
                                                  _ b: UnsafeMutableRawPointer, _ c: UnsafeMutableRawPointer, _ r: UnsafeMutableRawPointer) {
        switch op {
        case .add: map(n, a, b, r, T.add as (T, T) -> T)
        case .subtract: map(n, a, b, r, T.subtract as (T, T) -> T)
        case .multiply: map(n, a, b, r, T.multiply as (T, T) -> T)
        case .remainder: map(n, a, b, r, T.remainder as (T, T) -> T)
        case .power: map(n, a, b, r, T.power as (T, T) -> T)
        case .maximum: map(n, a, b, r, T.maximum as (T, T) -> T)
        case .minimum: map(n, a, b, r, T.minimum as (T, T) -> T)
        case .negate: map(n, a, r, T.negate as (T) -> T)
        case .absolute: map(n, a, r, T.absolute as (T) -> T)
        case .square: map(n, a, r, T.square as (T) -> T)
        case .relu: map(n, a, r, T.relu as (T) -> T)
        case .floor: map(n, a, r, T.floor as (T) -> T)
        case .ceil: map(n, a, r, T.ceil as (T) -> T)
        default: comparisonOrSelect(T.self, op, n, a, b, c, r)
        }
    }

    private func comparisonOrSelect<T: Comparable>(_: T.Type, _ op: ElementwiseOp, _ n: Int, _ a: UnsafeMutableRawPointer,
                                                   _ b: UnsafeMutableRawPointer, _ c: UnsafeMutableRawPointer, _ r: UnsafeMutableRawPointer) {
        switch op {
        case .equal: map(n, a, b, r, Comparison.equal as (T, T) -> UInt8)
        case .notEqual: map(n, a, b, r, Comparison.notEqual as (T, T) -> UInt8)
        case .less: map(n, a, b, r, Comparison.less as (T, T) -> UInt8)
        case .lessEqual: map(n, a, b, r, Comparison.lessEqual as (T, T) -> UInt8)
        case .greater: map(n, a, b, r, Comparison.greater as (T, T) -> UInt8)
        case .greaterEqual: map(n, a, b, r, Comparison.greaterEqual as (T, T) -> UInt8)
        case .select: map(n, a, b, c, r, Comparison.select as (UInt8, T, T) -> T)
        case .identity: map(n, a, r) { (x: T) in x }
        default: preconditionFailure("[\(op.rawValue)] has no kernel for \(operandType)")
        }
    }

    private func castBlock(_ n: Int, _ a: UnsafeMutableRawPointer, _ r: UnsafeMutableRawPointer) {
        switch operandType {
        case .bool: cast(UInt8.self, n, a, r)
        case .int32: cast(Int32.self, n, a, r)
        case .int64: cast(Int64.self, n, a, r)
        case .float32: cast(Float.self, n, a, r)
        case .float64: cast(Double.self, n, a, r)
        }
    }

    private func cast<S: KernelElement>(_: S.Type, _ n: Int, _ a: UnsafeMutableRawPointer, _ r: UnsafeMutableRawPointer) {
        switch resultType {
        case .bool: map(n, a, r) { (x: S) in UInt8.cast(x) }
        case .int32: map(n, a, r) { (x: S) in Int32.cast(x) }
        case .int64: map(n, a, r) { (x: S) in Int64.cast(x) }
        case .float32: map(n, a, r) { (x: S) in Float.cast(x) }
        case .float64: map(n, a, r) { (x: S) in Double.cast(x) }
        }
    }
}
