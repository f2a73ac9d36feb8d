import Testing
@testable import LazyArray
import Kernels

/// Builds an array of `dtype` from Double values (bool: nonzero), or from exact Int64 values.
func makeArray(_ values: [Double], dtype: LazyArray.DType, shape: [Int]? = nil) -> NDArray {
    let shape = shape ?? [values.count]
    switch dtype {
    case .bool: return NDArray(values.map { $0 != 0 }, shape: shape)
    case .int8: return NDArray(values.map { Int8($0) }, shape: shape)
    case .int16: return NDArray(values.map { Int16($0) }, shape: shape)
    case .int32: return NDArray(values.map { Int32($0) }, shape: shape)
    case .int64: return NDArray(values.map { Int64($0) }, shape: shape)
    // Unsigned types take NumPy's astype of the float64 values (negative ones wrap).
    case .uint8: return NDArray(values.map { UInt8(castingDouble: $0) }, shape: shape)
    case .uint16: return NDArray(values.map { UInt16(castingDouble: $0) }, shape: shape)
    case .uint32: return NDArray(values.map { UInt32(castingDouble: $0) }, shape: shape)
    case .uint64: return NDArray(values.map { UInt64(castingDouble: $0) }, shape: shape)
    case .float32: return NDArray(values.map { Float($0) }, shape: shape)
    case .float64: return NDArray(values, shape: shape)
    case .float16, .bfloat16: return NDArray(values, shape: shape).astype(dtype)
    }
}

func makeArray(_ values: [Int64], dtype: LazyArray.DType) -> NDArray {
    switch dtype {
    case .int8: NDArray(values.map { Int8(truncatingIfNeeded: $0) })
    case .int16: NDArray(values.map { Int16(truncatingIfNeeded: $0) })
    case .int32: NDArray(values.map { Int32(truncatingIfNeeded: $0) })
    case .uint8: NDArray(values.map { UInt8(truncatingIfNeeded: $0) })
    case .uint16: NDArray(values.map { UInt16(truncatingIfNeeded: $0) })
    case .uint32: NDArray(values.map { UInt32(truncatingIfNeeded: $0) })
    case .uint64: NDArray(values.map { UInt64(truncatingIfNeeded: $0) })
    case .bool, .int64, .float16, .bfloat16, .float32, .float64: NDArray(values)
    }
}

/// Bitwise equality of two Double arrays, NaN equal to NaN (and -0 distinct from 0).
func sameBits(_ a: [Double], _ b: [Double]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) }
}

/// Distance in units in the last place of `dtype` between two values (0 when both NaN or equal).
func ulpDistance(_ a: Double, _ b: Double, dtype: LazyArray.DType) -> Double {
    if a.isNaN && b.isNaN || a == b { return 0 }
    if a.isNaN || b.isNaN || a.isInfinite || b.isInfinite { return .infinity }
    let magnitude = Swift.max(Swift.abs(a), Swift.abs(b))
    // float16 and bfloat16: 2^(exponent - fraction bits), the exponent no lower than the smallest normal's.
    func halfULP(fractionBits: Int, minimumExponent: Int) -> Double {
        Double(sign: .plus, exponent: Swift.max(Int(magnitude.exponent), minimumExponent) - fractionBits, significand: 1)
    }
    let ulp: Double = switch dtype {
    case .float16: halfULP(fractionBits: 10, minimumExponent: -14)
    case .bfloat16: halfULP(fractionBits: 7, minimumExponent: -126)
    case .float32: Swift.max(Double(Float(magnitude).ulp), Double(Float.leastNormalMagnitude))
    default: Swift.max(magnitude.ulp, Double(Float.leastNormalMagnitude))
    }
    return Swift.abs(a - b) / ulp
}

/// The error message an expression raises inside a checking scope, or nil if none.
func errorMessage(_ body: () -> Void) -> String? {
    do {
        try NDArray.checking { body() }
        return nil
    } catch {
        return String(describing: error)
    }
}

/// Both evaluation modes, for tests that compare them.
let allModes: [EvaluationMode] = [.eager, .fused]

/// Held by every test that draws from `RandomGenerator.shared` (seeding it, or `NDArray.randn`
/// and `rand`, which draw from it): suites run in parallel, and a draw by one test between
/// another's `seed(42)` and its draw would change the second's numbers.
let sharedGeneratorLock = Locked(())
