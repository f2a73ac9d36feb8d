extension VectorMath {
    /// Hyperbolic sine of `count` floats. NumPy: `np.sinh` on `float32`.
    ///
    /// Error at most 3 ulp for every input. Overflow (|x| > 89.41) gives `±inf`,
    /// `sinh(±inf) = ±inf`, `sinh(±0) = ±0`, NaN stays NaN.
    static func sinh(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, count: Int) {
        forEachVector(x, out, count: count, Sinh.self)
    }

    /// Hyperbolic sine of `count` doubles. NumPy: `np.sinh` on `float64`.
    ///
    /// Error at most 3 ulp for every input. Overflow (|x| > 710.47) gives `±inf`; other special
    /// values as for the `Float` version.
    static func sinh(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, count: Int) {
        forEachVector(x, out, count: count, Sinh.self)
    }

    /// `sinh` of one vector of either precision, for `forEachVector`.
    enum Sinh: VectorKernel {
        @inline(__always)
        static func apply(_ v: FloatVector) -> FloatVector {
            let magnitude = float(bits: bits(v) & 0x7fff_ffff)
            // sinh(90) overflows, so the clamp changes no result.
            let a = magnitude.replacing(with: 90, where: magnitude .> 90)
            let (p, n) = expm1Reduction(a)
            // Below 10, (u + u / (u + 1)) / 2 with u = expm1(a), which does not cancel; above,
            // e^-a / 2 is below a quarter ulp of e^a / 2.
            let u = expm1Result(a, p: p, halfScale: exponentScale(n &- 1))
            let small = 0.5 * (u + u / (u + 1))
            let r = halfExponential(p, n).replacing(with: small, where: a .< 10)
            return propagatingNaN(v, float(bits: bits(r) | (bits(v) & Int32.min)))
        }

        @inline(__always)
        static func apply(_ v: DoubleVector) -> DoubleVector {
            let magnitude = double(bits: bits(v) & Int64.max)
            let a = magnitude.replacing(with: 711, where: magnitude .> 711)
            let (p, n) = expm1Reduction(a)
            let u = expm1Result(a, p: p, halfScale: exponentScale(n &- 1))
            let small = 0.5 * (u + u / (u + 1))
            let r = halfExponential(p, n).replacing(with: small, where: a .< 22)
            return propagatingNaN(v, double(bits: bits(r) | (bits(v) & Int64.min)))
        }
    }

    /// Hyperbolic cosine of `count` floats. NumPy: `np.cosh` on `float32`.
    ///
    /// Error at most 2 ulp for every input. Overflow (|x| > 89.41) gives `inf`,
    /// `cosh(±inf) = inf`, `cosh(±0) = 1`, NaN stays NaN.
    static func cosh(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, count: Int) {
        forEachVector(x, out, count: count, Cosh.self)
    }

    /// Hyperbolic cosine of `count` doubles. NumPy: `np.cosh` on `float64`.
    ///
    /// Error at most 2 ulp for every input. Overflow (|x| > 710.47) gives `inf`; other special
    /// values as for the `Float` version.
    static func cosh(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, count: Int) {
        forEachVector(x, out, count: count, Cosh.self)
    }

    /// `cosh` of one vector of either precision, for `forEachVector`.
    enum Cosh: VectorKernel {
        @inline(__always)
        static func apply(_ v: FloatVector) -> FloatVector {
            let magnitude = float(bits: bits(v) & 0x7fff_ffff)
            let a = magnitude.replacing(with: 90, where: magnitude .> 90)
            let (p, n) = expm1Reduction(a)
            // e^a / 2 + 1 / (4 (e^a / 2)): two positive terms, and the second is 0 once the
            // first overflows.
            let half = halfExponential(p, n)
            return propagatingNaN(v, half + 0.25 / half)
        }

        @inline(__always)
        static func apply(_ v: DoubleVector) -> DoubleVector {
            let magnitude = double(bits: bits(v) & Int64.max)
            let a = magnitude.replacing(with: 711, where: magnitude .> 711)
            let (p, n) = expm1Reduction(a)
            let half = halfExponential(p, n)
            return propagatingNaN(v, half + 0.25 / half)
        }
    }

    /// `e^a / 2 = 2^(n-1) (1 + p)` from `expm1Reduction(a)`, computed as
    /// `4 (p 2^(n-3) + 2^(n-3))`: one rounding, and the scale stays normal up to `n = 130`
    /// (1026), past the overflow of the result (so `e^a / 2` overflows only when it should,
    /// although `e^a` overflows first).
    @inline(__always)
    static func halfExponential(_ p: FloatVector, _ n: SIMD8<Int32>) -> FloatVector {
        let scale = exponentScale(n &- 3)
        return 4 * scale.addingProduct(p, scale)
    }

    @inline(__always)
    static func halfExponential(_ p: DoubleVector, _ n: SIMD4<Int64>) -> DoubleVector {
        let scale = exponentScale(n &- 3)
        return 4 * scale.addingProduct(p, scale)
    }
}
