#!/usr/bin/env bash
# Runs every rtlsd test on this machine: installs what is missing (apt-get), starts a private
# mosquitto and PostgreSQL on loopback in a scratch directory, runs the unit and integration
# tests (swift test), the ring buffer, writer, spool and write-ahead log under ThreadSanitizer, a 60 s
# fuzz of every decoder (scripts/fuzz.sh; RTLSD_FUZZ_SECONDS), and the process-level scenarios in
# scripts/it/. Exit status is non-zero if anything failed.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d /opt/swift/usr/bin ] && export PATH="/opt/swift/usr/bin:$PATH"

export RTLSD_RUN_DIR="${RTLSD_RUN_DIR:-$PWD/.run/test}"
export RTLSD_PG_PORT="${RTLSD_PG_PORT:-55433}"
export RTLSD_MQTT_PORT="${RTLSD_MQTT_PORT:-18831}"
# shellcheck source=lib/services.sh
source scripts/lib/services.sh

rtls_install_deps
rtls_services_stop 2>/dev/null || true
rtls_services_reset
rtls_services_start
trap 'rtls_services_stop' EXIT

export RTLSD_TEST_PG_DSN="$(rtls_pg_dsn)"
export RTLSD_TEST_MQTT_URL="$(rtls_mqtt_url)"
export RTLSD_TEST_REPO="$PWD"

# Runs a command with its full output in $RTLSD_RUN_DIR/<name>.log, printing a filtered view.
run_logged() {
    local name=$1 filter=$2
    shift 2
    local status=0
    "$@" >"$RTLSD_RUN_DIR/$name.log" 2>&1 || status=$?
    grep -E "$filter" "$RTLSD_RUN_DIR/$name.log" || true
    if [ "$status" -ne 0 ]; then
        echo "FAILED: $* (exit $status); last lines of $RTLSD_RUN_DIR/$name.log:" >&2
        tail -40 "$RTLSD_RUN_DIR/$name.log" >&2
        exit "$status"
    fi
}

rtls_log "swift build"
run_logged build 'error:|warning: ' swift build --build-tests

rtls_log "swift test (unit + integration against the private broker and database)"
run_logged swift-test '✘|SKIP|Suite .* (passed|failed)|Test run|Executed|error:' swift test --skip-build --no-parallel

rtls_log "ring buffer, writer, spool and write-ahead log under ThreadSanitizer"
run_logged tsan '✘|ThreadSanitizer|Test run|error:' \
    swift test --sanitize=thread --scratch-path .build-tsan --filter "SPSCRingTests|WriteAhead|WriterLoop|Spool|IngestPipeline"

# A finding (crash, ASan report, broken invariant) exits non-zero and fails the run; fuzz-out/crash-*
# holds the input. RTLSD_FUZZ_SECONDS=0 skips the step.
if [ "${RTLSD_FUZZ_SECONDS:-60}" != 0 ]; then
    rtls_log "fuzz every decoder for ${RTLSD_FUZZ_SECONDS:-60} s (libFuzzer + ASan; fixtures and Tests/Fuzz/findings as seeds)"
    run_logged fuzz 'built in|seeds:|stat::number_of_executed_units|ERROR|SUMMARY|crash-|Test unit written' \
        scripts/fuzz.sh "${RTLSD_FUZZ_SECONDS:-60}"
fi

rtls_log "process-level scenarios (scripts/it)"
for t in scripts/it/test_*.sh; do
    [ -e "$t" ] || continue
    rtls_log "$t"
    bash "$t"
done
rtls_log "all tests passed"
