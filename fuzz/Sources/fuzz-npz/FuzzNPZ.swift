@testable import FuzzOracle

/// libFuzzer entry point: the input is a whole `.npz` archive.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNPZ(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    require(IOOracle.npz(bytes(start, count)))
    return 0
}

/// The program's entry (see `runFuzzer`).
@_cdecl("fuzz_npz_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzNPZ)
}
