#!/usr/bin/env bash
# Batch ids must never come from the wall clock. Three runs of one rtlsd on one database: the real
# clock; restarted with its clock set back one hour; restarted again with the clock set back to
# where the second run started, so the second and third runs see the same instants. (rtlsd's one
# wall clock, DaemonClock, takes a test-only offset: libfaketime also shifts the timers Swift's
# Task.sleep waits on, and the daemon's services would stop ticking.) Every reading is stored once.
source "$(dirname "$0")/lib.sh"
N=15000
# Device times are real; keep them (the receive clock is an hour behind them).
it_setup 'write_ahead = true

[ingest]
max_clock_skew_s = 86400'
run() {
    local prefix=$1 want=$2
    shift 2
    it_start_rtlsd "$@"
    it_publish $N 5000 "$prefix"
    wait "$IT_SIM_PID" || it_fail "publisher failed: $(tail -3 "$IT_DIR/sim.log")"
    IT_SIM_PID=""
    it_wait_rows "$want" 30 >/dev/null
    it_stop_rtlsd || it_fail "rtlsd exited with status $?"
}
run clkreal $N
max1=$(it_sql "SELECT max(batch_id) FROM ingest_batches")
second=$(date +%s)
run clkback $((2 * N)) --clock-offset-seconds=-3600
max2=$(it_sql "SELECT max(batch_id) FROM ingest_batches")
# Set back again: this run's clock starts where the second run's did.
run clkagain $((3 * N)) --clock-offset-seconds=$((second - $(date +%s) - 3600))
back=$(it_sql "SELECT count(*) FROM location_readings WHERE received_at < now() - interval '50 minutes'")
[ "$back" -ge $((2 * N * 6 / 7)) ] || it_fail "only $back readings were received under a set-back clock"
echo "$IT_NAME: batch ids 1…$max1 (real clock), …$max2 (clock −1 h), …$(it_sql "SELECT max(batch_id) FROM ingest_batches")" \
    "(clock back to the second run's start); $back location readings received under a set-back clock"
it_assert_complete $((3 * N))
it_teardown
