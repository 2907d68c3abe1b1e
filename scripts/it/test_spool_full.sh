#!/usr/bin/env bash
# The spool reaches max_bytes while PostgreSQL is down: rtlsd logs "spool ... is full" once
# (critical), holds the batch in memory and lets the ring fill, so MQTT intake waits and the broker
# queues (backpressure). When PostgreSQL returns everything arrives, once.
source "$(dirname "$0")/lib.sh"
N=30000
it_setup 'write_ahead = false
max_bytes = 262144
segment_bytes = 65536'
it_start_rtlsd
it_publish $N 4000 full
sleep 3
rtls_log "$IT_NAME: stopping PostgreSQL (immediate) for 12 s with a 256 KiB spool"
rtls_pg_stop immediate
sleep 12
full=$(grep -c "is full" "$IT_DIR/rtlsd.log" || true)
rtls_pg_start
[ "$full" -eq 1 ] || it_fail "expected one 'spool is full' alert during the outage, found $full"
wait "$IT_SIM_PID" || it_fail "publisher failed: $(tail -3 "$IT_DIR/sim.log")"
rows=$(it_wait_rows $N 30)
it_stop_rtlsd || it_fail "rtlsd exited with status $?"
echo "$IT_NAME: alert logged once: $(grep "is full" "$IT_DIR/rtlsd.log" | head -1 | cut -c1-160)"
it_assert_complete $N
it_teardown
