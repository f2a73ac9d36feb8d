import Kernels
import Scheduler

/// Elementwise operations' rules, read from their rows of the table
/// (`ElementwiseOp.spec.derivative`, Kernels' `ElementwiseDerivative.swift`) and spelled out as
/// lazy operations. The node's operands already have its shape (broadcasting is a view below
/// the node, whose rule sums the cotangent back) and its compute dtype.
extension Backpropagation {
    static func elementwise(_ op: ElementwiseOp, _ entry: Entry, inputs: [NDArray], result: NDArray,
                            cotangent: NDArray) -> [(Int, NDArray)] {
        switch op.spec.derivative {
        case .zero:
            return []
        case .cotangents(let rules):
            let context = RuleContext(operands: inputs, result: result, cotangent: cotangent)
            return rules.enumerated().compactMap { position, rule in
                guard let rule, entry.wants(position) else { return nil }
                return (position, context.array(rule, like: inputs[position]))
            }
        }
    }

    /// What a derivative expression's leaves stand for.
    private struct RuleContext {
        let operands: [NDArray]
        let result: NDArray
        let cotangent: NDArray

        /// A sub-expression's value: an array, or a number not yet given a dtype.
        enum Value {
            case array(NDArray)
            case number(Double)
        }

        /// `expression` as an array of `like`'s shape and dtype where it is a bare number.
        func array(_ expression: DerivativeExpression, like: NDArray) -> NDArray {
            switch value(expression) {
            case .array(let array): array
            case .number(let number): NDArray.full(like.shape, .float(number), dtype: like.dtype)
            }
        }

        /// The other factor of a product by an array of ones of the same shape and dtype (the
        /// cotangent of a sum's output): `x * 1` is `x` exactly, and skipping it saves a
        /// pass per rule in every gradient of a sum.
        private static func otherFactor(_ factors: [Value]) -> Value? {
            for (one, other) in [(factors[0], factors[1]), (factors[1], factors[0])] {
                guard case .array(let ones) = one, case .constant(let scalar) = ones.node.operation,
                      scalar.doubleValue == 1 else { continue }
                switch other {
                case .number: return other
                case .array(let array) where array.shape == ones.shape && array.dtype == ones.dtype: return other
                case .array: continue
                }
            }
            return nil
        }

        func value(_ expression: DerivativeExpression) -> Value {
            switch expression {
            case .cotangent: return .array(cotangent)
            case .operand(let position): return .array(operands[position])
            case .result: return .array(result)
            case .constant(let number): return .number(number)
            case .apply(let op, let arguments):
                let values = arguments.map(value)
                if op == .multiply, let other = Self.otherFactor(values) { return other }
                // A number takes the dtype and shape of the arrays it meets (for `where`, of
                // the branches, not of the bool condition), as a weak scalar does.
                let candidates = op == .select ? Array(values.dropFirst()) : values
                let template = candidates.lazy.compactMap { value -> NDArray? in
                    if case .array(let array) = value { array } else { nil }
                }.first ?? cotangent
                let arrays = values.map { value -> NDArray in
                    switch value {
                    case .array(let array): array
                    case .number(let number): NDArray.full(template.shape, .float(number), dtype: template.dtype)
                    }
                }
                switch arrays.count {
                case 1: return .array(NDArray.unary(op, arrays[0]))
                case 2: return .array(NDArray.binary(op, arrays[0], arrays[1]))
                default: return .array(NDArray.where(arrays[0], arrays[1], arrays[2]))
                }
            }
        }
    }
}
