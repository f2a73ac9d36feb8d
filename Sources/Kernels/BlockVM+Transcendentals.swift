/// The transcendental functions the block VM (and the eager evaluator, for the same bits) runs on
/// a whole block: vectorized approximations for Float and Double (`VectorMath`), within the
/// error bound documented there. Each function's block implementation is chosen here, on one
/// line per float type; those without a vectorized version yet run `libmBlock` over the scalar
/// definition of ScalarSemantics.swift (to be replaced by `VectorMath`'s as it lands).
protocol BlockMathElement: FloatingElement {
    static func blockExp(_ x: UnsafePointer<Self>, _ out: UnsafeMutablePointer<Self>, _ count: Int)
    static func blockLog(_ x: UnsafePointer<Self>, _ out: UnsafeMutablePointer<Self>, _ count: Int)
    static func blockSin(_ x: UnsafePointer<Self>, _ out: UnsafeMutablePointer<Self>, _ count: Int)
    static func blockCos(_ x: UnsafePointer<Self>, _ out: UnsafeMutablePointer<Self>, _ count: Int)
    static func blockTan(_ x: UnsafePointer<Self>, _ out: UnsafeMutablePointer<Self>, _ count: Int)
    static func blockTanh(_ x: UnsafePointer<Self>, _ out: UnsafeMutablePointer<Self>, _ count: Int)
    static func blockSigmoid(_ x: UnsafePointer<Self>, _ out: UnsafeMutablePointer<Self>, _ count: Int)
    static func blockHypot(_ x: UnsafePointer<Self>, _ y: UnsafePointer<Self>, _ out: UnsafeMutablePointer<Self>, _ count: Int)
    static func blockLog1p(_ x: UnsafePointer<Self>, _ out: UnsafeMutablePointer<Self>, _ count: Int)
    static func blockExpm1(_ x: UnsafePointer<Self>, _ out: UnsafeMutablePointer<Self>, _ count: Int)
    static func blockAsin(_ x: UnsafePointer<Self>, _ out: UnsafeMutablePointer<Self>, _ count: Int)
    static func blockAcos(_ x: UnsafePointer<Self>, _ out: UnsafeMutablePointer<Self>, _ count: Int)
    static func blockAtan(_ x: UnsafePointer<Self>, _ out: UnsafeMutablePointer<Self>, _ count: Int)
    static func blockSinh(_ x: UnsafePointer<Self>, _ out: UnsafeMutablePointer<Self>, _ count: Int)
    static func blockCosh(_ x: UnsafePointer<Self>, _ out: UnsafeMutablePointer<Self>, _ count: Int)
    static func blockAtan2(_ x: UnsafePointer<Self>, _ y: UnsafePointer<Self>, _ out: UnsafeMutablePointer<Self>, _ count: Int)
}

extension Float: BlockMathElement {
    static func blockExp(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int) { VectorMath.exp(x, out, count: count) }
    static func blockLog(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int) { VectorMath.log(x, out, count: count) }
    static func blockSin(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int) { VectorMath.sin(x, out, count: count) }
    static func blockCos(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int) { VectorMath.cos(x, out, count: count) }
    static func blockTan(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int) { VectorMath.tan(x, out, count: count) }
    static func blockTanh(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int) { VectorMath.tanh(x, out, count: count) }
    static func blockSigmoid(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int) { VectorMath.sigmoid(x, out, count: count) }
    static func blockHypot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int) { libmBlock(x, y, out, count, Float.hypot) }
    static func blockLog1p(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int) { libmBlock(x, out, count, Float.log1p) }
    static func blockExpm1(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int) { libmBlock(x, out, count, Float.expm1) }
    static func blockAsin(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int) { libmBlock(x, out, count, Float.asin) }
    static func blockAcos(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int) { libmBlock(x, out, count, Float.acos) }
    static func blockAtan(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int) { libmBlock(x, out, count, Float.atan) }
    static func blockSinh(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int) { libmBlock(x, out, count, Float.sinh) }
    static func blockCosh(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int) { libmBlock(x, out, count, Float.cosh) }
    static func blockAtan2(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int) { libmBlock(x, y, out, count, Float.atan2) }
}

extension Double: BlockMathElement {
    static func blockExp(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int) { VectorMath.exp(x, out, count: count) }
    static func blockLog(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int) { VectorMath.log(x, out, count: count) }
    static func blockSin(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int) { VectorMath.sin(x, out, count: count) }
    static func blockCos(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int) { VectorMath.cos(x, out, count: count) }
    static func blockTan(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int) { VectorMath.tan(x, out, count: count) }
    static func blockTanh(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int) { VectorMath.tanh(x, out, count: count) }
    static func blockSigmoid(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int) { VectorMath.sigmoid(x, out, count: count) }
    static func blockHypot(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int) { libmBlock(x, y, out, count, Double.hypot) }
    static func blockLog1p(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int) { libmBlock(x, out, count, Double.log1p) }
    static func blockExpm1(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int) { libmBlock(x, out, count, Double.expm1) }
    static func blockAsin(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int) { libmBlock(x, out, count, Double.asin) }
    static func blockAcos(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int) { libmBlock(x, out, count, Double.acos) }
    static func blockAtan(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int) { libmBlock(x, out, count, Double.atan) }
    static func blockSinh(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int) { libmBlock(x, out, count, Double.sinh) }
    static func blockCosh(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int) { libmBlock(x, out, count, Double.cosh) }
    static func blockAtan2(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int) { libmBlock(x, y, out, count, Double.atan2) }
}

/// A block of a function with no vectorized version yet: the scalar libm definition per element.
@inline(__always)
func libmBlock<T>(_ x: UnsafePointer<T>, _ out: UnsafeMutablePointer<T>, _ count: Int, _ f: (T) -> T) {
    for i in 0..<count { out[i] = f(x[i]) }
}

/// The binary form of `libmBlock`.
@inline(__always)
func libmBlock<T>(_ x: UnsafePointer<T>, _ y: UnsafePointer<T>, _ out: UnsafeMutablePointer<T>, _ count: Int, _ f: (T, T) -> T) {
    for i in 0..<count { out[i] = f(x[i], y[i]) }
}
