/// An error found while building or evaluating an array expression, or while reading data.
///
/// The message always starts with the operation in brackets, e.g.
/// `[add] cannot broadcast (2, 3) with (4,): axis -1 has 3 and 4; sizes must match or be 1`.
/// Operators report these errors as a trap (like an array index out of range) unless they run
/// inside ``NDArray/checking(_:)``, which turns them into thrown errors.
///
/// NumPy equivalent: the `ValueError`, `TypeError` and `IndexError` NumPy raises.
public struct LazyArrayError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The operation that failed, e.g. `add`, `reshape`, `load`.
    public let operation: String
    /// What went wrong, without the operation prefix.
    public let reason: String

    /// Makes an error for `operation` saying `reason`.
    public init(_ operation: String, _ reason: String) {
        self.operation = operation
        self.reason = reason
    }

    /// The full message: `[operation] reason`.
    public var description: String { "[\(operation)] \(reason)" }
}
