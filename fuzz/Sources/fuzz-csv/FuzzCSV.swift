@testable import FuzzOracle
@testable import LazyArray

/// libFuzzer entry point. The first byte picks the options (bits 0-1 the delimiter, 2-3 the
/// missing-value policy, 4-5 the header lines skipped); the rest is the CSV text.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let input = bytes(start, count)
    guard let options = input.first else { return 0 }
    let delimiter: Character = [",", ";", "\t", " "][Int(options & 3)]
    let missing: MissingValuePolicy = [.nan, .error, .fill(-1), .nan][Int(options >> 2 & 3)]
    require(IOOracle.csv(Array(input.dropFirst()), delimiter: delimiter, skipHeader: Int(options >> 4 & 3), missing: missing))
    return 0
}

/// The program's entry (see `runFuzzer`).
@_cdecl("fuzz_csv_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzCSV)
}
