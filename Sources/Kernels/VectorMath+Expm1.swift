extension VectorMath {
    /// `exp(x) - 1` of `count` floats, accurate for tiny `x`. NumPy: `np.expm1` on `float32`.
    ///
    /// Error at most 2 ulp for every input. Overflow (x > 88.72) gives `inf`, `x < -17.4`
    /// gives -1, `expm1(-inf) = -1`, `expm1(±0) = ±0`, NaN stays NaN.
    static func expm1(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, count: Int) {
        forEachVector(x, out, count: count, Expm1.self)
    }

    /// `exp(x) - 1` of `count` doubles, accurate for tiny `x`. NumPy: `np.expm1` on `float64`.
    ///
    /// Error at most 2 ulp for every input. Overflow (x > 709.78) gives `inf`, `x < -37.5`
    /// gives -1; other special values as for the `Float` version.
    static func expm1(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, count: Int) {
        forEachVector(x, out, count: count, Expm1.self)
    }

    /// `expm1` of one vector of either precision, for `forEachVector`.
    enum Expm1: VectorKernel {
        @inline(__always)
        static func apply(_ v: FloatVector) -> FloatVector {
            // expm1(89) overflows and expm1(-30) rounds to -1, so the clamp changes no result.
            var xc = v.replacing(with: 89, where: v .> 89)
            xc = xc.replacing(with: -30, where: xc .< -30)
            let (p, n) = expm1Reduction(xc)
            return expm1Result(v, p: p, halfScale: exponentScale(n &- 1))
        }

        @inline(__always)
        static func apply(_ v: DoubleVector) -> DoubleVector {
            var xc = v.replacing(with: 710, where: v .> 710)
            xc = xc.replacing(with: -45, where: xc .< -45)
            let (p, n) = expm1Reduction(xc)
            return expm1Result(v, p: p, halfScale: exponentScale(n &- 1))
        }
    }

    /// `expm1(x) = 2^n (1 + p) - 1` from `expm1Reduction`, given `halfScale = 2^(n-1)`:
    /// computed as `2 (p 2^(n-1) + (2^(n-1) - 1/2))`, the same roundings as `p 2^n + (2^n - 1)`
    /// scaled by one half, so that `n = 128` (or 1024) still has a normal scale. Below 2^-30
    /// (2^-60) `expm1(x)` rounds to `x`, which also keeps -0 and subnormals exact.
    @inline(__always)
    static func expm1Result(_ x: FloatVector, p: FloatVector, halfScale: FloatVector) -> FloatVector {
        let r = 2 * (halfScale - 0.5).addingProduct(p, halfScale)
        let tiny = float(bits: bits(x) & 0x7fff_ffff) .< 0x1p-30
        return propagatingNaN(x, r.replacing(with: x, where: tiny))
    }

    @inline(__always)
    static func expm1Result(_ x: DoubleVector, p: DoubleVector, halfScale: DoubleVector) -> DoubleVector {
        let r = 2 * (halfScale - 0.5).addingProduct(p, halfScale)
        let tiny = double(bits: bits(x) & Int64.max) .< 0x1p-60
        return propagatingNaN(x, r.replacing(with: x, where: tiny))
    }

    /// Reduces `x = n ln2 + r` with `|r| <= ln2/2` and returns `p = e^r - 1` and `n`, so that
    /// `e^x = 2^n (1 + p)`. Unlike `expKernel`, `p` keeps its full relative accuracy when it is
    /// small, which `expm1` needs; `x` must be finite and clamped so that `|n| < 2^22`.
    ///
    /// `ln2Hi` has 16 significant bits, so `n ln2Hi` is exact; the polynomial is the minimax
    /// one for `(e^r - 1 - r) / r^2` of ARM's optimized-routines `expm1f`.
    @inline(__always)
    static func expm1Reduction(_ x: FloatVector) -> (p: FloatVector, n: SIMD8<Int32>) {
        let shifter = FloatVector(repeating: 0x1.8p23)
        let k = shifter.addingProduct(x, FloatVector(repeating: 0x1.715476p0))
        let n = k - shifter
        var r = x.addingProduct(n, FloatVector(repeating: -0x1.62e4p-1))
        r = r.addingProduct(n, FloatVector(repeating: -0x1.7f7d1cp-20))
        var q = multiplyAdd(FloatVector(repeating: 0x1.6b55a2p-10), r, 0x1.12287cp-7)
        q = multiplyAdd(q, r, 0x1.555736p-5)
        q = multiplyAdd(q, r, 0x1.5554aep-3)
        q = multiplyAdd(q, r, 0x1.fffffep-2)
        return (r.addingProduct(r * r, q), bits(k) &- bits(shifter))
    }

    /// Double version of `expm1Reduction`: ARM's optimized-routines `expm1` polynomial (degree
    /// 12 in `r`); `ln2` in two parts as in `expKernel`.
    @inline(__always)
    static func expm1Reduction(_ x: DoubleVector) -> (p: DoubleVector, n: SIMD4<Int64>) {
        let shifter = DoubleVector(repeating: 0x1.8p52)
        let k = shifter.addingProduct(x, DoubleVector(repeating: 0x1.71547652b82fep0))
        let n = k - shifter
        var r = x.addingProduct(n, DoubleVector(repeating: -0x1.62e42fefa39efp-1))
        r = r.addingProduct(n, DoubleVector(repeating: -0x1.abc9e3b39803fp-56))
        var q = multiplyAdd(DoubleVector(repeating: 0x1.1f143d060a28ap-29), r, 0x1.af5eedae67435p-26)
        q = multiplyAdd(q, r, 0x1.27e517fc0d54bp-22)
        q = multiplyAdd(q, r, 0x1.71ddf82db5bb4p-19)
        q = multiplyAdd(q, r, 0x1.a01a018b4ecbbp-16)
        q = multiplyAdd(q, r, 0x1.a01a01affa35dp-13)
        q = multiplyAdd(q, r, 0x1.6c16c16c1b5f3p-10)
        q = multiplyAdd(q, r, 0x1.111111110f663p-7)
        q = multiplyAdd(q, r, 0x1.555555555554bp-5)
        q = multiplyAdd(q, r, 0x1.5555555555559p-3)
        q = multiplyAdd(q, r, 0.5)
        return (r.addingProduct(r * r, q), bits(k) &- bits(shifter))
    }

    /// `2^n` for `n` in the normal exponent range [-126, 127].
    @inline(__always)
    static func exponentScale(_ n: SIMD8<Int32>) -> FloatVector { float(bits: (n &+ 127) &<< 23) }

    /// `2^n` for `n` in the normal exponent range [-1022, 1023].
    @inline(__always)
    static func exponentScale(_ n: SIMD4<Int64>) -> DoubleVector { double(bits: (n &+ 1023) &<< 52) }
}
