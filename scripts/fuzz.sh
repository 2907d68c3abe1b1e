#!/usr/bin/env bash
# Fuzzes every registered decoder (and the JSON tape) with libFuzzer + AddressSanitizer.
#
#   scripts/fuzz.sh [seconds]      default 60; corpus and crash files go to fuzz-out/ (git-ignored)
#
# The fuzz binary is RTLSCore's sources plus Tests/Fuzz/*.swift compiled as one module, seeded with
# every golden fixture (topic.txt + "\n" + payload, and the payload alone) and every past finding in
# Tests/Fuzz/findings/ (raw inputs, replayed first, so a regression fails at once). A crash or an
# invariant failure leaves fuzz-out/crash-* (replay with `fuzz-out/fuzz-decoders fuzz-out/crash-…`;
# add it to Tests/Fuzz/findings/ once fixed) and makes the script exit non-zero, which fails
# scripts/test.sh.
#
# The compile holds the machine's Swift build lock (RTLS_SWIFT_LOCK, default /tmp/swift-build.lock,
# as /work/bin/swiftb does) when flock is available; fuzzing itself runs without it.
# FUZZ_FORK=N runs N fuzzing processes (libFuzzer -fork) instead of one.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d /opt/swift/usr/bin ] && export PATH="/opt/swift/usr/bin:$PATH"
seconds="${1:-60}"
out=fuzz-out
lock="${RTLS_SWIFT_LOCK:-/tmp/swift-build.lock}"
mkdir -p "$out/corpus" "$out/seeds"

locked() { if command -v flock >/dev/null; then flock -o "$lock" "$@"; else "$@"; fi; }

echo "building $out/fuzz-decoders (swiftc -sanitize=fuzzer,address)…"
build_start=$SECONDS
locked swiftc -parse-as-library -sanitize=fuzzer,address -O -g -module-name RTLSFuzz \
    $(find Sources/RTLSCore -name '*.swift' | sort) Tests/Fuzz/*.swift -o "$out/fuzz-decoders"
echo "built in $((SECONDS - build_start)) s"

for dir in Tests/RTLSCoreTests/Fixtures/*/*/; do
    payload="$dir/payload.json"
    [[ -f "$payload" ]] || payload="$dir/payload.txt"
    [[ -f "$payload" && -f "$dir/topic.txt" ]] || continue
    name="$(basename "$(dirname "$dir")")-$(basename "$dir")"
    { tr -d '\n' < "$dir/topic.txt"; printf '\n'; cat "$payload"; } > "$out/seeds/$name"
    cp "$payload" "$out/seeds/$name-payload-only"
done
findings=0
for f in Tests/Fuzz/findings/*; do
    [[ -f "$f" && "$f" != *.md ]] || continue
    cp "$f" "$out/seeds/finding-$(basename "$f")"
    findings=$((findings + 1))
done
echo "seeds: $(ls "$out/seeds" | wc -l) ($findings past findings)"

fork=()
[[ -n "${FUZZ_FORK:-}" ]] && fork=(-fork="$FUZZ_FORK" -ignore_crashes=0)
echo "fuzzing for ${seconds}s…"
"$out/fuzz-decoders" "$out/corpus" "$out/seeds" "${fork[@]}" -max_total_time="$seconds" -max_len=16384 \
    -artifact_prefix="$out/" -print_final_stats=1 -timeout=10 -rss_limit_mb=4096
