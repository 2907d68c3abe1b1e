#!/usr/bin/env bash
# Fuzzes every registered decoder (and the JSON tape) with libFuzzer + AddressSanitizer.
#
#   scripts/fuzz.sh [seconds]      default 60; corpus and crash files go to fuzz-out/ (git-ignored)
#
# The fuzz binary is RTLSCore's sources plus Tests/Fuzz/*.swift compiled as one module, seeded with
# every golden fixture (topic.txt + "\n" + payload). A crash leaves fuzz-out/crash-* to replay with
# `fuzz-out/fuzz-decoders fuzz-out/crash-…`.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
out=fuzz-out
mkdir -p "$out/corpus" "$out/seeds"

echo "building $out/fuzz-decoders (swiftc -sanitize=fuzzer,address)…"
swiftc -parse-as-library -sanitize=fuzzer,address -O -g -module-name RTLSFuzz \
    $(find Sources/RTLSCore -name '*.swift' | sort) Tests/Fuzz/*.swift -o "$out/fuzz-decoders"

for dir in Tests/RTLSCoreTests/Fixtures/*/*/; do
    payload="$dir/payload.json"
    [[ -f "$payload" ]] || payload="$dir/payload.txt"
    [[ -f "$payload" && -f "$dir/topic.txt" ]] || continue
    name="$(basename "$(dirname "$dir")")-$(basename "$dir")"
    { tr -d '\n' < "$dir/topic.txt"; printf '\n'; cat "$payload"; } > "$out/seeds/$name"
    cp "$payload" "$out/seeds/$name-payload-only"
done

echo "fuzzing for ${seconds}s…"
"$out/fuzz-decoders" "$out/corpus" "$out/seeds" -max_total_time="$seconds" -max_len=16384 \
    -artifact_prefix="$out/" -print_final_stats=1 -timeout=10 -rss_limit_mb=4096
