#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A value that can only be reached with its lock held: `withLock` lends it to a closure, and
/// nothing else does, so every access is serialized by construction rather than by a comment.
/// The value may be noncopyable (then it cannot be copied out of the closure either).
///
/// Public, in a module users do not import (`import LazyArray` does not re-export it): every
/// evaluation takes two of these locks from LazyArray and one from Scheduler, and Swift
/// specializes and inlines a generic method across modules only when it is public (a `package`
/// one is an unspecialized call; docs/performance.md, "Package access").
public final class Locked<Value: ~Copyable>: @unchecked Sendable {
    @usableFromInline let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    @usableFromInline var value: Value

    public init(_ value: consuming Value) {
        self.value = value
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` on the value with the lock held.
    @inlinable @inline(__always)
    public func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
