// swift-tools-version:6.1
import PackageDescription
import Foundation

/// `haswell` = AVX2 + FMA + BMI2, the x86-64-v3 level (the clang importer does not know that name).
/// The hot loops are plain Swift loops over raw pointers; on x86-64 they only reach AVX2 and FMA
/// when the compiler may use them (about 2x on compute-bound kernels, see docs/performance.md).
/// `LAZYARRAY_PORTABLE=1` builds for the baseline CPU instead (for machines without AVX2).
let portable = ProcessInfo.processInfo.environment["LAZYARRAY_PORTABLE"] == "1"
#if arch(x86_64)
let cpuFlags: [SwiftSetting] = portable ? [] : [.unsafeFlags(["-target-cpu", "haswell"])]
#else
let cpuFlags: [SwiftSetting] = []
#endif

let package = Package(
    name: "LazyArray",
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
        .target(name: "Kernels", swiftSettings: cpuFlags),
        .target(name: "Scheduler", dependencies: ["Kernels"], swiftSettings: cpuFlags),
        .target(name: "LazyArray", dependencies: ["Scheduler", "Kernels"], swiftSettings: cpuFlags),
        .systemLibrary(name: "CMPI", pkgConfig: "ompi", providers: [.apt(["libopenmpi-dev"])]),
        .target(
            name: "LazyArrayMPI",
            dependencies: ["LazyArray", .target(name: "CMPI", condition: .when(traits: ["MPI"]))],
            swiftSettings: cpuFlags),
        .executableTarget(name: "distributed-example", dependencies: ["LazyArray", "LazyArrayMPI"], swiftSettings: cpuFlags),
        .executableTarget(name: "distributed-check", dependencies: ["LazyArray", "LazyArrayMPI"], swiftSettings: cpuFlags),
        .executableTarget(
            name: "bench",
            dependencies: ["LazyArray", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: cpuFlags),
        .testTarget(name: "KernelsTests", dependencies: ["Kernels"], swiftSettings: cpuFlags),
        .testTarget(name: "LazyArrayTests", dependencies: ["LazyArray", "Scheduler", "Kernels"], exclude: ["Fixtures"], swiftSettings: cpuFlags),
    ]
)
