import Kernels

/// Collects the first error raised inside an `NDArray.checking` scope.
final class ErrorCollector: @unchecked Sendable {
    private let lock = Mutex()
    private var errors: [LazyArrayError] = []

    func record(_ error: LazyArrayError) { lock.withLock { errors.append(error) } }
    var first: LazyArrayError? { lock.withLock { errors.first } }
}

enum ErrorScope {
    /// The innermost `checking` scope of the current task or thread, if any.
    @TaskLocal static var collector: ErrorCollector?

    /// Reports `error`: recorded for the enclosing `checking` scope, or a trap (like an array
    /// index out of range) when there is none.
    static func report(_ error: LazyArrayError) {
        if let collector { collector.record(error) } else { preconditionFailure(error.description) }
    }
}

extension NDArray {
    /// Runs `body`, turning every shape, dtype, axis and index error raised by array operations
    /// inside it into a thrown ``LazyArrayError`` (the first one) instead of a trap.
    ///
    /// Inside the scope a failing operation returns a placeholder array of zeros so that `body`
    /// can run to its end; its results are discarded when the scope throws.
    /// NumPy equivalent: a `try`/`except ValueError` around NumPy calls.
    ///
    /// ```swift
    /// do {
    ///     let y = try NDArray.checking { a + b }   // shapes (2, 3) and (4,)
    /// } catch {
    ///     print(error)   // [add] cannot broadcast (2, 3) with (4,): axis -1 has 3 and 4; ...
    /// }
    /// ```
    public static func checking<R>(_ body: () throws -> R) throws -> R {
        let collector = ErrorCollector()
        let result = try ErrorScope.$collector.withValue(collector) { try body() }
        if let error = collector.first { throw error }
        return result
    }

    /// Reports `error` and returns the zero-filled placeholder of `shape` and `dtype` that a
    /// failed operation yields inside a `checking` scope.
    static func failed(_ error: LazyArrayError, shape: [Int], dtype: DType) -> NDArray {
        ErrorScope.report(error)
        return NDArray.full(shape.map { Swift.max($0, 0) }, Scalar.int(0), dtype: dtype)
    }
}
