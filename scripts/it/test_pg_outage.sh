#!/usr/bin/env bash
# Fault 1: PostgreSQL stopped (immediate) for ~20 s mid-load, then restarted. rtlsd spools what the
# database cannot take, keeps taking MQTT messages, and replays the spool when it answers.
# Asserts every reading stored exactly once; prints recovery time and spool replay rate.
source "$(dirname "$0")/lib.sh"
N=60000
it_setup "write_ahead = false"
it_start_rtlsd
it_publish $N 2500 pgout
sleep 5
rtls_log "$IT_NAME: stopping PostgreSQL (immediate) for 20 s"
rtls_pg_stop immediate
sleep 20
spooled=$(grep -c "batches go to the spool" "$IT_DIR/rtlsd.log" || true)
[ "$spooled" -ge 1 ] || it_fail "rtlsd did not report spooling during the outage"
restart=$SECONDS
rtls_pg_start
wait "$IT_SIM_PID" || it_fail "publisher failed: $(cat "$IT_DIR/sim.log")"
for _ in $(seq 1 150); do
    grep -q "Spool replayed" "$IT_DIR/rtlsd.log" && break
    sleep 0.2
done
recovered=$((SECONDS - restart))
rows=$(it_wait_rows $N 20)
echo "$IT_NAME: PostgreSQL back -> spool empty in ${recovered} s;" \
    "replayed $(it_log_value replay.rows "Spool replayed") rows at" \
    "$(it_log_value replay.rows_per_second "Spool replayed") rows/s; $rows rows"
it_stop_rtlsd || it_fail "rtlsd exit status $?"
it_assert_complete $N
it_teardown
