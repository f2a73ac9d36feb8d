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
    static func blockExp(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int) { for i in 0..<count { out[i] = Float.exp(x[i]) } }
    static func blockLog(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int) { for i in 0..<count { out[i] = Float.log(x[i]) } }
    static func blockSin(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int) { for i in 0..<count { out[i] = Float.sin(x[i]) } }
    static func blockCos(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int) { for i in 0..<count { out[i] = Float.cos(x[i]) } }
    static func blockTan(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int) { for i in 0..<count { out[i] = Float.tan(x[i]) } }
    static func blockTanh(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int) { for i in 0..<count { out[i] = Float.tanh(x[i]) } }
    static func blockSigmoid(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int) { for i in 0..<count { out[i] = Float.sigmoid(x[i]) } }
}

extension Double: BlockMathElement {
    static func blockExp(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int) { for i in 0..<count { out[i] = Double.exp(x[i]) } }
    static func blockLog(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int) { for i in 0..<count { out[i] = Double.log(x[i]) } }
    static func blockSin(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int) { for i in 0..<count { out[i] = Double.sin(x[i]) } }
    static func blockCos(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int) { for i in 0..<count { out[i] = Double.cos(x[i]) } }
    static func blockTan(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int) { for i in 0..<count { out[i] = Double.tan(x[i]) } }
    static func blockTanh(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int) { for i in 0..<count { out[i] = Double.tanh(x[i]) } }
    static func blockSigmoid(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int) { for i in 0..<count { out[i] = Double.sigmoid(x[i]) } }
}
