extension Buffer {
    /// A one-element buffer holding `value` converted to `dtype` as a cast would convert it.
    package convenience init(scalar value: Scalar, dtype: DType) {
        self.init(byteCount: dtype.byteSize)
        storeScalar(value, dtype: dtype, at: 0)
    }

    /// Writes `value`, converted to `dtype`, as element `index`.
    package func storeScalar(_ value: Scalar, dtype: DType, at index: Int) {
        switch dtype {
        case .bool: pointer(as: UInt8.self)[index] = value.boolValue ? 1 : 0
        case .int8: pointer(as: Int8.self)[index] = Int8(castingInt64: value.int64Value)
        case .int16: pointer(as: Int16.self)[index] = Int16(castingInt64: value.int64Value)
        case .int32: pointer(as: Int32.self)[index] = Int32(castingInt64: value.int64Value)
        case .int64: pointer(as: Int64.self)[index] = value.int64Value
        case .uint8: pointer(as: UInt8.self)[index] = UInt8(castingInt64: value.int64Value)
        case .uint16: pointer(as: UInt16.self)[index] = UInt16(castingInt64: value.int64Value)
        case .uint32: pointer(as: UInt32.self)[index] = UInt32(castingInt64: value.int64Value)
        case .uint64: pointer(as: UInt64.self)[index] = UInt64(castingInt64: value.int64Value)
        case .float32: pointer(as: Float.self)[index] = Float(value.doubleValue)
        case .float64: pointer(as: Double.self)[index] = value.doubleValue
        case .float16: pointer(as: UInt16.self)[index] = Float16Element(castingDouble: value.doubleValue).bits
        case .bfloat16: pointer(as: UInt16.self)[index] = BFloat16Element(castingDouble: value.doubleValue).bits
        }
    }
}

extension Scalar {
    /// The value as stored in `dtype` and read back (what a kernel sees as this constant).
    package func converted(to dtype: DType) -> Scalar {
        switch dtype {
        case .bool: .bool(boolValue)
        case .int8: .int(Int64(Int8(castingInt64: int64Value)))
        case .int16: .int(Int64(Int16(castingInt64: int64Value)))
        case .int32: .int(Int64(Int32(castingInt64: int64Value)))
        case .int64: .int(int64Value)
        case .uint8: .int(Int64(UInt8(castingInt64: int64Value)))
        case .uint16: .int(Int64(UInt16(castingInt64: int64Value)))
        case .uint32: .int(Int64(UInt32(castingInt64: int64Value)))
        // The int64 of the same bits: a constant stored as uint64 reads back as these bits.
        case .uint64: .int(int64Value)
        case .float32: .float(Double(Float(doubleValue)))
        case .float64: .float(doubleValue)
        case .float16: .float(Float16Element(castingDouble: doubleValue).doubleValue)
        case .bfloat16: .float(BFloat16Element(castingDouble: doubleValue).doubleValue)
        }
    }
}
