extension VectorMath {
    /// `log(1 + x)` of `count` floats, accurate for tiny `x`. NumPy: `np.log1p` on `float32`.
    ///
    /// Error at most 2 ulp for every input, subnormals included. `log1p(-1) = -inf`,
    /// `log1p(x < -1) = NaN`, `log1p(inf) = inf`, `log1p(±0) = ±0`, NaN stays NaN.
    static func log1p(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, count: Int) {
        forEachVector(x, out, count: count, Log1p.self)
    }

    /// `log(1 + x)` of `count` doubles, accurate for tiny `x`. NumPy: `np.log1p` on `float64`.
    ///
    /// Error at most 2 ulp for every input, subnormals included. Special values as for the
    /// `Float` version.
    static func log1p(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, count: Int) {
        forEachVector(x, out, count: count, Log1p.self)
    }

    /// `log1p` of one vector of either precision, for `forEachVector`.
    enum Log1p: VectorKernel {
        @inline(__always)
        static func apply(_ v: FloatVector) -> FloatVector {
            // log1p(x) = log(u) + log(1 + e/u) with u = fl(1 + x) and e its rounding error:
            // |e/u| is below half an ulp of 1, so log(1 + e/u) = e/u far below an ulp of the
            // result, and for tiny x (u = 1) the result is e = x exactly.
            let u = v + 1
            // The rounding error of u = 1 + x, exact: u - 1 is exact below 1 (Sterbenz) and
            // u - x above it.
            let error = (1 - (u - v)).replacing(with: v - (u - 1), where: v .< 1)
            return log1pSpecialValues(v, logKernel(u) + error / u)
        }

        @inline(__always)
        static func apply(_ v: DoubleVector) -> DoubleVector {
            let u = v + 1
            let error = (1 - (u - v)).replacing(with: v - (u - 1), where: v .< 1)
            return log1pSpecialValues(v, logKernel(u) + error / u)
        }
    }

    /// Glibc's results where `log(u) + e/u` does not apply: `x = -1` (0/0), `x = inf`
    /// (inf - inf), `±0` (whose sign the sum loses).
    @inline(__always)
    static func log1pSpecialValues(_ x: FloatVector, _ result: FloatVector) -> FloatVector {
        var r = result.replacing(with: -.infinity, where: x .== -1)
        r = r.replacing(with: .infinity, where: x .== .infinity)
        return propagatingNaN(x, select(zeroMask(x), x, r))
    }

    @inline(__always)
    static func log1pSpecialValues(_ x: DoubleVector, _ result: DoubleVector) -> DoubleVector {
        var r = result.replacing(with: -.infinity, where: x .== -1)
        r = r.replacing(with: .infinity, where: x .== .infinity)
        return propagatingNaN(x, select(zeroMask(x), x, r))
    }
}
