extension VectorMath {
    /// `sqrt(a^2 + b^2)` for `count` pairs, without overflow or underflow in the squares.
    /// NumPy: `np.hypot` on `float32`.
    ///
    /// Error at most 1 ulp for every input: computed in Double, where the squares of any two
    /// floats are exact and their sum and square root are rounded to 2^-53, then rounded to
    /// Float. `hypot(±inf, y) = inf` even for NaN `y`; otherwise NaN in either argument gives
    /// NaN.
    static func hypot(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, count: Int
    ) {
        forEachVectorPair(a, b, out, count: count, Hypot.self)
    }

    /// `sqrt(a^2 + b^2)` for `count` pairs, without overflow or underflow in the squares.
    /// NumPy: `np.hypot` on `float64`.
    ///
    /// Error at most 2 ulp for every input. The larger magnitude `m` is scaled by 2^-600 above
    /// 2^500 and by 2^600 below 2^-500, so that `m^2` is normal and finite and the smaller
    /// square only matters where it is normal too; the result is scaled back exactly (a
    /// subnormal result rounds once more). Special values as for the `Float` version.
    static func hypot(
        _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, count: Int
    ) {
        forEachVectorPair(a, b, out, count: count, Hypot.self)
    }

    /// `hypot` of one pair of vectors of either precision, for `forEachVectorPair`.
    enum Hypot: VectorPairKernel {
        @inline(__always)
        static func apply(_ u: FloatVector, _ v: FloatVector) -> FloatVector {
            let (ul, uh) = (DoubleVector(u.lowHalf), DoubleVector(u.highHalf))
            let (vl, vh) = (DoubleVector(v.lowHalf), DoubleVector(v.highHalf))
            let low = SIMD4<Float>((ul * ul).addingProduct(vl, vl).squareRoot())
            let high = SIMD4<Float>((uh * uh).addingProduct(vh, vh).squareRoot())
            let r = FloatVector(lowHalf: low, highHalf: high)
            let au = float(bits: bits(u) & 0x7fff_ffff)
            let av = float(bits: bits(v) & 0x7fff_ffff)
            return r.replacing(with: .infinity, where: au .== .infinity).replacing(with: .infinity, where: av .== .infinity)
        }

        @inline(__always)
        static func apply(_ u: DoubleVector, _ v: DoubleVector) -> DoubleVector {
            let au = double(bits: bits(u) & Int64.max)
            let av = double(bits: bits(v) & Int64.max)
            let larger = au .< av
            let big = au.replacing(with: av, where: larger)
            let small = av.replacing(with: au, where: larger)
            let huge = big .> 0x1p500
            let tiny = big .< 0x1p-500
            let one = DoubleVector(repeating: 1)
            let scale = one.replacing(with: 0x1p-600, where: huge).replacing(with: 0x1p600, where: tiny)
            let unscale = one.replacing(with: 0x1p600, where: huge).replacing(with: 0x1p-600, where: tiny)
            let (m, s) = (big * scale, small * scale)
            let r = (s * s).addingProduct(m, m).squareRoot() * unscale
            return r.replacing(with: .infinity, where: au .== .infinity).replacing(with: .infinity, where: av .== .infinity)
        }
    }
}
