#!/usr/bin/env bash
# Builds the libFuzzer targets (with AddressSanitizer) and runs them for a bounded time.
#   fuzz/run.sh TARGET SECONDS [libFuzzer options...]   TARGET: npy, npz, inflate, csv or all
# Each target first replays its committed regression inputs (fuzz/regressions/TARGET), then
# fuzzes for SECONDS from its committed seeds (fuzz/corpus/TARGET) plus what earlier runs found
# (fuzz/.work/corpus/TARGET, not committed). A crash leaves its input in
# fuzz/.work/crashes/TARGET and makes the script fail. See docs/fuzzing.md.
set -euo pipefail
cd "$(dirname "$0")"
if [ $# -lt 2 ]; then
    echo "usage: fuzz/run.sh npy|npz|inflate|csv|all SECONDS [libFuzzer options...]" >&2
    exit 2
fi
target=$1 seconds=$2
shift 2
targets=("$target")
[ "$target" = all ] && targets=(npy npz inflate csv)
for name in "${targets[@]}"; do
    [ -d "corpus/$name" ] || { echo "fuzz/run.sh: unknown target '$name'" >&2; exit 2; }
done
# Debug, so that `@testable import LazyArray` reaches the internal parsers; the flags instrument
# LazyArray too. Its own scratch path keeps the package's default build untouched.
build=(swift build --scratch-path .work/build -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library)
for name in "${targets[@]}"; do "${build[@]}" --product "fuzz-$name"; done
bin=$("${build[@]}" --show-bin-path)
# Swift's crash backtracer runs beside AddressSanitizer and trips it; libFuzzer reports the crash.
export SWIFT_BACKTRACE=enable=no
for name in "${targets[@]}"; do
    mkdir -p ".work/corpus/$name" ".work/crashes/$name"
    regressions=(regressions/"$name"/*)
    if [ -e "${regressions[0]}" ]; then
        echo "fuzz-$name: replaying ${#regressions[@]} regression inputs"
        "$bin/fuzz-$name" "${regressions[@]}"
    fi
    dict=()
    [ -f "dicts/$name.dict" ] && dict=(-dict="dicts/$name.dict")
    echo "fuzz-$name: fuzzing for ${seconds}s"
    "$bin/fuzz-$name" ${dict[@]+"${dict[@]}"} -max_total_time="$seconds" -print_final_stats=1 -rss_limit_mb=2048 -timeout=10 \
        -max_len=65536 -artifact_prefix=".work/crashes/$name/" "$@" ".work/corpus/$name" "corpus/$name"
done
