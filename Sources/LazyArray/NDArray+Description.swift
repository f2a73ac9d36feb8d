import Kernels

extension NDArray: CustomStringConvertible, CustomDebugStringConvertible {
    /// The elements as NumPy prints them (`str(a)`): `[11 22 33 44]`, `[[1. 0.]` / ` [0. 1.]]`,
    /// `[ True False]`, summarized with `...` past 1000 elements. Evaluates the array.
    public var description: String { ArrayFormatter.format(shape: shape, values: formatValues) }

    /// The elements with shape and dtype: `NDArray([1. 2.], shape: [2], dtype: float64)`.
    /// NumPy: `repr(a)`.
    public var debugDescription: String { ArrayFormatter.debugFormat(shape: shape, dtype: dtype, values: formatValues) }

    private var formatValues: FormatValues {
        switch dtype {
        case .bool: .bool(toArray(Bool.self))
        case .int8, .int16, .int32, .int64: .int(toArray(Int64.self))
        case .uint8, .uint16, .uint32, .uint64: .unsigned(toArray(UInt64.self))
        case .float16: .float(toArray(Double.self), kind: .half)
        case .bfloat16: .general(toArray(Double.self))
        case .float32: .float(toArray(Float.self).map(Double.init), kind: .single)
        case .float64: .float(toArray(Double.self), kind: .double)
        }
    }
}
