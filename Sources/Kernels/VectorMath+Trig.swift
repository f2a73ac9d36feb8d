import Glibc

extension VectorMath {
    /// Largest `|x|` the vectorized float sine, cosine and tangent take; a vector with a larger
    /// (or non-finite) lane goes to Glibc. Beyond it the 72 bits of pi/2 in the Cody-Waite
    /// constants no longer cover `q` times their truncation error near multiples of pi/2, and
    /// the shifter trick needs `|x 2/pi| < 2^22`.
    static let trigLimitFloat: Float = 0x1p17

    /// Largest `|x|` the vectorized double sine, cosine and tangent take; a vector with a larger
    /// (or non-finite) lane goes to Glibc. Chosen with a wide margin: the 159 bits of pi/2 in
    /// the constants and the shifter (`|x 2/pi| < 2^51`) would allow more.
    static let trigLimitDouble: Double = 0x1p30

    /// Sine of `count` floats. NumPy: `np.sin` on `float32`.
    ///
    /// Error at most 4 ulp for every input (measured: 1.5 ulp); the vector path covers
    /// `|x| <= 2^17`, larger magnitudes, ±inf (giving NaN) and NaN go through Glibc `sinf`.
    static func sin(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, count: Int) {
        forEachVector(x, out, count: count, Sin.self)
    }

    /// Cosine of `count` floats. NumPy: `np.cos` on `float32`.
    ///
    /// Error at most 4 ulp for every input (measured: 1.5 ulp); the vector path covers
    /// `|x| <= 2^17`, larger magnitudes, ±inf (giving NaN) and NaN go through Glibc `cosf`.
    static func cos(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, count: Int) {
        forEachVector(x, out, count: count, Cos.self)
    }

    /// Tangent of `count` floats. NumPy: `np.tan` on `float32`.
    ///
    /// Error at most 4 ulp for every input (measured: 3.6 ulp, the least margin of all: two
    /// roundings of the reduced argument are amplified by the slope of tan near pi/4, then the
    /// division rounds). The vector path covers `|x| <= 2^17`; larger magnitudes, ±inf (giving
    /// NaN) and NaN go through Glibc `tanf`.
    static func tan(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, count: Int) {
        forEachVector(x, out, count: count, Tan.self)
    }

    /// Sine of `count` doubles. NumPy: `np.sin` on `float64`.
    ///
    /// Error at most 4 ulp for every input (measured: 1.5 ulp); the vector path covers
    /// `|x| <= 2^30`, larger magnitudes, ±inf (giving NaN) and NaN go through Glibc `sin`.
    static func sin(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, count: Int) {
        forEachVector(x, out, count: count, Sin.self)
    }

    /// Cosine of `count` doubles. NumPy: `np.cos` on `float64`.
    ///
    /// Error at most 4 ulp for every input (measured: 1.5 ulp); the vector path covers
    /// `|x| <= 2^30`, larger magnitudes, ±inf (giving NaN) and NaN go through Glibc `cos`.
    static func cos(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, count: Int) {
        forEachVector(x, out, count: count, Cos.self)
    }

    /// Tangent of `count` doubles. NumPy: `np.tan` on `float64`.
    ///
    /// Error at most 4 ulp for every input (measured: 2.7 ulp); the vector path covers
    /// `|x| <= 2^30`, larger magnitudes, ±inf (giving NaN) and NaN go through Glibc `tan`.
    static func tan(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, count: Int) {
        forEachVector(x, out, count: count, Tan.self)
    }

    /// `sin` of one vector of either precision, for `forEachVector`.
    enum Sin: VectorKernel {
        @inline(__always)
        static func apply(_ v: FloatVector) -> FloatVector {
            guard allMagnitudes(v, atMost: trigLimitFloat) else { return scalarMap(v, Glibc.sinf) }
            let (s, c, q) = sinCosKernel(v)
            return sinFromQuadrant(s, c, q)
        }

        @inline(__always)
        static func apply(_ v: DoubleVector) -> DoubleVector {
            guard allMagnitudes(v, atMost: trigLimitDouble) else { return scalarMap(v, Glibc.sin) }
            let (s, c, q) = sinCosKernel(v)
            return sinFromQuadrant(s, c, q)
        }
    }

    /// `cos` of one vector of either precision, for `forEachVector`.
    enum Cos: VectorKernel {
        @inline(__always)
        static func apply(_ v: FloatVector) -> FloatVector {
            guard allMagnitudes(v, atMost: trigLimitFloat) else { return scalarMap(v, Glibc.cosf) }
            let (s, c, q) = sinCosKernel(v)
            // cos(x) = sin(x + pi/2): one quadrant further.
            return sinFromQuadrant(s, c, q &+ 1)
        }

        @inline(__always)
        static func apply(_ v: DoubleVector) -> DoubleVector {
            guard allMagnitudes(v, atMost: trigLimitDouble) else { return scalarMap(v, Glibc.cos) }
            let (s, c, q) = sinCosKernel(v)
            return sinFromQuadrant(s, c, q &+ 1)
        }
    }

    /// `tan` of one vector of either precision, for `forEachVector`.
    enum Tan: VectorKernel {
        @inline(__always)
        static func apply(_ v: FloatVector) -> FloatVector {
            guard allMagnitudes(v, atMost: trigLimitFloat) else { return scalarMap(v, Glibc.tanf) }
            let (s, c, q) = sinCosKernel(v)
            // tan = sin(r) / cos(r) in even quadrants and -cos(r) / sin(r) in odd ones.
            let odd = 0 &- (q & 1)
            return select(odd, c, s) / select(odd, -s, c)
        }

        @inline(__always)
        static func apply(_ v: DoubleVector) -> DoubleVector {
            guard allMagnitudes(v, atMost: trigLimitDouble) else { return scalarMap(v, Glibc.tan) }
            let (s, c, q) = sinCosKernel(v)
            let odd = 0 &- (q & 1)
            return select(odd, c, s) / select(odd, -s, c)
        }
    }

    /// Reduces `x = q pi/2 + r` with `|r| <= pi/4` (about) and returns `sin(r)`, `cos(r)` and
    /// the quadrant `q` (only its two low bits matter).
    ///
    /// Three-part Cody-Waite reduction with fused multiply-adds: `x - q c1` is exact, so only
    /// the two later steps round, and the 72 bits of pi/2 in `c1 + c2 + c3` keep the error
    /// relative to `r` below an ulp for `|x| <= 2^17`, including `x` near multiples of pi/2.
    @inline(__always)
    static func sinCosKernel(_ x: FloatVector) -> (sin: FloatVector, cos: FloatVector, quadrant: SIMD8<Int32>) {
        let shifter = FloatVector(repeating: 0x1.8p23)
        let k = shifter.addingProduct(x, FloatVector(repeating: 0x1.45f306p-1))
        let q = k - shifter
        var r = x.addingProduct(q, FloatVector(repeating: -0x1.921fb6p0))
        r = r.addingProduct(q, FloatVector(repeating: 0x1.777a5cp-25))
        r = r.addingProduct(q, FloatVector(repeating: 0x1.ee59dap-50))
        let z = r * r
        // Cephes sinf and cosf minimax polynomials on [-pi/4, pi/4].
        var ps = multiplyAdd(FloatVector(repeating: -1.9515295891e-4), z, 8.3321608736e-3)
        ps = multiplyAdd(ps, z, -1.6666654611e-1)
        // The reduction turns x = -0 into r = +0; sin(-0) must stay -0.
        let s = select(zeroMask(x), x, r.addingProduct(r * z, ps))
        var pc = multiplyAdd(FloatVector(repeating: 2.443315711809948e-5), z, -1.388731625493765e-3)
        pc = multiplyAdd(pc, z, 4.166664568298827e-2)
        // 1 - z/2 + z^2 pc, adding the small terms first so that only the last step rounds
        // against 1.
        let c = (z * -0.5).addingProduct(z * z, pc) + 1
        return (s, c, bits(k))
    }

    /// Double version of `sinCosKernel`: the reduction constants are three doubles (159 bits of
    /// pi/2), the polynomials fdlibm's `k_sin.c` and `k_cos.c` (error below 1 ulp).
    @inline(__always)
    static func sinCosKernel(_ x: DoubleVector) -> (sin: DoubleVector, cos: DoubleVector, quadrant: SIMD4<Int64>) {
        let shifter = DoubleVector(repeating: 0x1.8p52)
        let k = shifter.addingProduct(x, DoubleVector(repeating: 0x1.45f306dc9c883p-1))
        let q = k - shifter
        var r = x.addingProduct(q, DoubleVector(repeating: -0x1.921fb54442d18p0))
        r = r.addingProduct(q, DoubleVector(repeating: -0x1.1a62633145c07p-54))
        r = r.addingProduct(q, DoubleVector(repeating: 0x1.f1976b7ed8fbcp-110))
        let z = r * r
        var ps = multiplyAdd(DoubleVector(repeating: 1.58969099521155010221e-10), z, -2.50507602534068634195e-08)
        ps = multiplyAdd(ps, z, 2.75573137070700676789e-06)
        ps = multiplyAdd(ps, z, -1.98412698298579493134e-04)
        ps = multiplyAdd(ps, z, 8.33333333332248946124e-03)
        ps = multiplyAdd(ps, z, -1.66666666666666324348e-01)
        let s = select(zeroMask(x), x, r.addingProduct(r * z, ps))
        var pc = multiplyAdd(DoubleVector(repeating: -1.13596475577881948265e-11), z, 2.08757232129817482790e-09)
        pc = multiplyAdd(pc, z, -2.75573143513906633035e-07)
        pc = multiplyAdd(pc, z, 2.48015872894767294178e-05)
        pc = multiplyAdd(pc, z, -1.38888888888741095749e-03)
        pc = multiplyAdd(pc, z, 4.16666666666666019037e-02)
        // k_cos.c: w = 1 - z/2 rounded, plus the rounding error of w recovered exactly, plus
        // z^2 pc.
        let half = z * 0.5
        let w = 1 - half
        let c = w + (((1 - w) - half) + z * z * pc)
        return (s, c, bits(k))
    }

    /// `sin(q pi/2 + r)` from `sin(r)`, `cos(r)`: odd quadrants take the cosine, quadrants 2
    /// and 3 flip the sign.
    @inline(__always)
    static func sinFromQuadrant(_ s: FloatVector, _ c: FloatVector, _ q: SIMD8<Int32>) -> FloatVector {
        let v = select(0 &- (q & 1), c, s)
        return float(bits: bits(v) ^ ((q & 2) &<< 30))
    }

    @inline(__always)
    static func sinFromQuadrant(_ s: DoubleVector, _ c: DoubleVector, _ q: SIMD4<Int64>) -> DoubleVector {
        let v = select(0 &- (q & 1), c, s)
        return double(bits: bits(v) ^ ((q & 2) &<< 62))
    }
}
