/// Float32 sums down columns (a reduction along a leading axis: `X.mean(axis: 0)` of a
/// (rows, 64) matrix) with the running float64 sums of 32 columns in registers across a block's
/// rows: the plain loop loaded and stored every column's state once per row, so each value cost
/// a state load and store besides its conversion and add (normalize at 1e6 float32: the
/// three-sum kernel took 900 µs on one core of an AMD EPYC). Each state still adds its column's
/// values one by one in row order, so the sums have the plain loop's bits (and the C target's).
extension SumFloat {
    /// Folds `rows` rows of `width` values, `value(row, column)` eight at a time (`vector`) or
    /// one at a time (`element`), into `width` float64 states.
    @inline(__always)
    static func foldColumns(_ states: UnsafeMutablePointer<Double>, rows: Int, width: Int,
                            vector: (_ row: Int, _ column: Int) -> SIMD8<Float>, element: (_ row: Int, _ column: Int) -> Float) {
        let raw = UnsafeMutableRawPointer(states)
        var column = 0
        while column + 32 <= width {
            var sums = (raw.loadUnaligned(fromByteOffset: column * 8, as: SIMD8<Double>.self),
                        raw.loadUnaligned(fromByteOffset: (column + 8) * 8, as: SIMD8<Double>.self),
                        raw.loadUnaligned(fromByteOffset: (column + 16) * 8, as: SIMD8<Double>.self),
                        raw.loadUnaligned(fromByteOffset: (column + 24) * 8, as: SIMD8<Double>.self))
            for row in 0..<rows {
                sums.0 += SIMD8<Double>(vector(row, column))
                sums.1 += SIMD8<Double>(vector(row, column + 8))
                sums.2 += SIMD8<Double>(vector(row, column + 16))
                sums.3 += SIMD8<Double>(vector(row, column + 24))
            }
            raw.storeBytes(of: sums.0, toByteOffset: column * 8, as: SIMD8<Double>.self)
            raw.storeBytes(of: sums.1, toByteOffset: (column + 8) * 8, as: SIMD8<Double>.self)
            raw.storeBytes(of: sums.2, toByteOffset: (column + 16) * 8, as: SIMD8<Double>.self)
            raw.storeBytes(of: sums.3, toByteOffset: (column + 24) * 8, as: SIMD8<Double>.self)
            column += 32
        }
        while column + 8 <= width {
            var sum = raw.loadUnaligned(fromByteOffset: column * 8, as: SIMD8<Double>.self)
            for row in 0..<rows { sum += SIMD8<Double>(vector(row, column)) }
            raw.storeBytes(of: sum, toByteOffset: column * 8, as: SIMD8<Double>.self)
            column += 8
        }
        while column < width {
            var sum = states[column]
            for row in 0..<rows { sum += Double(element(row, column)) }
            states[column] = sum
            column += 1
        }
    }

    @inline(__always)
    static func foldRows(_ states: UnsafeMutablePointer<Double>, _ values: UnsafePointer<Float>, rows: Int, width: Int, firstRow: Int) {
        let raw = UnsafeRawPointer(values)
        foldColumns(states, rows: rows, width: width,
                    vector: { raw.loadUnaligned(fromByteOffset: ($0 * width + $1) * 4, as: SIMD8<Float>.self) },
                    element: { values[$0 * width + $1] })
    }

    @inline(__always)
    static func foldProductRows(_ states: UnsafeMutablePointer<Double>, _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>,
                                rows: Int, width: Int) {
        let (rawX, rawY) = (UnsafeRawPointer(x), UnsafeRawPointer(y))
        foldColumns(states, rows: rows, width: width, vector: { row, column in
            let offset = (row * width + column) * 4
            return rawX.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self) * rawY.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
        }, element: { x[$0 * width + $1] * y[$0 * width + $1] })
    }
}
