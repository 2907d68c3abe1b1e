#!/usr/bin/env bash
# With [spool] write_ahead = true: PostgreSQL stopped (immediate) for 20 s mid-load with a 1 MiB log
# cap. Batches the database does not take stay in the log as ranges (no copy); when the log reaches
# max_bytes rtlsd logs a critical line and the MQTT thread waits (the broker queues). When PostgreSQL
# is back the ranges are replayed from the log, segments are released and intake resumes.
# keepalive = 5: while the MQTT thread waits inside the callback it sends no PINGREQ, so the broker
# drops the connection after 7.5 s (the trap of a slow on_message); rtlsd reconnects to its
# persistent session and the broker redelivers what was not acknowledged — the message whose
# PUBACK was lost is in the log already and is dropped as a duplicate.
# Asserts every reading stored exactly once; prints recovery time and replay rate.
source "$(dirname "$0")/lib.sh"
N=60000
it_setup 'write_ahead = true
fsync = "100ms"
max_bytes = 1048576
segment_bytes = 131072'
sed -i 's/^qos = 1$/qos = 1\nkeepalive = 5/' "$IT_DIR/rtlsd.toml"
it_start_rtlsd
it_publish $N 2500 walout
sleep 5
rtls_log "$IT_NAME: stopping PostgreSQL (immediate) for 20 s with a 1 MiB write-ahead log"
rtls_pg_stop immediate
sleep 20
grep -q "batches stay in the write-ahead log" "$IT_DIR/rtlsd.log" || it_fail "rtlsd did not report the outage"
full=$(grep -c "Write-ahead log cannot take a message" "$IT_DIR/rtlsd.log" || true)
[ "$full" -ge 1 ] || it_fail "the 1 MiB log never filled during a 20 s outage"
restart=$SECONDS
rtls_pg_start
for _ in $(seq 1 150); do
    grep -q "Spool replayed" "$IT_DIR/rtlsd.log" && break
    sleep 0.2
done
recovered=$((SECONDS - restart))
wait "$IT_SIM_PID" || it_fail "publisher failed: $(tail -3 "$IT_DIR/sim.log")"
IT_SIM_PID=""
rows=$(it_wait_rows $N 30)
echo "$IT_NAME: log full logged $full time(s); PostgreSQL back -> log replayed in ${recovered} s;" \
    "$(it_log_value replay.rows "Spool replayed") rows at" \
    "$(it_log_value replay.rows_per_second "Spool replayed") rows/s; $rows rows;" \
    "$(ls "$IT_DIR/spool" | grep -c '^wal-' || true) segment(s) left"
it_stop_rtlsd || it_fail "rtlsd exit status $?"
it_assert_complete $N
it_teardown
