extension VectorMath {
    /// Runs the two-argument `kernel` over `count` pairs `(a[i], b[i])`, one vector at a time.
    /// As in `forEachVector`, the tail is padded with zeros (in range for every function) and
    /// goes through the same kernel, so an element's result does not depend on its position.
    @inline(__always)
    static func forEachVectorPair<Vector: SIMD>(
        _ a: UnsafePointer<Vector.Scalar>, _ b: UnsafePointer<Vector.Scalar>,
        _ out: UnsafeMutablePointer<Vector.Scalar>, count: Int,
        _ kernel: (Vector, Vector) -> Vector
    ) where Vector.Scalar: BinaryFloatingPoint {
        let width = Vector.scalarCount
        var i = 0
        // One call site for `kernel`, so that the optimizer inlines it.
        while i < count {
            let full = i + width <= count
            var u = Vector()
            var v = Vector()
            if full {
                u = UnsafeRawPointer(a + i).loadUnaligned(as: Vector.self)
                v = UnsafeRawPointer(b + i).loadUnaligned(as: Vector.self)
            } else {
                for lane in 0..<(count - i) {
                    u[lane] = a[i + lane]
                    v[lane] = b[i + lane]
                }
            }
            let r = kernel(u, v)
            if full {
                UnsafeMutableRawPointer(out + i).storeBytes(of: r, as: Vector.self)
            } else {
                for lane in 0..<(count - i) { out[i + lane] = r[lane] }
            }
            i += width
        }
    }
}
