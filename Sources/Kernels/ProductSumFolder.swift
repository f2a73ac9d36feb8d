/// Folds the sum of a product that nothing else reads straight from the product's two operands
/// (`sum(x * y)`, `sum(x ** 2)`, the weight gradient `sum(dz * a)` of a broadcast multiply):
/// the block VM skips the multiply's pass over the block, one store and one load per element.
/// The lanes and their order are `SumFloat`'s and `SumDouble`'s over the rounded products, so
/// the result has the bits the product register would fold to, which are the OpenMP target's.
struct ProductSumFolder: Sendable {
    /// Folds `count` products `x[i] * y[i]` into the single state `state`.
    let foldRun: @Sendable (_ state: UnsafeMutableRawPointer, _ x: UnsafeMutableRawPointer, _ y: UnsafeMutableRawPointer,
                            _ count: Int) -> Void
    /// Folds `rows` rows of `width` products into `width` states.
    let foldRows: @Sendable (_ states: UnsafeMutableRawPointer, _ x: UnsafeMutableRawPointer, _ y: UnsafeMutableRawPointer,
                             _ rows: Int, _ width: Int) -> Void

    /// The folder of a sum of `dtype` products, or nil where the product stays a register
    /// (integer sums accumulate in int64, so their products are not folded this way).
    static func sum(of dtype: DType) -> ProductSumFolder? {
        switch dtype {
        case .float32: of(SumFloat.self)
        case .float64: of(SumDouble.self)
        case .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64, .bool, .float16, .bfloat16: nil
        }
    }

    private static func of<R: ProductSummingReducer>(_: R.Type) -> ProductSumFolder {
        ProductSumFolder(
            foldRun: { state, x, y, count in
                R.foldProductRun(&state.assumingMemoryBound(to: R.State.self).pointee, UnsafePointer(x.assumingMemoryBound(to: R.Value.self)),
                                 UnsafePointer(y.assumingMemoryBound(to: R.Value.self)), count: count)
            },
            foldRows: { states, x, y, rows, width in
                R.foldProductRows(states.assumingMemoryBound(to: R.State.self), UnsafePointer(x.assumingMemoryBound(to: R.Value.self)),
                                  UnsafePointer(y.assumingMemoryBound(to: R.Value.self)), rows: rows, width: width)
            })
    }
}

/// A sum that can fold a run of products without their register (`SumFloat`, `SumDouble`).
protocol ProductSummingReducer: Reducer where Value: FloatingPoint {
    static func foldProductRun(_ state: inout State, _ x: UnsafePointer<Value>, _ y: UnsafePointer<Value>, count: Int)
    /// Folds `rows` rows of `width` products into `width` states; the default folds row by row.
    static func foldProductRows(_ states: UnsafeMutablePointer<State>, _ x: UnsafePointer<Value>, _ y: UnsafePointer<Value>,
                                rows: Int, width: Int)
}

extension ProductSummingReducer {
    @inline(__always)
    static func foldProductRows(_ states: UnsafeMutablePointer<State>, _ x: UnsafePointer<Value>, _ y: UnsafePointer<Value>,
                                rows: Int, width: Int) {
        // A sum does not read the position it folds.
        for row in 0..<rows {
            for column in 0..<width { fold(&states[column], x[row * width + column] * y[row * width + column], index: 0) }
        }
    }
}

extension SumFloat: ProductSummingReducer {}
extension SumDouble: ProductSummingReducer {}
