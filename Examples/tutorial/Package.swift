// swift-tools-version:6.2
// A user's package: it depends on LazyArray by version, as the README's install section says.
import PackageDescription

/// Where LazyArray comes from: `LAZYARRAY_URL` (`.ci/run` sets it to a tagged clone of the
/// checkout), otherwise the checkout this example sits in, which then needs a tag such as 0.1.0
/// (`git tag 0.1.0` at the repository's root).
let lazyArrayURL = Context.environment["LAZYARRAY_URL"]
    ?? "file://" + Context.packageDirectory.split(separator: "/").dropLast(2).map { "/" + $0 }.joined()
/// SwiftPM names a dependency after its URL's last component ("LazyArray" for the project's own
/// repository and for `.ci/run`'s clone, the folder's name for a checkout elsewhere).
let lazyArrayPackage = String(lazyArrayURL.split(separator: "/").last!).replacing(".git", with: "")

let package = Package(
    name: "tutorial",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: lazyArrayURL, from: "0.1.0"),
    ],
    targets: [
        .executableTarget(name: "tutorial", dependencies: [.product(name: "LazyArray", package: lazyArrayPackage)]),
    ]
)
