extension VectorMath {
    /// Natural exponential of `count` floats. NumPy: `np.exp` on `float32`.
    ///
    /// Error at most 4 ulp (measured: 1.02 ulp) for every input, with no range limit:
    /// subnormal results are rounded correctly. `exp(+inf) = inf`, `exp(-inf) = 0`, overflow
    /// (x > 88.72) gives `inf`, underflow (x < -103.97) gives `0`, NaN stays NaN.
    static func exp(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, count: Int) {
        forEachVector(x, out, count: count, Exp.self)
    }

    /// Natural exponential of `count` doubles. NumPy: `np.exp` on `float64`.
    ///
    /// Error at most 4 ulp (measured: below 1 ulp) for every input, with no range limit:
    /// subnormal results are rounded correctly. Overflow (x > 709.78) gives `inf`, underflow
    /// (x < -745.13) gives `0`; other special values as for the `Float` version.
    static func exp(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, count: Int) {
        forEachVector(x, out, count: count, Exp.self)
    }

    /// `exp` of one vector of either precision, for `forEachVector`.
    enum Exp: VectorKernel {
        @inline(__always)
        static func apply(_ v: FloatVector) -> FloatVector {
            expKernel(v)
        }

        @inline(__always)
        static func apply(_ v: DoubleVector) -> DoubleVector {
            expKernel(v)
        }
    }

    /// `expKernel`'s float32 constants: `log2(e)`, then `ln 2` in two parts (`ln2High` so that
    /// `x - n ln2High` is exact). Shared with the C target (`CHelper.exponentialFloat32`), whose
    /// compiled kernels so compute the VM's bits.
    static let expFloatReduction: (log2e: Float, ln2High: Float, ln2Low: Float) = (0x1.715476p0, -0x1.62e430p-1, 0x1.05c610p-29)
    /// Cephes expf minimax polynomial for `(e^r - 1 - r) / r^2` on `[-ln2/2, ln2/2]`, highest
    /// degree first (shared with the C target, as `expFloatReduction`).
    static let expFloatPolynomial: (Float, Float, Float, Float, Float, Float) = (
        1.9875691500e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1)

    /// `e^x` for one vector, shared with tanh and sigmoid.
    ///
    /// Cody-Waite: `x = n ln2 + r` with `|r| <= ln2/2`, `e^x = 2^n e^r`. `ln2Hi` needs no
    /// trailing zeros: the fused multiply-add computes `x - n ln2Hi` exactly (the difference
    /// fits in 24 bits for every `n` reached). `2^n` is applied as two factors so that results
    /// in the subnormal range are rounded once, and no factor overflows the exponent field.
    ///
    /// `@_transparent` rather than `@inline(__always)`: see `VectorKernel`.
    @_transparent
    static func expKernel(_ x: FloatVector) -> FloatVector {
        // exp(89) overflows and exp(-104) rounds to zero, so the clamp changes no result.
        var xc = x.replacing(with: 89, where: x .> 89)
        xc = xc.replacing(with: -104, where: xc .< -104)
        // Adding 1.5 * 2^23 rounds to an integer and leaves it in the low mantissa bits.
        let shifter = FloatVector(repeating: 0x1.8p23)
        let (log2e, ln2High, ln2Low) = expFloatReduction
        let k = shifter.addingProduct(xc, FloatVector(repeating: log2e))
        let n = k - shifter
        var r = xc.addingProduct(n, FloatVector(repeating: ln2High))
        r = r.addingProduct(n, FloatVector(repeating: ln2Low))
        let c = expFloatPolynomial
        var p = multiplyAdd(FloatVector(repeating: c.0), r, c.1)
        p = multiplyAdd(p, r, c.2)
        p = multiplyAdd(p, r, c.3)
        p = multiplyAdd(p, r, c.4)
        p = multiplyAdd(p, r, c.5)
        let y = r.addingProduct(p, r * r) + 1
        // n is in [-150, 128]; halves in [-75, 64] keep both exponents in the normal range.
        let nInt = bits(k) &- bits(shifter)
        let n1 = nInt &>> 1
        let n2 = nInt &- n1
        let scale1 = float(bits: (n1 &+ 127) &<< 23)
        let scale2 = float(bits: (n2 &+ 127) &<< 23)
        return propagatingNaN(x, y * scale1 * scale2)
    }

    /// Double version of `expKernel`. The polynomial is the Taylor series to degree 13: its
    /// truncation error on `|r| <= ln2/2` is below 2^-57, far under half an ulp.
    @_transparent
    static func expKernel(_ x: DoubleVector) -> DoubleVector {
        // exp(710) overflows and exp(-746) rounds to zero, so the clamp changes no result.
        var xc = x.replacing(with: 710, where: x .> 710)
        xc = xc.replacing(with: -746, where: xc .< -746)
        let shifter = DoubleVector(repeating: 0x1.8p52)
        let k = shifter.addingProduct(xc, DoubleVector(repeating: 0x1.71547652b82fep0))
        let n = k - shifter
        var r = xc.addingProduct(n, DoubleVector(repeating: -0x1.62e42fefa39efp-1))
        r = r.addingProduct(n, DoubleVector(repeating: -0x1.abc9e3b39803fp-56))
        var p = multiplyAdd(DoubleVector(repeating: 1.0 / 6_227_020_800), r, 1.0 / 479_001_600)
        p = multiplyAdd(p, r, 1.0 / 39_916_800)
        p = multiplyAdd(p, r, 1.0 / 3_628_800)
        p = multiplyAdd(p, r, 1.0 / 362_880)
        p = multiplyAdd(p, r, 1.0 / 40_320)
        p = multiplyAdd(p, r, 1.0 / 5_040)
        p = multiplyAdd(p, r, 1.0 / 720)
        p = multiplyAdd(p, r, 1.0 / 120)
        p = multiplyAdd(p, r, 1.0 / 24)
        p = multiplyAdd(p, r, 1.0 / 6)
        p = multiplyAdd(p, r, 1.0 / 2)
        let y = r.addingProduct(p, r * r) + 1
        // n is in [-1077, 1025]; halves in [-539, 513] keep both exponents normal.
        let nInt = bits(k) &- bits(shifter)
        let n1 = nInt &>> 1
        let n2 = nInt &- n1
        let scale1 = double(bits: (n1 &+ 1023) &<< 52)
        let scale2 = double(bits: (n2 &+ 1023) &<< 52)
        return propagatingNaN(x, y * scale1 * scale2)
    }
}
