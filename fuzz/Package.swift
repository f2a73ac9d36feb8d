// swift-tools-version:6.2
// libFuzzer targets for LazyArray's file readers, in a package of their own so that the main
// package's `swift build` and `swift test` neither build them nor need their flags. Built and run by
// fuzz/run.sh (see docs/fuzzing.md): `swift build -Xswiftc -sanitize=fuzzer,address
// -Xswiftc -parse-as-library`, which also instruments LazyArray itself for coverage.
import PackageDescription

let lazyArray: Target.Dependency = .product(name: "LazyArray", package: "LazyArray")

let package = Package(
    name: "LazyArrayFuzz",
    dependencies: [.package(name: "LazyArray", path: "..")],
    targets: [
        /// zlib, the reference the inflater is compared with (zlib1g-dev).
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        /// libFuzzer's `LLVMFuzzerRunDriver`, linked in by `-sanitize=fuzzer`.
        .systemLibrary(name: "CLibFuzzer"),
        /// The reader contract shared with the tests (Tests/LazyArrayTests/IOOracle.swift, symlinked)
        /// and the entry point every target runs.
        .target(name: "FuzzOracle", dependencies: [lazyArray, "CLibFuzzer"]),
        .executableTarget(name: "fuzz-npy", dependencies: ["FuzzOracle"]),
        .executableTarget(name: "fuzz-npz", dependencies: ["FuzzOracle"]),
        .executableTarget(name: "fuzz-inflate", dependencies: ["FuzzOracle", "CZlib", lazyArray]),
        .executableTarget(name: "fuzz-csv", dependencies: ["FuzzOracle", lazyArray]),
    ]
)
