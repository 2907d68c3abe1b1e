#!/usr/bin/env bash
# rtlsd benchmarks: builds release once, starts a private mosquitto + PostgreSQL under .run/bench,
# and runs the rtls-bench subcommands, printing figures (no pass/fail; see BENCHMARKS.md).
#
#   scripts/bench.sh [ring] [decode] [pipeline] [callgrind] [rules] [writer] [e2e]   (default: all, in that order)
#
# e2e runs rtlsd with config/site.toml + config/rules.toml and times alerts (publish → alert received).
# Environment: RTLSD_PG_PORT, RTLSD_MQTT_PORT (see scripts/lib/services.sh), E2E_ARGS (extra
# `rtls-bench e2e` options, e.g. "--rates 50000 --seconds 30"), CALLGRIND_N (readings, default 100000),
# WRITER_ARGS (extra `rtls-bench writer` options, e.g. "--rows 2000000 --rounds 5").
#
# writer: the daemon's writer ([writer] connections = 1 and 2) against `psql \copy` (binary) of the
# same rows into the same tables, in a database of its own (rtls_writer_bench, truncated between
# phases) on the private cluster.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d /opt/swift/usr/bin ] && export PATH="/opt/swift/usr/bin:$PATH"
STEPS=("$@")
[ ${#STEPS[@]} -eq 0 ] && STEPS=(ring decode pipeline callgrind rules writer e2e)
want() { local s; for s in "${STEPS[@]}"; do [ "$s" = "$1" ] && return 0; done; return 1; }

export RTLSD_RUN_DIR="${RTLSD_RUN_DIR:-$PWD/.run/bench}"
# shellcheck source=lib/services.sh
source scripts/lib/services.sh
rtls_install_deps
if want callgrind && ! command -v valgrind >/dev/null; then
    rtls_log "installing valgrind"
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo=sudo
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq valgrind >/dev/null
fi

rtls_log "building release (rtlsd, rtls-sim, rtls-bench)"
swift build -c release 2>&1 | grep -E 'error:|warning:|Compiling|Build' | grep -v '^\[' || true
BIN="$(swift build -c release --show-bin-path)"
[ -x "$BIN/rtls-bench" ] || { echo "release build failed" >&2; exit 1; }

rtls_log "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) RAM"

if want ring; then
    rtls_log "rtls-bench ring"
    "$BIN/rtls-bench" ring
fi
if want pipeline; then
    rtls_log "rtls-bench pipeline"
    "$BIN/rtls-bench" pipeline --seconds 10
fi
if want callgrind; then
    N=${CALLGRIND_N:-100000}
    OUT="$RTLSD_RUN_DIR/callgrind"
    mkdir -p "$OUT"
    # Valgrind 3.19 cannot read the DWARF 5 the Swift 6.3 toolchain emits: profile a copy without
    # debug info (the symbol table stays, so functions are still named).
    objcopy --strip-debug "$BIN/rtls-bench" "$OUT/rtls-bench-nodebug"
    rtls_log "callgrind: pipeline --iterations $N (only PipelineBenchmark.callgrindMeasured is counted)"
    valgrind --tool=callgrind --collect-atstart=no --toggle-collect='*callgrindMeasured*' \
        --callgrind-out-file="$OUT/pipeline.out" "$OUT/rtls-bench-nodebug" pipeline --iterations "$N" >/dev/null 2>&1
    ir=$(awk '/^summary:/ {print $2}' "$OUT/pipeline.out")
    echo "callgrind: $((ir / N)) instructions/reading ($ir Ir over $N readings; redelivery filter + decode + locate + rules + encode)"
    # The duplicate check alone, before and after issue 12, on the same 1,000 messages × 50 readings.
    for which in previous current; do
        valgrind --tool=callgrind --collect-atstart=no --toggle-collect='*callgrindMeasured*' \
            --callgrind-out-file="$OUT/dedup-$which.out" "$OUT/rtls-bench-nodebug" pipeline --iterations 20 \
            --dedup-only "$which" >/dev/null 2>&1
        dir=$(awk '/^summary:/ {print $2}' "$OUT/dedup-$which.out")
        echo "callgrind: duplicate check ($which): $((dir / 20000)) instructions/message, $((dir / 1000000)) instructions/reading (20,000 messages of 50)"
    done
    echo "top functions, inclusive (callgrind_annotate --inclusive=yes $OUT/pipeline.out):"
    callgrind_annotate --inclusive=yes "$OUT/pipeline.out" 2>/dev/null | sed -n '/file:function/,$p' |
        sed -n '3,$p' | grep -v '(100.0%)' | swift demangle --simplified | grep -v 'protocol witness' | head -20 |
        sed 's/ \[.*\]$//' | cut -c1-150 || true  # head closes the pipe early (SIGPIPE under pipefail)
    echo "top functions, own instructions:"
    callgrind_annotate "$OUT/pipeline.out" 2>/dev/null | sed -n '/file:function/,$p' | sed -n '3,16p' |
        swift demangle --simplified | sed 's/ \[.*\]$//' | cut -c1-150 || true
fi
if want decode; then
    rtls_log "rtls-bench decode (per format, vs JSONDecoder)"
    "$BIN/rtls-bench" decode --seconds 2
fi

if want rules; then
    rtls_log "rtls-bench rules (50,000 tags, 2,000 zones)"
    "$BIN/rtls-bench" rules --tags 50000 --zones 2000 --seconds 10
fi
if want writer; then
    rtls_services_start
    trap rtls_services_stop EXIT
    PSQL_ADMIN=(psql -h 127.0.0.1 -p "$RTLSD_PG_PORT" -U postgres -d postgres -qtA)
    if [ "$("${PSQL_ADMIN[@]}" -c "SELECT 1 FROM pg_database WHERE datname = 'rtls_writer_bench'")" != "1" ]; then
        "${PSQL_ADMIN[@]}" -c "CREATE DATABASE rtls_writer_bench OWNER $RTLSD_PG_USER"
    fi
    rtls_log "rtls-bench writer (vs psql \\copy of the same rows, same run)"
    # shellcheck disable=SC2086
    "$BIN/rtls-bench" writer --pg-dsn "$(rtls_pg_dsn | sed "s/dbname=[^ ]*/dbname=rtls_writer_bench/")" \
        --migrations "$PWD/sql" --pg-pid-file "$(rtls_pg_data)/postmaster.pid" --allow-truncate ${WRITER_ARGS:-}
fi
if want e2e; then
    rtls_services_start
    trap rtls_services_stop EXIT
    PSQL_ADMIN=(psql -h 127.0.0.1 -p "$RTLSD_PG_PORT" -U postgres -d postgres -qtA)
    if [ "$("${PSQL_ADMIN[@]}" -c 'SHOW track_commit_timestamp')" != "on" ]; then
        rtls_log "enabling track_commit_timestamp (per-row receipt→commit latency) and restarting PostgreSQL"
        "${PSQL_ADMIN[@]}" -c "ALTER SYSTEM SET track_commit_timestamp = on"
        rtls_as_pg pg_ctl -D "$(rtls_pg_data)" -l "$(rtls_pg_data)/server.log" -w -t 60 restart >/dev/null
    fi
    rtls_log "rtls-bench e2e (logs in $RTLSD_RUN_DIR)"
    # shellcheck disable=SC2086
    "$BIN/rtls-bench" e2e --pg-dsn "$(rtls_pg_dsn)" --mqtt-port "$RTLSD_MQTT_PORT" --run-dir "$RTLSD_RUN_DIR" \
        --migrations "$PWD/sql" ${E2E_ARGS:-}
fi
