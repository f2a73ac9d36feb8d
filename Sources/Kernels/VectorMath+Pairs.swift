/// A two-argument function on two vectors of either precision, run over arrays by `forEachVectorPair`.
///
/// A type and not a closure for the reason given on `VectorKernel`: so that the driver inlines
/// the body into its vector loop.
protocol VectorPairKernel {
    static func apply(_ a: VectorMath.FloatVector, _ b: VectorMath.FloatVector) -> VectorMath.FloatVector
    static func apply(_ a: VectorMath.DoubleVector, _ b: VectorMath.DoubleVector) -> VectorMath.DoubleVector
}

extension VectorMath {
    /// Runs the two-argument `kernel` over `count` pairs `(a[i], b[i])`, one vector at a time.
    /// As in `forEachVector`, the tail is padded with zeros (in range for every function) and
    /// goes through the same kernel, so an element's result does not depend on its position.
    @inline(__always)
    static func forEachVectorPair<Kernel: VectorPairKernel>(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, count: Int,
        _ kernel: Kernel.Type
    ) {
        let width = FloatVector.scalarCount
        var i = 0
        while i + width <= count {
            let u = UnsafeRawPointer(a + i).loadUnaligned(as: FloatVector.self)
            let v = UnsafeRawPointer(b + i).loadUnaligned(as: FloatVector.self)
            UnsafeMutableRawPointer(out + i).storeBytes(of: kernel.apply(u, v), as: FloatVector.self)
            i += width
        }
        if i < count {
            var u = FloatVector()
            var v = FloatVector()
            for lane in 0..<(count - i) {
                u[lane] = a[i + lane]
                v[lane] = b[i + lane]
            }
            let r = kernel.apply(u, v)
            for lane in 0..<(count - i) { out[i + lane] = r[lane] }
        }
    }

    /// Double version of `forEachVectorPair`.
    @inline(__always)
    static func forEachVectorPair<Kernel: VectorPairKernel>(
        _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, count: Int,
        _ kernel: Kernel.Type
    ) {
        let width = DoubleVector.scalarCount
        var i = 0
        while i + width <= count {
            let u = UnsafeRawPointer(a + i).loadUnaligned(as: DoubleVector.self)
            let v = UnsafeRawPointer(b + i).loadUnaligned(as: DoubleVector.self)
            UnsafeMutableRawPointer(out + i).storeBytes(of: kernel.apply(u, v), as: DoubleVector.self)
            i += width
        }
        if i < count {
            var u = DoubleVector()
            var v = DoubleVector()
            for lane in 0..<(count - i) {
                u[lane] = a[i + lane]
                v[lane] = b[i + lane]
            }
            let r = kernel.apply(u, v)
            for lane in 0..<(count - i) { out[i + lane] = r[lane] }
        }
    }
}
