/// What a reduction is, as data: everything about a `ReduceOp` that is not its fold loop.
///
/// Read by the graph builder (`NDArray.reduce`: error names, the dtype it reduces in and
/// returns, whether an empty axis is an error), by `reductionFolder` and the C renderer (which
/// fold runs for which register dtype, `algorithm`), and by the tests (the table of expected
/// values covers every op and every input dtype the rules admit).
/// NumPy equivalent: a ufunc's `identity`, `ntypes`/`types` and its `reduce` method.
package struct ReductionSpecification: Sendable {
    /// The LazyArray name, which starts its error messages: `sum`, `argmax`, `logsumexp`.
    package let name: String
    /// The NumPy (or SciPy) function it matches: `np.sum`, `scipy.special.logsumexp`.
    package let numpyName: String
    /// The result of reducing no elements, or the error it is.
    package let identity: ReductionIdentity
    /// The dtype a kernel reduces for an input dtype (the input is cast to it first).
    package let register: ReductionRegisterRule
    /// The result's dtype: the register's, or an int64 index.
    package let result: ReductionResultRule
    /// What a NaN among the inputs does.
    package let nan: ReductionNaNBehaviour
    /// The order the fold and the merges follow, which fixes the result's bits (the block VM,
    /// the eager evaluator and the C target follow it; see `ReductionFolder`).
    package let mergeOrder: String
    /// The fold that runs for each register dtype; nil for a dtype this reduction never
    /// reduces in (the builder casts to `register`'s dtype first).
    package let algorithm: @Sendable (DType) -> ReductionAlgorithm?
    /// The reduction's derivative with respect to its input, for reverse-mode gradients.
    package let derivative: ReductionDerivative

    /// The dtype the kernel reduces in for an input of `input`.
    package func registerType(for input: DType) -> DType { register.type(for: input) }

    /// The result's dtype for a register of `register`.
    package func resultType(register: DType) -> DType {
        switch result {
        case .register: register
        case .index: .int64
        }
    }
}

/// The result of reducing zero elements.
package enum ReductionIdentity: Equatable, Sendable {
    /// 0 (`np.sum`), 1 (`np.prod`).
    case zero, one
    /// False (`np.any`), true (`np.all`).
    case falseValue, trueValue
    /// Negative infinity (`logsumexp` of nothing: `log(0)`).
    case negativeInfinity
    /// None: reducing an empty axis is an error naming NumPy's operation (`maximum`, `argmax`),
    /// as NumPy's "zero-size array to reduction operation maximum which has no identity".
    case none(numpyOperation: String)
}

/// How the register dtype follows from the input dtype.
package enum ReductionRegisterRule: Sendable {
    /// Floats keep their dtype; bool and signed integers widen to int64, unsigned ones to
    /// uint64 (`np.sum`, `np.prod`).
    case integersWiden
    /// Every dtype kept (`np.max`, `np.min`).
    case same
    /// Bool (`np.any`, `np.all`: nonzero is true, NaN is true).
    case boolean
    /// Bool becomes int32, others kept (`np.argmax` compares false < true).
    case ordered
    /// Floats kept, integers to float64, bool to float32 (as `sqrt` computes).
    case floating

    /// The register dtype for `input`.
    package func type(for input: DType) -> DType {
        // float16 and bfloat16 reduce in float32 (NumPy's float16 loops and JAX's accumulate
        // in float32); the graph rounds the result back to the input's type.
        if input.isHalfPrecision { return self == .boolean ? .bool : .float32 }
        return switch self {
        case .integersWiden: input.isFloatingPoint ? input : (input.isUnsignedInteger ? .uint64 : .int64)
        case .same: input
        case .boolean: .bool
        case .ordered: input == .bool ? .int32 : input
        case .floating:
            switch input {
            case .float32, .float64: input
            case .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64: .float64
            case .bool, .float16, .bfloat16: .float32
            }
        }
    }
}

/// The result's dtype.
package enum ReductionResultRule: Sendable {
    /// The register's dtype.
    case register
    /// An int64 position along the reduced axis.
    case index
}

/// What a NaN input does to a reduction.
package enum ReductionNaNBehaviour: Sendable {
    /// The result is NaN (`np.sum`, `np.max`: not `np.nanmax`).
    case propagates
    /// The result is the index of the first NaN (`np.argmax`).
    case firstNaNIndex
    /// The register is bool: a NaN input was cast to true before (`np.any([nan])` is true).
    case castToTrue
}

/// A reduction's derivative with respect to its input, as data: LazyArray's backward pass
/// (`Backpropagation+Reductions.swift`) builds each case from ordinary lazy operations. In the
/// formulas `x` is the input, `r` the result and `ḡ` its cotangent, both broadcast back over
/// the reduced axes.
package enum ReductionDerivative: Sendable {
    /// `ḡ` itself (`sum`).
    case broadcast
    /// `ḡ` times the product of the other elements (`prod`): `r / x` where no element is zero,
    /// the product of the others at a lone zero, 0 elsewhere (PyTorch's and JAX's result).
    case productOfOthers
    /// `ḡ` split equally among the elements equal to `r` (`max`, `min`): JAX's convention;
    /// PyTorch's `amax` does the same (its `max(dim)` gives all to one index instead).
    case splitAmongTies
    /// `ḡ * exp(x - r)`, the softmax of the reduced elements (`logsumexp`).
    case softmaxWeights
    /// `ḡ * (exp(x - max - r) - ties)`: log-sum-exp minus the maximum, whose maximum's share
    /// is split among its ties as for `max` (`logsumexp_above_max`).
    case softmaxWeightsLessMaximum
    /// The result is a bool or an index, which carries no gradient (`any`, `all`, `argmax`,
    /// `argmin`).
    case notDifferentiable
}

/// The fold a reduction runs on a register dtype: one `Reducer` in `ReductionFolder.swift`
/// and one C transcription in `CKernelRenderer+Reduction.swift` per case.
package enum ReductionAlgorithm: Hashable, Sendable {
    /// Float32 sum: 32 float lanes per run, run totals accumulated in float64.
    case float32Sum
    /// Float64 sum: 8 lanes per run, run totals accumulated with Neumaier's compensation.
    case float64Sum
    /// Int64 sum, wrapping.
    case wrappingSum
    /// Float product, accumulated in float64 in order.
    case floatProduct(FloatRegister)
    /// Int64 product, wrapping.
    case wrappingProduct
    /// Logical or / and of bool bytes.
    case any, all
    /// The largest (or smallest) value, NaN propagating; of two zeros the maximum is +0 and
    /// the minimum -0 (IEEE 754-2019 `maximum`/`minimum`), whatever their order.
    case extreme(largest: Bool, OrderedRegister)
    /// The first index of the largest (smallest) value, or of the first NaN.
    case argExtreme(largest: Bool, OrderedRegister)
    /// Log-sum-exp with a running maximum; `aboveMaximum` reports it minus the maximum.
    case logSumExp(aboveMaximum: Bool, FloatRegister)
}

/// A floating register dtype.
package enum FloatRegister: Hashable, Sendable {
    case float32, float64
    package var dtype: DType {
        switch self {
        case .float32: .float32
        case .float64: .float64
        }
    }
}

/// A register dtype with an order (every dtype but bool).
package enum OrderedRegister: Hashable, Sendable {
    case int8, int16, int32, int64, uint8, uint16, uint32, uint64, float32, float64
    package var dtype: DType {
        switch self {
        case .int8: .int8
        case .int16: .int16
        case .int32: .int32
        case .int64: .int64
        case .uint8: .uint8
        case .uint16: .uint16
        case .uint32: .uint32
        case .uint64: .uint64
        case .float32: .float32
        case .float64: .float64
        }
    }
}

extension ReduceOp {
    /// What this reduction is; the one switch over `ReduceOp` that the rest derive from.
    package var specification: ReductionSpecification {
        switch self {
        case .sum:
            ReductionSpecification(
                name: "sum", numpyName: "np.sum", identity: .zero, register: .integersWiden, result: .register,
                nan: .propagates,
                mergeOrder: "float32: each run of a block summed over 32 float lanes, lanes combined in a fixed tree, run totals added in float64 in order, pieces of 65536 merged in order; float64: 8 lanes per run, run totals by Neumaier; int64: wrapping, any order",
                algorithm: { dtype in
                    switch dtype {
                    case .float32: .float32Sum
                    case .float64: .float64Sum
                    // uint64 wraps in the same bits as int64.
                    case .int64, .uint64: .wrappingSum
                    case .bool, .int8, .int16, .int32, .uint8, .uint16, .uint32, .float16, .bfloat16: nil
                    }
                },
                derivative: .broadcast)
        case .prod:
            ReductionSpecification(
                name: "prod", numpyName: "np.prod", identity: .one, register: .integersWiden, result: .register,
                nan: .propagates,
                mergeOrder: "floats: multiplied in float64 in order, pieces merged in order; int64: wrapping, any order",
                algorithm: { dtype in
                    switch dtype {
                    case .float32: .floatProduct(.float32)
                    case .float64: .floatProduct(.float64)
                    case .int64, .uint64: .wrappingProduct
                    case .bool, .int8, .int16, .int32, .uint8, .uint16, .uint32, .float16, .bfloat16: nil
                    }
                },
                derivative: .productOfOthers)
        case .max:
            ReductionSpecification(
                name: "max", numpyName: "np.max", identity: .none(numpyOperation: "maximum"), register: .same,
                result: .register, nan: .propagates,
                mergeOrder: "any order: NaN wins, and of +0 and -0 the maximum is +0",
                algorithm: { dtype in Self.extreme(largest: true, dtype) },
                derivative: .splitAmongTies)
        case .min:
            ReductionSpecification(
                name: "min", numpyName: "np.min", identity: .none(numpyOperation: "minimum"), register: .same,
                result: .register, nan: .propagates,
                mergeOrder: "any order: NaN wins, and of +0 and -0 the minimum is -0",
                algorithm: { dtype in Self.extreme(largest: false, dtype) },
                derivative: .splitAmongTies)
        case .any:
            ReductionSpecification(
                name: "any", numpyName: "np.any", identity: .falseValue, register: .boolean, result: .register,
                nan: .castToTrue, mergeOrder: "any order",
                algorithm: { dtype in dtype == .bool ? .any : nil },
                derivative: .notDifferentiable)
        case .all:
            ReductionSpecification(
                name: "all", numpyName: "np.all", identity: .trueValue, register: .boolean, result: .register,
                nan: .castToTrue, mergeOrder: "any order",
                algorithm: { dtype in dtype == .bool ? .all : nil },
                derivative: .notDifferentiable)
        case .argmax:
            ReductionSpecification(
                name: "argmax", numpyName: "np.argmax", identity: .none(numpyOperation: "argmax"), register: .ordered,
                result: .index, nan: .firstNaNIndex,
                mergeOrder: "positions in order: a later piece replaces the state only when strictly larger, so ties keep the first index",
                algorithm: { dtype in Self.ordered(dtype).map { .argExtreme(largest: true, $0) } },
                derivative: .notDifferentiable)
        case .argmin:
            ReductionSpecification(
                name: "argmin", numpyName: "np.argmin", identity: .none(numpyOperation: "argmin"), register: .ordered,
                result: .index, nan: .firstNaNIndex,
                mergeOrder: "positions in order: a later piece replaces the state only when strictly smaller, so ties keep the first index",
                algorithm: { dtype in Self.ordered(dtype).map { .argExtreme(largest: false, $0) } },
                derivative: .notDifferentiable)
        case .logSumExp:
            ReductionSpecification(
                name: "logsumexp", numpyName: "scipy.special.logsumexp", identity: .negativeInfinity,
                register: .floating, result: .register, nan: .propagates,
                mergeOrder: "each run's maximum, then its sum of exp(x - max) in float64; runs and pieces merged in order, rescaling by exp of the difference of maxima",
                algorithm: { dtype in Self.floating(dtype).map { .logSumExp(aboveMaximum: false, $0) } },
                derivative: .softmaxWeights)
        case .logSumExpAboveMax:
            ReductionSpecification(
                name: "logsumexp_above_max", numpyName: "scipy.special.logsumexp(x - x.max())", identity: .negativeInfinity,
                register: .floating, result: .register, nan: .propagates,
                mergeOrder: "as logsumexp",
                algorithm: { dtype in Self.floating(dtype).map { .logSumExp(aboveMaximum: true, $0) } },
                derivative: .softmaxWeightsLessMaximum)
        }
    }

    /// Max and min: or and and on bool bytes, the NaN-propagating extreme on the rest.
    private static func extreme(largest: Bool, _ dtype: DType) -> ReductionAlgorithm {
        guard let ordered = ordered(dtype) else { return largest ? .any : .all }
        return .extreme(largest: largest, ordered)
    }

    private static func ordered(_ dtype: DType) -> OrderedRegister? {
        switch dtype {
        case .bool, .float16, .bfloat16: nil
        case .int8: .int8
        case .int16: .int16
        case .int32: .int32
        case .int64: .int64
        case .uint8: .uint8
        case .uint16: .uint16
        case .uint32: .uint32
        case .uint64: .uint64
        case .float32: .float32
        case .float64: .float64
        }
    }

    private static func floating(_ dtype: DType) -> FloatRegister? {
        switch dtype {
        case .float32: .float32
        case .float64: .float64
        case .bool, .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64, .float16, .bfloat16: nil
        }
    }
}
