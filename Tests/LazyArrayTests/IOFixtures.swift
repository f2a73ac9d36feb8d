import Foundation
import Testing
@testable import LazyArray

/// The files `Fixtures/make_io_fixtures.py` writes with NumPy into `Fixtures/io/`, found next to
/// this source file, and the values they hold.
enum IOFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent("io")

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    static func bytes(_ name: String) -> [UInt8] { [UInt8](FileManager.default.contents(atPath: path(name)) ?? Data()) }

    /// The 2x3 values every per-dtype fixture holds (`logical` in the script), row-major.
    static let bools = (0..<6).map { $0 % 3 == 0 }
    static let int32s = (0..<6).map { Int32($0 - 2) * 65539 }
    static let int64s = (0..<6).map { Int64($0 - 2) * (1 << 33) + Int64($0) }
    static let float32s = (0..<6).map { Float($0) * 0.5 - 1.25 }
    static let float64s = (0..<6).map { Double($0) * 0.25 - 0.3 }

    /// Checks that `array` holds the 2x3 fixture values of its dtype exactly.
    static func expectFixtureValues(_ array: NDArray, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(array.shape == [2, 3], sourceLocation: sourceLocation)
        switch array.dtype {
        case .bool: #expect(array.toArray(Bool.self) == bools, sourceLocation: sourceLocation)
        case .int8, .int16, .uint8, .uint16, .uint32, .uint64, .float16, .bfloat16: Issue.record("no 2x3 fixture of \(array.dtype): DTypesNPYTests reads those", sourceLocation: sourceLocation)
        case .int32: #expect(array.toArray(Int32.self) == int32s, sourceLocation: sourceLocation)
        case .int64: #expect(array.toArray(Int64.self) == int64s, sourceLocation: sourceLocation)
        case .float32: #expect(array.toArray(Float.self) == float32s, sourceLocation: sourceLocation)
        case .float64: #expect(array.toArray(Double.self) == float64s, sourceLocation: sourceLocation)
        }
    }

    /// A fresh path in the temporary directory; the caller removes the file.
    static func temporaryPath(_ suffix: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("lazyarray-\(UUID().uuidString)\(suffix)").path
    }
}


/// The in-memory bytes of `values`, to compare with decoded data.
func bytesOf<T: BitwiseCopyable>(_ values: [T]) -> [UInt8] {
    values.withUnsafeBytes { Array($0) }
}
