#!/usr/bin/env bash
# rtlsd killed with SIGKILL while PostgreSQL is down and batches sit in the spool; PostgreSQL and
# rtlsd are then restarted. Proves the spool survives a crash: the restarted rtlsd replays it
# (torn tail, if any, truncated) and nothing is stored twice. As in test_rtlsd_kill.sh, readings
# acknowledged to the broker but still in memory at the kill are lost; the figure is printed.
source "$(dirname "$0")/lib.sh"
N=30000
it_setup
it_start_rtlsd
it_publish $N 3000 killout
sleep 3
rtls_log "$IT_NAME: stopping PostgreSQL, then SIGKILL to rtlsd while it spools"
rtls_pg_stop immediate
sleep 5
spooled=$(ls "$IT_DIR/spool" | wc -l)
[ "$spooled" -ge 1 ] || it_fail "nothing spooled during the outage"
kill -9 "$IT_PID"
wait "$IT_PID" 2>/dev/null || true
IT_PID=""
rtls_pg_start
it_start_rtlsd
grep -q "Spool holds batches from before" "$IT_DIR/rtlsd.log" || it_fail "restarted rtlsd found no spooled batches"
wait "$IT_SIM_PID" || it_fail "publisher failed: $(tail -3 "$IT_DIR/sim.log")"
rows=$(it_wait_rows $N 30)
it_stop_rtlsd || it_fail "restarted rtlsd exited with status $?"
dups=$(it_duplicates)
rows=$(it_rows)
lost=$((N - rows))
replayed=$(it_log_value replay.rows "Spool replayed")
echo "$IT_NAME: spool replayed ${replayed:-0} rows after the crash; $rows/$N rows, $dups duplicates, $lost lost (in memory at the kill)"
[ "$dups" -eq 0 ] || it_fail "$dups duplicate rows"
[ "${replayed:-0}" -gt 0 ] || it_fail "no rows replayed from the spool"
[ "$lost" -le $((65536 + 2000)) ] || it_fail "lost $lost readings, more than the ring and a batch hold"
echo "PASS $IT_NAME"
it_teardown
