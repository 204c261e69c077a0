#!/usr/bin/env bash
# Builds Herald's fuzz targets with libFuzzer + AddressSanitizer and runs one of them.
#
#   Tools/fuzz/libfuzzer.sh TARGET [libFuzzer flags...]      e.g. Tools/fuzz/libfuzzer.sh pattern -max_total_time=300
#
# Runs from the repository root. The seed corpus Tests/Fuzz/corpus/TARGET is read-only input; new interesting
# inputs go to .build-fuzz/libfuzzer/TARGET (git-ignored), crashes to .build-fuzz/libfuzzer/crashes/TARGET.
set -euo pipefail
target="${1:?usage: Tools/fuzz/libfuzzer.sh TARGET [libFuzzer flags...]}"
shift
root="$(cd "$(dirname "$0")/../.." && pwd)"
package="$root/Tools/fuzz/libfuzzer"
scratch="${HERALD_FUZZ_SCRATCH:-$root/.build-libfuzzer}"
swift build --package-path "$package" --scratch-path "$scratch" -c release \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library --product herald-libfuzzer
binary="$(swift build --package-path "$package" --scratch-path "$scratch" -c release --show-bin-path)/herald-libfuzzer"
work="$root/.build-fuzz/libfuzzer/$target"
crashes="$root/.build-fuzz/libfuzzer/crashes/$target"
mkdir -p "$work" "$crashes"
export HERALD_FUZZ_TARGET="$target"
# The Swift runtime's backtracer and ASan both handle the crash signal; under ASan the backtracer's memory reads
# are reported as a bogus "heap-use-after-free in memserver_read". Let libFuzzer/ASan report (override to see
# Swift's backtrace, e.g. SWIFT_BACKTRACE=enable=yes).
export SWIFT_BACKTRACE="${SWIFT_BACKTRACE:-enable=no}"
exec "$binary" -artifact_prefix="$crashes/" -max_len=16384 -timeout=10 -rss_limit_mb=2048 "$@" \
    "$work" "$root/Tests/Fuzz/corpus/$target"
