extension VectorMath {
    /// Arcsine of `count` floats, in [-pi/2, pi/2]. NumPy: `np.arcsin` on `float32`.
    ///
    /// Error at most 2 ulp for every input. `asin(±0) = ±0`, `asin(±1) = ±pi/2`,
    /// `|x| > 1` (±inf included) gives NaN, NaN stays NaN.
    static func asin(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, count: Int) {
        forEachVector(x, out, count: count, Asin.self)
    }

    /// Arcsine of `count` doubles, in [-pi/2, pi/2]. NumPy: `np.arcsin` on `float64`.
    ///
    /// Error at most 3 ulp for every input. Special values as for the `Float` version.
    static func asin(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, count: Int) {
        forEachVector(x, out, count: count, Asin.self)
    }

    /// `asin` of one vector of either precision, for `forEachVector`.
    enum Asin: VectorKernel {
        @inline(__always)
        static func apply(_ v: FloatVector) -> FloatVector {
            let magnitude = float(bits: bits(v) & 0x7fff_ffff)
            let (y, near1) = arcsineKernel(magnitude)
            // asin(a) = pi/2 - 2 asin(sqrt((1 - a) / 2)) above 1/2.
            let (hi, lo) = (FloatVector(repeating: 0x1.921fb6p0), FloatVector(repeating: -0x1.777a5cp-25))
            let far = hi.addingProduct(-2, y) + lo
            let r = y.replacing(with: far, where: near1)
            return propagatingNaN(v, float(bits: bits(r) | (bits(v) & Int32.min)))
        }

        @inline(__always)
        static func apply(_ v: DoubleVector) -> DoubleVector {
            let magnitude = double(bits: bits(v) & Int64.max)
            let (y, near1) = arcsineKernel(magnitude)
            let (hi, lo) = (DoubleVector(repeating: 0x1.921fb54442d18p0), DoubleVector(repeating: 0x1.1a62633145c07p-54))
            let far = hi.addingProduct(-2, y) + lo
            let r = y.replacing(with: far, where: near1)
            return propagatingNaN(v, double(bits: bits(r) | (bits(v) & Int64.min)))
        }
    }

    /// Arccosine of `count` floats, in [0, pi]. NumPy: `np.arccos` on `float32`.
    ///
    /// Error at most 2 ulp for every input. `acos(1) = +0`, `acos(-1) = pi`, `acos(0) = pi/2`,
    /// `|x| > 1` (±inf included) gives NaN, NaN stays NaN.
    static func acos(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, count: Int) {
        forEachVector(x, out, count: count, Acos.self)
    }

    /// Arccosine of `count` doubles, in [0, pi]. NumPy: `np.arccos` on `float64`.
    ///
    /// Error at most 2 ulp for every input. Special values as for the `Float` version.
    static func acos(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, count: Int) {
        forEachVector(x, out, count: count, Acos.self)
    }

    /// `acos` of one vector of either precision, for `forEachVector`.
    enum Acos: VectorKernel {
        @inline(__always)
        static func apply(_ v: FloatVector) -> FloatVector {
            let magnitude = float(bits: bits(v) & 0x7fff_ffff)
            let (y, near1) = arcsineKernel(magnitude)
            let signed = float(bits: bits(y) | (bits(v) & Int32.min))
            // acos(x) = pi/2 - asin(x) up to |x| = 1/2; above, 2 asin(sqrt((1 - |x|) / 2)) for
            // x > 0 and pi - 2 asin(sqrt((1 - |x|) / 2)) for x < 0: c + b y with signed y.
            let negative = bits(v) &>> 31
            var hi = FloatVector(repeating: 0x1.921fb6p0)
            var lo = FloatVector(repeating: -0x1.777a5cp-25)
            hi = hi.replacing(with: select(negative, FloatVector(repeating: 0x1.921fb6p1), .zero), where: near1)
            lo = lo.replacing(with: select(negative, FloatVector(repeating: -0x1.777a5cp-24), .zero), where: near1)
            let slope = FloatVector(repeating: -1).replacing(with: 2, where: near1)
            return propagatingNaN(v, hi.addingProduct(slope, signed) + lo)
        }

        @inline(__always)
        static func apply(_ v: DoubleVector) -> DoubleVector {
            let magnitude = double(bits: bits(v) & Int64.max)
            let (y, near1) = arcsineKernel(magnitude)
            let signed = double(bits: bits(y) | (bits(v) & Int64.min))
            let negative = SIMD4<Int64>(truncatingIfNeeded: 0 &- (unsafeBitCast(v, to: SIMD4<UInt64>.self) &>> 63))
            var hi = DoubleVector(repeating: 0x1.921fb54442d18p0)
            var lo = DoubleVector(repeating: 0x1.1a62633145c07p-54)
            hi = hi.replacing(with: select(negative, DoubleVector(repeating: 0x1.921fb54442d18p1), .zero), where: near1)
            lo = lo.replacing(with: select(negative, DoubleVector(repeating: 0x1.1a62633145c07p-53), .zero), where: near1)
            let slope = DoubleVector(repeating: -1).replacing(with: 2, where: near1)
            return propagatingNaN(v, hi.addingProduct(slope, signed) + lo)
        }
    }

    /// For `a = |x|`: `asin(a)` up to 1/2 and `asin(sqrt((1 - a) / 2))` above (`near1` true),
    /// both arguments at most 1/2. `(1 - a) / 2` is exact (Sterbenz); above 1 it is negative
    /// and the square root gives NaN, as it should.
    ///
    /// Cephes `asinf`: `asin(s) = s + s z P(z)` with `z = s^2`, a minimax polynomial.
    @inline(__always)
    static func arcsineKernel(_ a: FloatVector) -> (FloatVector, near1: SIMDMask<SIMD8<Int32>>) {
        let near1 = a .> 0.5
        let z = (a * a).replacing(with: 0.5 - 0.5 * a, where: near1)
        let s = a.replacing(with: z.squareRoot(), where: near1)
        var p = multiplyAdd(FloatVector(repeating: 4.2163199048e-2), z, 2.4181311049e-2)
        p = multiplyAdd(p, z, 4.5470025998e-2)
        p = multiplyAdd(p, z, 7.4953002686e-2)
        p = multiplyAdd(p, z, 1.6666752422e-1)
        return (s.addingProduct(s * z, p), near1)
    }

    /// Double version of `arcsineKernel`, with fdlibm's `e_asin.c` rational approximation
    /// `asin(s) = s + s R(z)`, `R = z P(z) / Q(z)`.
    @inline(__always)
    static func arcsineKernel(_ a: DoubleVector) -> (DoubleVector, near1: SIMDMask<SIMD4<Int64>>) {
        let near1 = a .> 0.5
        let z = (a * a).replacing(with: 0.5 - 0.5 * a, where: near1)
        let s = a.replacing(with: z.squareRoot(), where: near1)
        var p = multiplyAdd(DoubleVector(repeating: 3.47933107596021167570e-05), z, 7.91534994289814532176e-04)
        p = multiplyAdd(p, z, -4.00555345006794114027e-02)
        p = multiplyAdd(p, z, 2.01212532134862925881e-01)
        p = multiplyAdd(p, z, -3.25565818622400915405e-01)
        p = multiplyAdd(p, z, 1.66666666666666657415e-01) * z
        var q = multiplyAdd(DoubleVector(repeating: 7.70381505559019352791e-02), z, -6.88283971605453293030e-01)
        q = multiplyAdd(q, z, 2.02094576023350569471e+00)
        q = multiplyAdd(q, z, -2.40339491173441421878e+00)
        q = multiplyAdd(q, z, 1)
        return (s.addingProduct(s, p / q), near1)
    }
}
