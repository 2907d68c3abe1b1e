#!/usr/bin/env bash
# With [spool] write_ahead = true: rtlsd killed with SIGKILL three times mid-load (once while
# PostgreSQL is down), restarted each time with the same client id. Every message's readings are
# appended to the write-ahead log before the MQTT callback returns, i.e. before libmosquitto writes
# the PUBACK, and each committed batch records its log range in the ledger, so the restarted rtlsd
# replays exactly what the database lacks. Asserts: rows == N, duplicates == 0 — no loss at all,
# where test_rtlsd_kill.sh (no log) loses what was in memory.
source "$(dirname "$0")/lib.sh"
N=60000
it_setup 'write_ahead = true
fsync = "100ms"'
it_start_rtlsd
it_publish $N 4000 wal
kill_rtlsd() {
    rtls_log "$IT_NAME: SIGKILL ($1)"
    kill -9 "$IT_PID"
    wait "$IT_PID" 2>/dev/null || true
    IT_PID=""
}
sleep 3
kill_rtlsd "mid-load"
it_start_rtlsd
sleep 3
rtls_log "$IT_NAME: stopping PostgreSQL"
rtls_pg_stop immediate
sleep 3
kill_rtlsd "PostgreSQL down"
rtls_pg_start
it_start_rtlsd
sleep 1
kill_rtlsd "shortly after the restart"
it_start_rtlsd
wait "$IT_SIM_PID" || it_fail "publisher failed: $(tail -3 "$IT_DIR/sim.log")"
IT_SIM_PID=""
rows=$(it_wait_rows $N 40)
it_stop_rtlsd || it_fail "rtlsd exited with status $?"
replays=$(grep -c "readings the last run logged are not in the database" "$IT_DIR/rtlsd.log" || true)
replayed=$(grep "readings the last run logged are not in the database" "$IT_DIR/rtlsd.log" \
    | grep -o "wal.replay.readings=[0-9]*" | cut -d= -f2 | awk '{ s += $1 } END { print s + 0 }')
left=$(ls "$IT_DIR/spool" | grep -c '^wal-' || true)
echo "$IT_NAME: 3 kills; $replays restarts found logged readings missing from the database" \
    "(${replayed:-0} readings replayed from the log in all); $left log segment(s) left"
[ "$replays" -ge 1 ] || it_fail "expected a restart to replay from the write-ahead log"
it_assert_complete $N
it_teardown
