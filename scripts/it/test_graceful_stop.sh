#!/usr/bin/env bash
# SIGTERM mid-load: rtlsd stops taking messages, drains the ring and the open batch to PostgreSQL
# and exits 0; every reading it logged as received is stored. Restarted with the same client id it
# gets the rest from its persistent session at the broker; in total every reading arrives once.
source "$(dirname "$0")/lib.sh"
N=40000
it_setup
it_start_rtlsd
it_publish $N 4000 graceful
sleep 4
rtls_log "$IT_NAME: SIGTERM mid-load"
it_stop_rtlsd || it_fail "rtlsd exited with status $? on SIGTERM"
received=$(it_log_value readings.received "rtlsd stopped")
rows=$(it_rows)
echo "$IT_NAME: rtlsd logged $received readings received, $rows rows stored at stop"
[ "$rows" -eq "$received" ] || it_fail "$rows rows stored but rtlsd logged $received received"
[ "$rows" -lt $N ] || it_fail "load finished before the stop; nothing tested"
it_start_rtlsd
wait "$IT_SIM_PID" || it_fail "publisher failed: $(cat "$IT_DIR/sim.log")"
rows=$(it_wait_rows $N 30)
it_stop_rtlsd || it_fail "second rtlsd exited with status $?"
it_assert_complete $N
it_teardown
