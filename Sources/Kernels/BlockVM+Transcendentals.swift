/// The transcendental functions the block VM (and the eager evaluator, for the same bits) runs on
/// a whole block: vectorized approximations for Float and Double (`VectorMath`), within the
/// error bound documented there. Each function's block implementation is chosen here, on one
/// line per float type.
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
    static func blockHypot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int) { VectorMath.hypot(x, y, out, count: count) }
    static func blockLog1p(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int) { VectorMath.log1p(x, out, count: count) }
    static func blockExpm1(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int) { VectorMath.expm1(x, out, count: count) }
    static func blockAsin(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int) { VectorMath.asin(x, out, count: count) }
    static func blockAcos(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int) { VectorMath.acos(x, out, count: count) }
    static func blockAtan(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int) { VectorMath.atan(x, out, count: count) }
    static func blockSinh(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int) { VectorMath.sinh(x, out, count: count) }
    static func blockCosh(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int) { VectorMath.cosh(x, out, count: count) }
    static func blockAtan2(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int) { VectorMath.atan2(x, y, out, count: count) }
}

extension Double: BlockMathElement {
    static func blockExp(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int) { VectorMath.exp(x, out, count: count) }
    static func blockLog(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int) { VectorMath.log(x, out, count: count) }
    static func blockSin(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int) { VectorMath.sin(x, out, count: count) }
    static func blockCos(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int) { VectorMath.cos(x, out, count: count) }
    static func blockTan(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int) { VectorMath.tan(x, out, count: count) }
    static func blockTanh(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int) { VectorMath.tanh(x, out, count: count) }
    static func blockSigmoid(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int) { VectorMath.sigmoid(x, out, count: count) }
    static func blockHypot(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int) { VectorMath.hypot(x, y, out, count: count) }
    static func blockLog1p(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int) { VectorMath.log1p(x, out, count: count) }
    static func blockExpm1(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int) { VectorMath.expm1(x, out, count: count) }
    static func blockAsin(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int) { VectorMath.asin(x, out, count: count) }
    static func blockAcos(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int) { VectorMath.acos(x, out, count: count) }
    static func blockAtan(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int) { VectorMath.atan(x, out, count: count) }
    static func blockSinh(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int) { VectorMath.sinh(x, out, count: count) }
    static func blockCosh(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int) { VectorMath.cosh(x, out, count: count) }
    static func blockAtan2(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int) { VectorMath.atan2(x, y, out, count: count) }
}
