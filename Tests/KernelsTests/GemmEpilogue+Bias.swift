@testable import Kernels

// A bias-and-relu epilogue the Gemm tests use to check that epilogues run once per element
// while the block is in cache; the engine builds its epilogues from fused programs instead
// (MatrixProduct+Epilogue.swift), so this lives with the tests.

extension GemmEpilogue where Element == Float {
    /// `C[i, j] = C[i, j] + bias[j]`, then `max(·, 0)` when `relu`: the dense layer
    /// `relu(x @ w + b)`. NumPy: `np.maximum(c + bias, 0)`.
    ///
    /// - Parameters:
    ///   - bias: `n` per-column values, or nil for no bias. Must stay valid until `multiply`
    ///     returns.
    ///   - relu: Clamp negatives to zero after the bias. NaN stays NaN, as in `np.maximum`.
    static func bias(_ bias: UnsafePointer<Float>?, relu: Bool) -> GemmEpilogue {
        let shared = Gemm.UncheckedSendable(bias)
        return GemmEpilogue(eachRow: { row, _, colStart, count in
            let bias = shared.value.map { $0 + colStart }
            for j in 0..<count {
                var x = row[j]
                if let bias { x += bias[j] }
                // `x < 0 ? 0 : x` rather than `max`: keeps NaN, and vectorizes to a blend.
                if relu { x = x < 0 ? 0 : x }
                row[j] = x
            }
        })
    }
}

extension GemmEpilogue where Element == Double {
    /// `C[i, j] = C[i, j] + bias[j]`, then `max(·, 0)` when `relu`; see the `Float` version.
    static func bias(_ bias: UnsafePointer<Double>?, relu: Bool) -> GemmEpilogue {
        let shared = Gemm.UncheckedSendable(bias)
        return GemmEpilogue(eachRow: { row, _, colStart, count in
            let bias = shared.value.map { $0 + colStart }
            for j in 0..<count {
                var x = row[j]
                if let bias { x += bias[j] }
                if relu { x = x < 0 ? 0 : x }
                row[j] = x
            }
        })
    }
}
