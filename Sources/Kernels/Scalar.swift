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

    /// Two scalars are the same constant when they hold the same bits: a graph, a plan cache
    /// key or a program's constant table must tell -0.0 from 0.0 (`x * -0.0` is -0 for positive
    /// x), and must find a NaN constant again (NaN != NaN under IEEE comparison).
    public static func == (lhs: Scalar, rhs: Scalar) -> Bool {
        switch (lhs, rhs) {
        case (.bool(let a), .bool(let b)): a == b
        case (.int(let a), .int(let b)): a == b
        case (.float(let a), .float(let b)): a.bitPattern == b.bitPattern
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .bool(let b): hasher.combine(0); hasher.combine(b)
        case .int(let i): hasher.combine(1); hasher.combine(i)
        case .float(let d): hasher.combine(2); hasher.combine(d.bitPattern)
        }
    }
}
