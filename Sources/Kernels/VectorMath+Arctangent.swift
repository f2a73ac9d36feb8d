extension VectorMath {
    /// Arctangent of `count` floats, in [-pi/2, pi/2]. NumPy: `np.arctan` on `float32`.
    ///
    /// Error at most 3 ulp for every input. `atan(±inf) = ±pi/2`, `atan(±0) = ±0`, NaN stays
    /// NaN.
    static func atan(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, count: Int) {
        forEachVector(x, out, count: count, Atan.self)
    }

    /// Arctangent of `count` doubles, in [-pi/2, pi/2]. NumPy: `np.arctan` on `float64`.
    ///
    /// Error at most 2 ulp for every input. Special values as for the `Float` version.
    static func atan(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, count: Int) {
        forEachVector(x, out, count: count, Atan.self)
    }

    /// `atan` of one vector of either precision, for `forEachVector`.
    enum Atan: VectorKernel {
        @inline(__always)
        static func apply(_ v: FloatVector) -> FloatVector {
            let r = arctangentKernel(float(bits: bits(v) & 0x7fff_ffff))
            return propagatingNaN(v, float(bits: bits(r) | (bits(v) & Int32.min)))
        }

        @inline(__always)
        static func apply(_ v: DoubleVector) -> DoubleVector {
            let r = arctangentKernel(double(bits: bits(v) & Int64.max))
            return propagatingNaN(v, double(bits: bits(r) | (bits(v) & Int64.min)))
        }
    }

    /// Angle of the point `(x, y)` for `count` pairs, in [-pi, pi]. NumPy: `np.arctan2(y, x)`
    /// on `float32` (note the argument order: `y` first).
    ///
    /// Error at most 3 ulp for every input. C99's table for zeros and infinities:
    /// `atan2(±0, +0) = ±0`, `atan2(±0, -0) = ±pi`, `atan2(±0, x < 0) = ±pi`,
    /// `atan2(y, ±0) = ±pi/2` for `y != 0`, `atan2(±y, -inf) = ±pi` and `atan2(±y, +inf) = ±0`
    /// for finite `y`, `atan2(±inf, x) = ±pi/2` for finite `x`, `atan2(±inf, -inf) = ±3pi/4`,
    /// `atan2(±inf, +inf) = ±pi/4`; NaN in either argument gives NaN.
    static func atan2(
        _ y: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, count: Int
    ) {
        forEachVectorPair(y, x, out, count: count, Atan2.self)
    }

    /// Angle of the point `(x, y)` for `count` pairs, in [-pi, pi]. NumPy: `np.arctan2(y, x)`
    /// on `float64` (note the argument order: `y` first).
    ///
    /// Error at most 2 ulp for every input. Special values as for the `Float` version.
    static func atan2(
        _ y: UnsafePointer<Double>, _ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, count: Int
    ) {
        forEachVectorPair(y, x, out, count: count, Atan2.self)
    }

    /// `atan2` of one pair of vectors of either precision, for `forEachVectorPair`.
    enum Atan2: VectorPairKernel {
        @inline(__always)
        static func apply(_ vy: FloatVector, _ vx: FloatVector) -> FloatVector {
            let ax = float(bits: bits(vx) & 0x7fff_ffff)
            let ay = float(bits: bits(vy) & 0x7fff_ffff)
            // atan(min / max) in [0, pi/4]; 0/0 and inf/inf are the only undefined quotients.
            let steep = ay .> ax
            let numerator = ay.replacing(with: ax, where: steep)
            let denominator = ax.replacing(with: ay, where: steep)
            var t = (numerator / denominator).replacing(with: 0, where: denominator .== 0)
            t = t.replacing(with: 1, where: numerator .== .infinity)
            let angle = arctangentKernel(t)
            // Quadrants: c + angle or c - angle with c = 0, pi/2 or pi.
            let negative = bits(vx) &>> 31
            var hi = select(negative, FloatVector(repeating: 0x1.921fb6p1), .zero)
            var lo = select(negative, FloatVector(repeating: -0x1.777a5cp-24), .zero)
            hi = hi.replacing(with: 0x1.921fb6p0, where: steep)
            lo = lo.replacing(with: -0x1.777a5cp-25, where: steep)
            var signed = float(bits: bits(angle) ^ (negative & Int32.min))
            signed = signed.replacing(with: -signed, where: steep)
            let r = hi + (signed + lo)
            return propagatingNaN(vx, propagatingNaN(vy, float(bits: bits(r) | (bits(vy) & Int32.min))))
        }

        @inline(__always)
        static func apply(_ vy: DoubleVector, _ vx: DoubleVector) -> DoubleVector {
            let ax = double(bits: bits(vx) & Int64.max)
            let ay = double(bits: bits(vy) & Int64.max)
            let steep = ay .> ax
            let numerator = ay.replacing(with: ax, where: steep)
            let denominator = ax.replacing(with: ay, where: steep)
            var t = (numerator / denominator).replacing(with: 0, where: denominator .== 0)
            t = t.replacing(with: 1, where: numerator .== .infinity)
            let angle = arctangentKernel(t)
            let negative = SIMD4<Int64>(truncatingIfNeeded: 0 &- (unsafeBitCast(vx, to: SIMD4<UInt64>.self) &>> 63))
            var hi = select(negative, DoubleVector(repeating: 0x1.921fb54442d18p1), .zero)
            var lo = select(negative, DoubleVector(repeating: 0x1.1a62633145c07p-53), .zero)
            hi = hi.replacing(with: 0x1.921fb54442d18p0, where: steep)
            lo = lo.replacing(with: 0x1.1a62633145c07p-54, where: steep)
            var signed = double(bits: bits(angle) ^ (negative & Int64.min))
            signed = signed.replacing(with: -signed, where: steep)
            let r = hi + (signed + lo)
            return propagatingNaN(vx, propagatingNaN(vy, double(bits: bits(r) | (bits(vy) & Int64.min))))
        }
    }

    /// `atan(a)` for `a >= 0` (+inf included; NaN gives NaN).
    ///
    /// Cephes `atanf`: `a` above tan(3pi/8) maps to `-1/a` (adding pi/2), above tan(pi/8) to
    /// `(a - 1) / (a + 1)` (adding pi/4), so that the odd minimax polynomial only sees
    /// `|t| <= tan(pi/8)`. The offsets are added in two parts, their low part first.
    ///
    /// `@_transparent` rather than `@inline(__always)`: see `VectorKernel`.
    @_transparent
    static func arctangentKernel(_ a: FloatVector) -> FloatVector {
        let steep = a .> 2.414213562373095
        let middle = a .> 0.4142135623730950
        var numerator = a.replacing(with: a - 1, where: middle)
        var denominator = FloatVector(repeating: 1).replacing(with: a + 1, where: middle)
        var hi = FloatVector.zero.replacing(with: 0x1.921fb6p-1, where: middle)
        var lo = FloatVector.zero.replacing(with: -0x1.777a5cp-26, where: middle)
        numerator = numerator.replacing(with: -1, where: steep)
        denominator = denominator.replacing(with: a, where: steep)
        hi = hi.replacing(with: 0x1.921fb6p0, where: steep)
        lo = lo.replacing(with: -0x1.777a5cp-25, where: steep)
        let t = numerator / denominator
        let z = t * t
        var p = multiplyAdd(FloatVector(repeating: 8.05374449538e-2), z, -1.38776856032e-1)
        p = multiplyAdd(p, z, 1.99777106478e-1)
        p = multiplyAdd(p, z, -3.33329491539e-1)
        return hi + (t.addingProduct(t * z, p) + lo)
    }

    /// Double version of `arctangentKernel`, with fdlibm's `s_atan.c`: breakpoints 7/16, 11/16,
    /// 19/16 and 39/16 map `a` to `t = (a - c) / (1 + c a)` with `c` = 1/2, 1, 3/2 (or `-1/a`),
    /// `atan(a) = atan(c) + atan(t)`, `|t| <= 7/16`, and an odd polynomial of degree 23.
    @_transparent
    static func arctangentKernel(_ a: DoubleVector) -> DoubleVector {
        var numerator = DoubleVector(repeating: -1)
        var denominator = a
        var hi = DoubleVector(repeating: 1.57079632679489655800e+00)
        var lo = DoubleVector(repeating: 6.12323399573676603587e-17)
        // a - c is exact in each interval (Sterbenz).
        for (bound, c, atanHi, atanLo) in [
            (39.0 / 16, 1.5, 9.82793723247329054082e-01, 1.39033110312309984516e-17),
            (19.0 / 16, 1, 7.85398163397448278999e-01, 3.06161699786838301793e-17),
            (11.0 / 16, 0.5, 4.63647609000806093515e-01, 2.26987774529616870924e-17),
            (7.0 / 16, 0, 0, 0),
        ] {
            let below = a .< bound
            numerator = numerator.replacing(with: a - c, where: below)
            denominator = denominator.replacing(with: DoubleVector(repeating: 1).addingProduct(a, c), where: below)
            hi = hi.replacing(with: atanHi, where: below)
            lo = lo.replacing(with: atanLo, where: below)
        }
        let t = numerator / denominator
        let z = t * t
        let w = z * z
        var odd = multiplyAdd(DoubleVector(repeating: 1.62858201153657823623e-02), w, 4.97687799461593236017e-02)
        odd = multiplyAdd(odd, w, 6.66107313738753120669e-02)
        odd = multiplyAdd(odd, w, 9.09088713343650656196e-02)
        odd = multiplyAdd(odd, w, 1.42857142725034663711e-01)
        odd = multiplyAdd(odd, w, 3.33333333333329318027e-01) * z
        var even = multiplyAdd(DoubleVector(repeating: -3.65315727442169155270e-02), w, -5.83357013379057348645e-02)
        even = multiplyAdd(even, w, -7.69187620504482999495e-02)
        even = multiplyAdd(even, w, -1.11111104054623557880e-01)
        even = multiplyAdd(even, w, -1.99999999998764832476e-01) * w
        return hi - ((t * (odd + even) - lo) - t)
    }
}
