@testable import FuzzOracle

/// libFuzzer entry point: an options byte, then CSV text (see `IOOracle.csv(fuzzInput:)`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    require(IOOracle.csv(fuzzInput: bytes(start, count)))
    return 0
}

/// The program's entry (see `runFuzzer`).
@_cdecl("fuzz_csv_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzCSV)
}
