#!/bin/sh
# The issue-8 `linear` measurements: LazyArray's matmul through the public API (release build),
# then NumPy's on the same shapes. Builds a throwaway package in $TMPDIR that depends on this
# checkout (a path dependency is named after its folder, so the manifest is written here rather
# than committed), to leave Package.swift and Sources/bench alone.
set -e
root=$(cd "$(dirname "$0")/../.." && pwd)
work=${TMPDIR:-/tmp}/lazyarray-linalg-bench
mkdir -p "$work/Sources/linalgbench"
cp "$(dirname "$0")/main.swift" "$work/Sources/linalgbench/main.swift"
cat > "$work/Package.swift" <<MANIFEST
// swift-tools-version:6.0
import PackageDescription
let package = Package(
    name: "linalgbench",
    dependencies: [.package(path: "$root")],
    targets: [.executableTarget(name: "linalgbench", dependencies: [.product(name: "LazyArray", package: "$(basename "$root")")],
                                swiftSettings: [.unsafeFlags(["-target-cpu", "haswell"])])]
)
MANIFEST
(cd "$work" && swift build -c release >/dev/null && .build/release/linalgbench)
for threads in 1 2; do
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=$threads python3 "$(dirname "$0")/numpy_linalg.py" $threads
done
