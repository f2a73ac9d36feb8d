/// The transcendental functions the block VM runs on a whole block: vectorized approximations
/// for Float and Double (`VectorMath`), within the error bound documented there.
protocol BlockMathElement: FloatingElement {
    static func blockExp(_ x: UnsafePointer<Self>, _ out: UnsafeMutablePointer<Self>, _ count: Int)
    static func blockLog(_ x: UnsafePointer<Self>, _ out: UnsafeMutablePointer<Self>, _ count: Int)
    static func blockSin(_ x: UnsafePointer<Self>, _ out: UnsafeMutablePointer<Self>, _ count: Int)
    static func blockCos(_ x: UnsafePointer<Self>, _ out: UnsafeMutablePointer<Self>, _ count: Int)
    static func blockTan(_ x: UnsafePointer<Self>, _ out: UnsafeMutablePointer<Self>, _ count: Int)
    static func blockTanh(_ x: UnsafePointer<Self>, _ out: UnsafeMutablePointer<Self>, _ count: Int)
    static func blockSigmoid(_ x: UnsafePointer<Self>, _ out: UnsafeMutablePointer<Self>, _ count: Int)
}

extension Float: BlockMathElement {
    static func blockExp(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int) { VectorMath.exp(x, out, count: count) }
    static func blockLog(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int) { VectorMath.log(x, out, count: count) }
    static func blockSin(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int) { VectorMath.sin(x, out, count: count) }
    static func blockCos(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int) { VectorMath.cos(x, out, count: count) }
    static func blockTan(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int) { VectorMath.tan(x, out, count: count) }
    static func blockTanh(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int) { VectorMath.tanh(x, out, count: count) }
    static func blockSigmoid(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int) { VectorMath.sigmoid(x, out, count: count) }
}

extension Double: BlockMathElement {
    static func blockExp(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int) { VectorMath.exp(x, out, count: count) }
    static func blockLog(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int) { VectorMath.log(x, out, count: count) }
    static func blockSin(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int) { VectorMath.sin(x, out, count: count) }
    static func blockCos(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int) { VectorMath.cos(x, out, count: count) }
    static func blockTan(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int) { VectorMath.tan(x, out, count: count) }
    static func blockTanh(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int) { VectorMath.tanh(x, out, count: count) }
    static func blockSigmoid(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int) { VectorMath.sigmoid(x, out, count: count) }
}
