/// A single constant value carried in a graph or a kernel program, before it is given a dtype.
///
/// NumPy equivalent: a Python `bool`, `int` or `float` scalar (NEP 50's "weak" scalars).
public enum Scalar: Hashable, Sendable, CustomStringConvertible {
    case bool(Bool)
    case int(Int64)
    case float(Double)

    /// The value as a Double (booleans are 0 and 1).
    public var doubleValue: Double {
        switch self {
        case .bool(let b): b ? 1 : 0
        case .int(let i): Double(i)
        case .float(let d): d
        }
    }

    /// The value as an Int64, converting as a cast to int64 does.
    public var int64Value: Int64 {
        switch self {
        case .bool(let b): b ? 1 : 0
        case .int(let i): i
        case .float(let d): Int64(castingDouble: d)
        }
    }

    /// The value as a truth value (nonzero is true, as `bool(x)` in Python).
    public var boolValue: Bool {
        switch self {
        case .bool(let b): b
        case .int(let i): i != 0
        case .float(let d): d != 0
        }
    }

    public var description: String {
        switch self {
        case .bool(let b): b ? "True" : "False"
        case .int(let i): String(i)
        case .float(let d): String(d)
        }
    }
}
