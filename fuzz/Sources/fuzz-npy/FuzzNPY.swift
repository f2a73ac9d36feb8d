@testable import FuzzOracle

/// libFuzzer entry point: the input is a whole `.npy` file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNPY(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    require(IOOracle.npy(bytes(start, count)))
    return 0
}

/// The program's entry (see `runFuzzer`).
@_cdecl("fuzz_npy_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzNPY)
}
