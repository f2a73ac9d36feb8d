/// One row of the elementwise table: everything about an operation that is data. The
/// operation's scalar meaning (generic code, which Swift cannot store as data) is in
/// `ElementwiseOp+Scalar.swift`, one exhaustive switch per element class.
///
/// Derived from these rows: the graph builder's dtype rules (LazyArray's `ElementwiseRule`),
/// the C target's spelling (`CKernelRenderer+Operations.swift`), the planner's costs, and the
/// elementwise rows of docs/numpy.md (`ElementwiseDocsTests` regenerates and compares them).
package final class ElementwiseOpSpecification: Sendable {
    /// NumPy's ufunc name (or the closest relative's): errors start with it.
    package let numpyName: String
    /// How a NumPy user writes it (`np.log1p(a)`, `a + b`), for docs/numpy.md; nil for the
    /// operations that are no package function of their own (`identity`, the bool forms).
    package let numpySpelling: String?
    /// How a LazyArray user writes it, for docs/numpy.md.
    package let swiftSpelling: String?
    /// How many operands it takes.
    package let arity: Int
    /// Which operand dtypes it accepts, in which dtype it computes, what it returns.
    package let dtypeRule: ElementwiseDTypeRule
    /// Rough cost in units of an add: the planner recomputes cheap values rather than
    /// materializing them, and cuts kernels whose inlined cost grows too large.
    package let cost: Int
    /// Computed by a block function (`BlockVM+Transcendentals.swift`), floats only; the eager
    /// evaluator calls the same block function, and the C target calls libm / libmvec.
    package let isTranscendental: Bool
    /// Domain and special values worth a line in the docs (empty when there is nothing to add).
    package let domain: String
    /// The C expression for each element class.
    package let c: ElementwiseCRendering
    /// The derivative, for reverse-mode gradients (`ElementwiseDerivative.swift`): a required
    /// argument of the row, so a new operation must say what its gradient is.
    package let derivative: ElementwiseDerivative

    init(_ numpyName: String, numpy numpySpelling: String?, swift swiftSpelling: String?, arity: Int,
         _ dtypeRule: ElementwiseDTypeRule, cost: Int = 1, transcendental: Bool = false, domain: String = "",
         c: ElementwiseCRendering, derivative: ElementwiseDerivative) {
        self.numpyName = numpyName
        self.numpySpelling = numpySpelling
        self.swiftSpelling = swiftSpelling
        self.arity = arity
        self.dtypeRule = dtypeRule
        self.cost = cost
        self.isTranscendental = transcendental
        self.domain = domain
        self.c = c
        self.derivative = derivative
    }
}

/// How an operation's dtypes are decided from its operands' promoted dtype (NumPy 2 rules).
package enum ElementwiseDTypeRule: Sendable, Equatable {
    /// Computes and returns the operands' dtype; `bool` as `bool` says.
    case sameType(bool: BoolBehaviour)
    /// Computes and returns a float: floats stay, 32- and 64-bit integers give float64, and bool
    /// and the 8- and 16-bit integers give `bool` (NumPy runs the small integers through its
    /// bool loop).
    case floating(bool: DType)
    /// Integers and bool only (floats are refused); returns the operands' dtype.
    case integerOrBool
    /// Compares two operands in their promoted dtype; returns bool.
    case comparison
    /// A test of one operand of any dtype; returns bool.
    case predicate
    /// `where(condition, a, b)`: a bool condition, values in their promoted dtype.
    case select
}

/// What a `sameType` operation does with bool operands.
package enum BoolBehaviour: Sendable, Equatable {
    /// Runs this operation on bool instead (`add` on bool is logical or).
    case runs(ElementwiseOp)
    /// Computes in this dtype instead (NumPy's int8 or float16, which LazyArray lacks, become
    /// int64 or float32).
    case promotes(DType)
    /// Refused with this message, as NumPy refuses.
    case refused(String)
}

/// The C spelling of an operation for each element class: a template in which `{0}`, `{1}`,
/// `{2}` are the operands, `{t}` the C type, `{u}` the unsigned C type of the same width, `{f}`
/// the libm suffix (`f` for float32), `{zero}` and `{one}` typed constants, and a helper's
/// name (`{remainder}`, `{power}`, `{floorDivide}`) a call to that helper of
/// `CKernelRenderer+Helpers.swift` for the dtype. nil: not defined for that class (the graph
/// builder never asks for it).
package struct ElementwiseCRendering: Sendable {
    package let floating: String?
    package let integer: String?
    package let bool: String?

    init(floating: String? = nil, integer: String? = nil, bool: String? = nil) {
        self.floating = floating
        self.integer = integer
        self.bool = bool
    }

    /// One template for every element class.
    static func all(_ template: String) -> ElementwiseCRendering {
        ElementwiseCRendering(floating: template, integer: template, bool: template)
    }

    /// The template for operands of `dtype`.
    package func template(for dtype: DType) -> String? {
        switch dtype {
        case .float32, .float64: floating
        case .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64: integer
        case .bool: bool
        case .float16, .bfloat16: nil
        }
    }
}

extension ElementwiseCRendering {
    /// Integer arithmetic wrapping through the unsigned type (signed overflow is undefined in C).
    static func wrapping(_ symbol: String) -> String { "(({t})(({u}){0} \(symbol) ({u}){1}))" }
}

extension ElementwiseOp {
    /// This operation's row of the table. Read it through `spec` (built once).
    var specification: ElementwiseOpSpecification {
        typealias Row = ElementwiseOpSpecification
        typealias C = ElementwiseCRendering
        let (g, a, b, r) = (ElementwiseDerivative.g, ElementwiseDerivative.a, ElementwiseDerivative.b, ElementwiseDerivative.r)
        switch self {
        case .negate:
            return Row("negative", numpy: "-a", swift: "-a", arity: 1,
                       .sameType(bool: .refused("the numpy boolean negative, the `-` operator, is not supported; use the `~` operator instead")),
                       c: C(floating: "(-{0})", integer: "(({t})(({u})0 - ({u}){0}))"),
                       derivative: .unary(-g))
        case .absolute:
            return Row("absolute", numpy: "np.abs(a)", swift: "abs(a)", arity: 1, .sameType(bool: .runs(.identity)),
                       domain: "wraps for the integer minimum, as NumPy",
                       c: C(floating: "fabs{f}({0})", integer: "({0} < 0 ? ({t})(({u})0 - ({u}){0}) : {0})"),
                       derivative: .unary(g * .call(.sign, a)))
        case .square:
            return Row("square", numpy: "np.square(a)", swift: "square(a)", arity: 1, .sameType(bool: .promotes(.int64)),
                       c: C(floating: "({0} * {0})", integer: "(({t})(({u}){0} * ({u}){0}))"),
                       derivative: .unary(g * (a * 2)))
        case .relu:
            return Row("relu", numpy: "np.maximum(a, 0)", swift: "relu(a)", arity: 1, .sameType(bool: .runs(.identity)),
                       domain: "PyTorch's `torch.relu`; NaN kept",
                       c: C(floating: "({0} < {zero} ? {zero} : {0})", integer: "({0} < 0 ? ({t})0 : {0})"),
                       derivative: .unary(.select(a .> 0, g, 0)))
        case .floor:
            return Row("floor", numpy: "np.floor(a)", swift: "floor(a)", arity: 1, .sameType(bool: .runs(.identity)),
                       c: C(floating: "floor{f}({0})", integer: "{0}"),
                       derivative: .zero)
        case .ceil:
            return Row("ceil", numpy: "np.ceil(a)", swift: "ceil(a)", arity: 1, .sameType(bool: .runs(.identity)),
                       c: C(floating: "ceil{f}({0})", integer: "{0}"),
                       derivative: .zero)
        case .sqrt:
            return Row("sqrt", numpy: "np.sqrt(a)", swift: "sqrt(a)", arity: 1, .floating(bool: .float32), cost: 4,
                       c: C(floating: "sqrt{f}({0})"),
                       derivative: .unary(g / (r * 2)))
        case .exp:
            return Row("exp", numpy: "np.exp(a)", swift: "exp(a)", arity: 1, .floating(bool: .float32), cost: 16,
                       transcendental: true, c: C(floating: "{exponential}({0})"),
                       derivative: .unary(g * r))
        case .log:
            return Row("log", numpy: "np.log(a)", swift: "log(a)", arity: 1, .floating(bool: .float32), cost: 16,
                       transcendental: true, domain: "NaN below 0, -inf at 0", c: C(floating: "log{f}({0})"),
                       derivative: .unary(g / a))
        case .sin:
            return Row("sin", numpy: "np.sin(a)", swift: "sin(a)", arity: 1, .floating(bool: .float32), cost: 16,
                       transcendental: true, c: C(floating: "sin{f}({0})"),
                       derivative: .unary(g * .call(.cos, a)))
        case .cos:
            return Row("cos", numpy: "np.cos(a)", swift: "cos(a)", arity: 1, .floating(bool: .float32), cost: 16,
                       transcendental: true, c: C(floating: "cos{f}({0})"),
                       derivative: .unary(-(g * .call(.sin, a))))
        case .tan:
            return Row("tan", numpy: "np.tan(a)", swift: "tan(a)", arity: 1, .floating(bool: .float32), cost: 16,
                       transcendental: true, c: C(floating: "tan{f}({0})"),
                       derivative: .unary(g * (r * r + 1)))
        case .tanh:
            return Row("tanh", numpy: "np.tanh(a)", swift: "tanh(a)", arity: 1, .floating(bool: .float32), cost: 16,
                       transcendental: true, c: C(floating: "tanh{f}({0})"),
                       derivative: .unary(.apply(.tanhBackward, [g, r])))
        case .sigmoid:
            return Row("sigmoid", numpy: "scipy.special.expit(a)", swift: "sigmoid(a)", arity: 1, .floating(bool: .float32),
                       cost: 16, transcendental: true, domain: "`1 / (1 + exp(-a))`",
                       c: C(floating: "{logistic}({0})"),
                       derivative: .unary(.apply(.sigmoidBackward, [g, r])))
        case .log1p:
            return Row("log1p", numpy: "np.log1p(a)", swift: "log1p(a)", arity: 1, .floating(bool: .float32), cost: 16,
                       transcendental: true, domain: "`log(1 + a)`, exact near 0", c: C(floating: "log1p{f}({0})"),
                       derivative: .unary(g / (a + 1)))
        case .expm1:
            return Row("expm1", numpy: "np.expm1(a)", swift: "expm1(a)", arity: 1, .floating(bool: .float32), cost: 16,
                       transcendental: true, domain: "`exp(a) - 1`, exact near 0", c: C(floating: "expm1{f}({0})"),
                       derivative: .unary(g * (r + 1)))
        case .asin:
            return Row("arcsin", numpy: "np.arcsin(a)", swift: "asin(a)", arity: 1, .floating(bool: .float32), cost: 16,
                       transcendental: true, domain: "NaN outside [-1, 1]", c: C(floating: "asin{f}({0})"),
                       derivative: .unary(g / .call(.sqrt, 1 - a * a)))
        case .acos:
            return Row("arccos", numpy: "np.arccos(a)", swift: "acos(a)", arity: 1, .floating(bool: .float32), cost: 16,
                       transcendental: true, domain: "NaN outside [-1, 1]", c: C(floating: "acos{f}({0})"),
                       derivative: .unary(-(g / .call(.sqrt, 1 - a * a))))
        case .atan:
            return Row("arctan", numpy: "np.arctan(a)", swift: "atan(a)", arity: 1, .floating(bool: .float32), cost: 16,
                       transcendental: true, domain: "", c: C(floating: "atan{f}({0})"),
                       derivative: .unary(g / (a * a + 1)))
        case .sinh:
            return Row("sinh", numpy: "np.sinh(a)", swift: "sinh(a)", arity: 1, .floating(bool: .float32), cost: 16,
                       transcendental: true, domain: "", c: C(floating: "sinh{f}({0})"),
                       derivative: .unary(g * .call(.cosh, a)))
        case .cosh:
            return Row("cosh", numpy: "np.cosh(a)", swift: "cosh(a)", arity: 1, .floating(bool: .float32), cost: 16,
                       transcendental: true, domain: "", c: C(floating: "cosh{f}({0})"),
                       derivative: .unary(g * .call(.sinh, a)))
        case .round:
            return Row("round", numpy: "np.round(a)", swift: "round(a)", arity: 1, .sameType(bool: .promotes(.float32)),
                       domain: "half to even; integers unchanged", c: C(floating: "rint{f}({0})", integer: "{0}"),
                       derivative: .zero)
        case .trunc:
            return Row("trunc", numpy: "np.trunc(a)", swift: "trunc(a)", arity: 1, .sameType(bool: .runs(.identity)),
                       c: C(floating: "trunc{f}({0})", integer: "{0}"),
                       derivative: .zero)
        case .sign:
            return Row("sign", numpy: "np.sign(a)", swift: "sign(a)", arity: 1, .sameType(bool: .refused("not supported for bool")),
                       domain: "0 for -0, NaN kept",
                       c: C(floating: "({0} > {zero} ? {one} : ({0} < {zero} ? -{one} : ({0} != {0} ? {0} : {zero})))",
                            integer: "(({t})(({t})({0} > 0) - ({t})({0} < 0)))"),
                       derivative: .zero)
        case .isnan:
            return Row("isnan", numpy: "np.isnan(a)", swift: "isnan(a)", arity: 1, .predicate,
                       c: C(floating: "((uint8_t)__builtin_isnan({0}))", integer: "((uint8_t)0)", bool: "((uint8_t)0)"),
                       derivative: .zero)
        case .isinf:
            return Row("isinf", numpy: "np.isinf(a)", swift: "isinf(a)", arity: 1, .predicate,
                       c: C(floating: "((uint8_t)(__builtin_isinf({0}) != 0))", integer: "((uint8_t)0)", bool: "((uint8_t)0)"),
                       derivative: .zero)
        case .isfinite:
            return Row("isfinite", numpy: "np.isfinite(a)", swift: "isfinite(a)", arity: 1, .predicate,
                       c: C(floating: "((uint8_t)__builtin_isfinite({0}))", integer: "((uint8_t)1)", bool: "((uint8_t)1)"),
                       derivative: .zero)
        case .logicalNot:
            return Row("logical_not", numpy: "np.logical_not(a)", swift: "logicalNot(a)", arity: 1, .predicate,
                       domain: "NaN counts as true", c: .all("((uint8_t)({0} == 0))"),
                       derivative: .zero)
        case .atan2:
            return Row("arctan2", numpy: "np.arctan2(a, b)", swift: "atan2(a, b)", arity: 2, .floating(bool: .float32), cost: 16,
                       transcendental: true, c: C(floating: "atan2{f}({0}, {1})"),
                       derivative: .binary(g * b / (a * a + b * b), -(g * a) / (a * a + b * b)))
        case .invert:
            return Row("invert", numpy: "~a", swift: "~a", arity: 1, .integerOrBool, domain: "logical not on bool",
                       c: C(integer: "(({t})~{0})", bool: "((uint8_t)({0} ^ 1))"),
                       derivative: .zero)
        case .identity:
            return Row("identity", numpy: nil, swift: nil, arity: 1, .sameType(bool: .runs(.identity)), c: .all("{0}"),
                       derivative: .unary(g))
        case .add:
            return Row("add", numpy: "a + b", swift: "a + b", arity: 2, .sameType(bool: .runs(.bitOr)),
                       c: C(floating: "({0} + {1})", integer: C.wrapping("+")),
                       derivative: .binary(g, g))
        case .subtract:
            return Row("subtract", numpy: "a - b", swift: "a - b", arity: 2,
                       .sameType(bool: .refused("numpy boolean subtract, the `-` operator, is not supported; use the `^` operator instead")),
                       c: C(floating: "({0} - {1})", integer: C.wrapping("-")),
                       derivative: .binary(g, -g))
        case .multiply:
            return Row("multiply", numpy: "a * b", swift: "a * b", arity: 2, .sameType(bool: .runs(.bitAnd)),
                       c: C(floating: "({0} * {1})", integer: C.wrapping("*")),
                       derivative: .binary(g * b, g * a))
        case .divide:
            return Row("divide", numpy: "a / b", swift: "a / b", arity: 2, .floating(bool: .float64), cost: 4,
                       c: C(floating: "({0} / {1})"),
                       derivative: .binary(g / b, -(g * a) / (b * b)))
        case .remainder:
            return Row("remainder", numpy: "a % b", swift: "a % b", arity: 2, .sameType(bool: .promotes(.int64)), cost: 4,
                       domain: "the sign of the divisor; integer `% 0` gives 0",
                       c: C(floating: "{remainder}({0}, {1})", integer: "{remainder}({0}, {1})"),
                       derivative: .binary(g, -(g * .apply(.floorDivide, [a, b]))))
        case .power:
            return Row("power", numpy: "a ** b", swift: "a ** b", arity: 2, .sameType(bool: .promotes(.int64)), cost: 16,
                       domain: "a negative integer exponent gives the truncated real result (NumPy raises)",
                       c: C(floating: "pow{f}({0}, {1})", integer: "{power}({0}, {1})"),
                       derivative: .binary(.select(b .== 0, 0, g * b * .power(a, b - 1)), .select((a .== 0) & (b .>= 0), 0, g * r * .call(.log, a))))
        case .floorDivide:
            return Row("floor_divide", numpy: "a // b", swift: "floorDivide(a, b)", arity: 2, .sameType(bool: .promotes(.int64)), cost: 4,
                       domain: "rounds toward minus infinity; integer `// 0` gives 0, `min // -1` wraps; float `// 0` is `a / b`",
                       c: C(floating: "{floorDivide}({0}, {1})", integer: "{floorDivide}({0}, {1})"),
                       derivative: .zero)
        case .hypot:
            return Row("hypot", numpy: "np.hypot(a, b)", swift: "hypot(a, b)", arity: 2, .floating(bool: .float32), cost: 16,
                       transcendental: true, domain: "inf if either is infinite, even with NaN",
                       c: C(floating: "hypot{f}({0}, {1})"),
                       derivative: .binary(g * a / r, g * b / r))
        case .maximum:
            return Row("maximum", numpy: "np.maximum(a, b)", swift: "maximum(a, b)", arity: 2, .sameType(bool: .runs(.maximum)),
                       domain: "NaN propagating",
                       c: C(floating: "(({0} > {1} || {0} != {0}) ? {0} : {1})", integer: "({0} > {1} ? {0} : {1})",
                            bool: "((uint8_t)({0} | {1}))"),
                       derivative: .binary(.select(a .== b, g * 0.5, .select(a .< b, 0, g)), .select(a .== b, g * 0.5, .select(a .> b, 0, g))))
        case .minimum:
            return Row("minimum", numpy: "np.minimum(a, b)", swift: "minimum(a, b)", arity: 2, .sameType(bool: .runs(.minimum)),
                       domain: "NaN propagating",
                       c: C(floating: "(({0} < {1} || {0} != {0}) ? {0} : {1})", integer: "({0} < {1} ? {0} : {1})",
                            bool: "((uint8_t)({0} & {1}))"),
                       derivative: .binary(.select(a .== b, g * 0.5, .select(a .> b, 0, g)), .select(a .== b, g * 0.5, .select(a .< b, 0, g))))
        case .bitAnd:
            return Row("bitwise_and", numpy: "a & b", swift: "a & b", arity: 2, .integerOrBool,
                       c: C(integer: "(({t})({0} & {1}))", bool: "((uint8_t)({0} & {1}))"),
                       derivative: .zero)
        case .bitOr:
            return Row("bitwise_or", numpy: "a | b", swift: "a | b", arity: 2, .integerOrBool,
                       c: C(integer: "(({t})({0} | {1}))", bool: "((uint8_t)({0} | {1}))"),
                       derivative: .zero)
        case .bitXor:
            return Row("bitwise_xor", numpy: "a ^ b", swift: "a ^ b", arity: 2, .integerOrBool,
                       c: C(integer: "(({t})({0} ^ {1}))", bool: "((uint8_t)({0} ^ {1}))"),
                       derivative: .zero)
        case .equal:
            return Row("equal", numpy: "a == b", swift: "a .== b", arity: 2, .comparison, c: .all("((uint8_t)({0} == {1}))"),
                       derivative: .zero)
        case .notEqual:
            return Row("not_equal", numpy: "a != b", swift: "a .!= b", arity: 2, .comparison, c: .all("((uint8_t)({0} != {1}))"),
                       derivative: .zero)
        case .less:
            return Row("less", numpy: "a < b", swift: "a .< b", arity: 2, .comparison, c: .all("((uint8_t)({0} < {1}))"),
                       derivative: .zero)
        case .lessEqual:
            return Row("less_equal", numpy: "a <= b", swift: "a .<= b", arity: 2, .comparison, c: .all("((uint8_t)({0} <= {1}))"),
                       derivative: .zero)
        case .greater:
            return Row("greater", numpy: "a > b", swift: "a .> b", arity: 2, .comparison, c: .all("((uint8_t)({0} > {1}))"),
                       derivative: .zero)
        case .greaterEqual:
            return Row("greater_equal", numpy: "a >= b", swift: "a .>= b", arity: 2, .comparison, c: .all("((uint8_t)({0} >= {1}))"),
                       derivative: .zero)
        case .select:
            return Row("where", numpy: "np.where(cond, a, b)", swift: "NDArray.where(cond, a, b)", arity: 3, .select,
                       domain: "a non-bool condition counts nonzero as true", c: .all("({0} != 0 ? {1} : {2})"),
                       derivative: .cotangents([nil, .select(a, g, 0), .select(a, 0, g)]))
        case .sigmoidBackward:
            return Row("sigmoid_backward", numpy: nil, swift: nil, arity: 2, .floating(bool: .float32), cost: 3,
                       c: C(floating: "({0} * ({1} * ({one} - {1})))"),
                       derivative: .binary(.apply(.sigmoidBackward, [g, b]), g * (a * (1 - b * 2))))
        case .tanhBackward:
            return Row("tanh_backward", numpy: nil, swift: nil, arity: 2, .floating(bool: .float32), cost: 3,
                       c: C(floating: "({0} * ({one} - {1} * {1}))"),
                       derivative: .binary(.apply(.tanhBackward, [g, b]), -(g * (a * (b * 2)))))
        }
    }
}
