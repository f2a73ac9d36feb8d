// swift-tools-version:6.2
// 6.2 is the first tools version whose `unsafeFlags` SwiftPM accepts from a dependency: with it a
// user's `.package(url:from:)` builds LazyArray with the AVX2 + FMA flag below (README, "Install").
import PackageDescription

/// `haswell` = AVX2 + FMA + BMI2, the x86-64-v3 level (the clang importer does not know that name).
/// The hot loops are plain Swift loops over raw pointers; on x86-64 they only reach AVX2 and FMA
/// when the compiler may use them (about 2x on compute-bound kernels, see docs/performance.md).
/// `LAZYARRAY_PORTABLE=1` in the environment of `swift build` (the package's own or a user's)
/// builds for the baseline CPU instead, for machines without AVX2.
let portable = Context.environment["LAZYARRAY_PORTABLE"] == "1"
#if arch(x86_64)
let cpuFlags: [SwiftSetting] = portable ? [] : [.unsafeFlags(["-target-cpu", "haswell"])]
/// Tells CPUCheck which instructions the Swift targets were compiled for (a define, not a flag).
let cpuCheckSettings: [CSetting] = portable ? [] : [.define("LAZYARRAY_REQUIRES_HASWELL")]
#else
let cpuFlags: [SwiftSetting] = []
let cpuCheckSettings: [CSetting] = []
#endif

/// Lets the compiler vectorize `squareRoot()` and the other libm calls the hot loops make: with
/// C's default `-fmath-errno` on Linux, a call that may set `errno` is kept scalar (an Adam
/// update of a 784x256 float32 parameter: 510 -> 255 µs on 1 thread, AMD EPYC, docs/performance.md). No LazyArray
/// code reads `errno` after a math call.
let mathFlags: [SwiftSetting] = [.unsafeFlags(["-Xcc", "-fno-math-errno"])]
/// What every Swift target of the package is compiled with.
let swiftFlags = cpuFlags + mathFlags

let package = Package(
    name: "LazyArray",
    // Int128 (in `arange`) needs the Swift 6 runtime of these releases; Linux needs no entry.
    platforms: [.macOS(.v15), .iOS(.v18), .tvOS(.v18), .watchOS(.v11), .visionOS(.v2)],
    products: [
        .library(name: "LazyArray", targets: ["LazyArray"]),
        .library(name: "LazyArrayMPI", targets: ["LazyArrayMPI"]),
        .executable(name: "bench", targets: ["bench"]),
        .executable(name: "distributed-example", targets: ["distributed-example"]),
        .executable(name: "distributed-check", targets: ["distributed-check"]),
    ],
    /// `swift build --traits MPI` builds the Open MPI communicator (needs `libopenmpi-dev`);
    /// without it the package needs nothing beyond the Swift toolchain and the distributed
    /// executables run on the one-rank local communicator (see docs/distributed.md).
    traits: [.trait(name: "MPI", description: "Open MPI communicator for DistributedArray (libopenmpi-dev)")],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        /// Compiled with no CPU flags: its constructor runs before `main` and stops a haswell build
        /// on a CPU without AVX2 with a message naming LAZYARRAY_PORTABLE=1, instead of SIGILL.
        .target(name: "CPUCheck", cSettings: cpuCheckSettings),
        .target(name: "Kernels", dependencies: ["CPUCheck"], swiftSettings: swiftFlags),
        .target(name: "Scheduler", dependencies: ["Kernels"], swiftSettings: swiftFlags),
        .target(name: "LazyArray", dependencies: ["Scheduler", "Kernels"], swiftSettings: swiftFlags),
        .systemLibrary(name: "CMPI", pkgConfig: "ompi", providers: [.apt(["libopenmpi-dev"])]),
        .target(
            name: "LazyArrayMPI",
            dependencies: ["LazyArray", .target(name: "CMPI", condition: .when(traits: ["MPI"]))],
            swiftSettings: swiftFlags),
        .executableTarget(name: "distributed-example", dependencies: ["LazyArray", "LazyArrayMPI"], swiftSettings: swiftFlags),
        .executableTarget(name: "distributed-check", dependencies: ["LazyArray", "LazyArrayMPI"], swiftSettings: swiftFlags),
        /// SVG line charts: the bench's GB/s chart and the training article's loss curve (drawn by a test).
        .target(name: "Charts"),
        .executableTarget(
            name: "bench",
            dependencies: ["LazyArray", "Charts", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftFlags),
        .testTarget(name: "KernelsTests", dependencies: ["Kernels"], swiftSettings: swiftFlags),
        .testTarget(name: "LazyArrayTests", dependencies: ["LazyArray", "Scheduler", "Kernels", "Charts"], exclude: ["Fixtures"], swiftSettings: swiftFlags),
    ]
)

// The documentation plugin only for those who build the documentation, so that users of the
// package never resolve it (as mlx-swift does): `LAZYARRAY_BUILD_DOC=1 swift package
// generate-documentation --target LazyArray`; the Swift Package Index sets SPI_GENERATE_DOCS.
if Context.environment["LAZYARRAY_BUILD_DOC"] == "1" || Context.environment["SPI_GENERATE_DOCS"] == "1" {
    package.dependencies.append(.package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"))
}
