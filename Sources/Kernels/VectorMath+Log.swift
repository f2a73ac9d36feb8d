extension VectorMath {
    /// Natural logarithm of `count` floats. NumPy: `np.log` on `float32`.
    ///
    /// Error at most 4 ulp (measured: below 1 ulp) for every input, subnormals included: there is
    /// no range limit. `log(±0) = -inf`, `log(x < 0) = NaN`, `log(inf) = inf`, NaN stays NaN.
    static func log(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, count: Int) {
        forEachVector(x, out, count: count, Log.self)
    }

    /// Natural logarithm of `count` doubles. NumPy: `np.log` on `float64`.
    ///
    /// Error at most 4 ulp (measured: below 1 ulp) for every input, subnormals included: there is
    /// no range limit. Special values as for the `Float` version.
    static func log(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, count: Int) {
        forEachVector(x, out, count: count, Log.self)
    }

    /// `log` of one vector of either precision, for `forEachVector`.
    enum Log: VectorKernel {
        @inline(__always)
        static func apply(_ v: FloatVector) -> FloatVector {
            logKernel(v)
        }

        @inline(__always)
        static func apply(_ v: DoubleVector) -> DoubleVector {
            logKernel(v)
        }
    }

    /// `log(x)` for one vector.
    ///
    /// `x = 2^e m` with `m` in `[sqrt(1/2), sqrt(2))`, so `f = m - 1` is exact (Sterbenz) and
    /// small; `log(x) = e ln2 + log1p(f)`, with `e ln2` split Cody-Waite style (`ln2Hi` has 9
    /// significant bits, so `e ln2Hi` is exact).
    ///
    /// `@_transparent` rather than `@inline(__always)`: see `VectorKernel`.
    @_transparent
    static func logKernel(_ x: FloatVector) -> FloatVector {
        // Subnormals are scaled into the normal range; the exponent is corrected below.
        let subnormal = x .< 0x1p-126
        let xs = x.replacing(with: x * 0x1p23, where: subnormal)
        let exponentBias = SIMD8<Int32>(repeating: 0).replacing(with: 23, where: subnormal)
        // Subtracting the bits of sqrt(1/2) makes the exponent field round at sqrt(2) instead of 2.
        let sqrtHalf = SIMD8<Int32>(repeating: Int32(bitPattern: Float(0x1.6a09e6p-1).bitPattern))
        let ix = bits(xs) &- sqrtHalf
        let e = FloatVector((ix &>> 23) &- exponentBias)
        let f = float(bits: (ix & 0x007f_ffff) &+ sqrtHalf) - 1
        // Cephes logf minimax polynomial for (log1p(f) - f + f^2/2) / f^3.
        let z = f * f
        var p = multiplyAdd(FloatVector(repeating: 7.0376836292e-2), f, -1.1514610310e-1)
        p = multiplyAdd(p, f, 1.1676998740e-1)
        p = multiplyAdd(p, f, -1.2420140846e-1)
        p = multiplyAdd(p, f, 1.4249322787e-1)
        p = multiplyAdd(p, f, -1.6668057665e-1)
        p = multiplyAdd(p, f, 2.0000714765e-1)
        p = multiplyAdd(p, f, -2.4999993993e-1)
        p = multiplyAdd(p, f, 3.3333331174e-1)
        var y = (p * f * z).addingProduct(e, -2.12194440e-4)
        y = y.addingProduct(z, -0.5)
        let result = (f + y).addingProduct(e, 0.693359375)
        return logSpecialValues(x, result)
    }

    /// Double version of `logKernel`, with fdlibm's `e_log.c` approximation: `s = f / (2 + f)`,
    /// `log1p(f) = f - f^2/2 + s (f^2/2 + R(s^2))` (error below 1 ulp in fdlibm).
    @_transparent
    static func logKernel(_ x: DoubleVector) -> DoubleVector {
        let subnormal = x .< 0x1p-1022
        let xs = x.replacing(with: x * 0x1p54, where: subnormal)
        let exponentBias = SIMD4<Int64>(repeating: 0).replacing(with: 54, where: subnormal)
        let sqrtHalf = SIMD4<Int64>(repeating: Int64(bitPattern: (0x1.6a09e667f3bcdp-1 as Double).bitPattern))
        let ix = bits(xs) &- sqrtHalf
        // AVX2 has no int64-to-double conversion; adding to the bits of 1.5 * 2^52 is one.
        let shifter = DoubleVector(repeating: 0x1.8p52)
        let e = double(bits: (ix &>> 52) &- exponentBias &+ bits(shifter)) - shifter
        let f = double(bits: (ix & 0x000f_ffff_ffff_ffff) &+ sqrtHalf) - 1
        let s = f / (f + 2)
        let z = s * s
        let w = z * z
        var t1 = multiplyAdd(DoubleVector(repeating: 1.531383769920937332e-01), w, 2.222219843214978396e-01)
        t1 = multiplyAdd(t1, w, 3.999999999940941908e-01) * w
        var t2 = multiplyAdd(DoubleVector(repeating: 1.479819860511658591e-01), w, 1.818357216161805012e-01)
        t2 = multiplyAdd(t2, w, 2.857142874366239149e-01)
        t2 = multiplyAdd(t2, w, 6.666666666666735130e-01) * z
        let r = t2 + t1
        let halfSquare = 0.5 * f * f
        let tail = s * (halfSquare + r) + e * 1.90821492927058770002e-10
        let result = e * 6.93147180369123816490e-01 - ((halfSquare - tail) - f)
        return logSpecialValues(x, result)
    }

    /// Glibc's results where the bit manipulation above does not apply: zero, negative numbers,
    /// infinity and NaN.
    ///
    /// `@_transparent` rather than `@inline(__always)`: see `VectorKernel`.
    @_transparent
    static func logSpecialValues(_ x: FloatVector, _ result: FloatVector) -> FloatVector {
        var r = result.replacing(with: .infinity, where: x .== .infinity)
        r = r.replacing(with: .nan, where: x .< 0)
        r = r.replacing(with: -.infinity, where: x .== 0)
        return propagatingNaN(x, r)
    }

    @_transparent
    static func logSpecialValues(_ x: DoubleVector, _ result: DoubleVector) -> DoubleVector {
        var r = result.replacing(with: .infinity, where: x .== .infinity)
        r = r.replacing(with: .nan, where: x .< 0)
        r = r.replacing(with: -.infinity, where: x .== 0)
        return propagatingNaN(x, r)
    }
}
