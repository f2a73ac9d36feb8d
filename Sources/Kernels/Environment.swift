#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the `LAZYARRAY_*` environment settings.
package enum Environment {
    /// The value of the environment variable `name`, if set.
    package static func value(_ name: String) -> String? {
        guard let raw = getenv(name) else { return nil }
        return String(cString: raw)
    }

    /// Whether `LAZYARRAY_DEBUG=1` was set when the process first asked: read once, because
    /// `getenv` scans the whole environment, a microsecond and more per evaluate.
    package static let debug = value("LAZYARRAY_DEBUG") == "1"
}
