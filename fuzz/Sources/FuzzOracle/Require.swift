import CLibFuzzer

/// Traps when `outcome` broke the reader contract, so that libFuzzer keeps the input as a crash.
func require(_ outcome: IOOracle.Outcome) {
    if let violation = outcome.violation { fatalError("reader contract broken: \(violation)") }
}

/// The fuzzer's input as bytes.
func bytes(_ start: UnsafePointer<UInt8>?, _ count: Int) -> [UInt8] {
    guard let start, count > 0 else { return [] }
    return Array(UnsafeBufferPointer(start: start, count: count))
}

/// Runs libFuzzer on `test` with the program's arguments. SwiftPM links each executable's `main`
/// to `<module>_main` (so a test can link the executable), which keeps libFuzzer's own `main`
/// out of the link; each target defines that symbol and calls this.
func runFuzzer(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
               _ test: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments, test)
}
