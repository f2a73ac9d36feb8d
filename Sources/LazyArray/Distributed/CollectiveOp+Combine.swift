import Kernels

extension CollectiveOp {
    /// Combines `count` elements of `dtype`: `accumulator[i] = accumulator[i] op other[i]`.
    ///
    /// The element rule of ``Communicator/allreduce(_:count:dtype:op:)`` for communicators that
    /// combine in Swift (the in-process test group, and the MPI communicator's NaN-propagating
    /// float `max`/`min`, which MPI's built-in `MPI_MAX` does not guarantee). Integers wrap on
    /// overflow as the engine's integer sums do; bool is one byte, 0 or 1.
    /// MPI equivalent: the function of an `MPI_Op`.
    public func combine(into accumulator: UnsafeMutableRawPointer, _ other: UnsafeRawPointer, count: Int, dtype: DType) {
        switch dtype {
        case .float32: combineFloats(accumulator.assumingMemoryBound(to: Float.self), other.assumingMemoryBound(to: Float.self), count)
        case .float64: combineFloats(accumulator.assumingMemoryBound(to: Double.self), other.assumingMemoryBound(to: Double.self), count)
        case .int8: combineIntegers(accumulator.assumingMemoryBound(to: Int8.self), other.assumingMemoryBound(to: Int8.self), count)
        case .int16: combineIntegers(accumulator.assumingMemoryBound(to: Int16.self), other.assumingMemoryBound(to: Int16.self), count)
        case .int32: combineIntegers(accumulator.assumingMemoryBound(to: Int32.self), other.assumingMemoryBound(to: Int32.self), count)
        case .int64: combineIntegers(accumulator.assumingMemoryBound(to: Int64.self), other.assumingMemoryBound(to: Int64.self), count)
        case .uint8: combineIntegers(accumulator.assumingMemoryBound(to: UInt8.self), other.assumingMemoryBound(to: UInt8.self), count)
        case .uint16: combineIntegers(accumulator.assumingMemoryBound(to: UInt16.self), other.assumingMemoryBound(to: UInt16.self), count)
        case .uint32: combineIntegers(accumulator.assumingMemoryBound(to: UInt32.self), other.assumingMemoryBound(to: UInt32.self), count)
        case .uint64: combineIntegers(accumulator.assumingMemoryBound(to: UInt64.self), other.assumingMemoryBound(to: UInt64.self), count)
        case .bool: combineIntegers(accumulator.assumingMemoryBound(to: UInt8.self), other.assumingMemoryBound(to: UInt8.self), count)
        case .float16: combineHalves(accumulator.assumingMemoryBound(to: Float16Element.self), other.assumingMemoryBound(to: Float16Element.self), count)
        case .bfloat16: combineHalves(accumulator.assumingMemoryBound(to: BFloat16Element.self), other.assumingMemoryBound(to: BFloat16Element.self), count)
        }
    }

    /// float16 and bfloat16 combine in float32 and round, as their operations do.
    private func combineHalves<T: HalfPrecisionElement>(_ a: UnsafeMutablePointer<T>, _ b: UnsafePointer<T>, _ count: Int) {
        var x = (0..<count).map { a[$0].floatValue }
        let y = (0..<count).map { b[$0].floatValue }
        combineFloats(&x, y, count)
        for i in 0..<count { a[i] = T(castingDouble: Double(x[i])) }
    }

    private func combineFloats<T: BinaryFloatingPoint>(_ a: UnsafeMutablePointer<T>, _ b: UnsafePointer<T>, _ count: Int) {
        for i in 0..<count {
            switch self {
            case .sum: a[i] += b[i]
            case .prod: a[i] *= b[i]
            // NaN in either operand wins, as in the engine's reductions (NumPy's np.max).
            case .max: a[i] = a[i].isNaN || b[i].isNaN ? .nan : Swift.max(a[i], b[i])
            case .min: a[i] = a[i].isNaN || b[i].isNaN ? .nan : Swift.min(a[i], b[i])
            }
        }
    }

    private func combineIntegers<T: FixedWidthInteger>(_ a: UnsafeMutablePointer<T>, _ b: UnsafePointer<T>, _ count: Int) {
        for i in 0..<count {
            switch self {
            case .sum: a[i] = a[i] &+ b[i]
            case .prod: a[i] = a[i] &* b[i]
            case .max: a[i] = Swift.max(a[i], b[i])
            case .min: a[i] = Swift.min(a[i], b[i])
            }
        }
    }
}
