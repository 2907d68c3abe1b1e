#!/usr/bin/env bash
# rtlsd killed with SIGKILL while PostgreSQL is down and batches sit in the spool; PostgreSQL and
# rtlsd are then restarted. Proves the spool survives a crash: the restarted rtlsd replays it
# (torn tail, if any, truncated) and nothing is stored twice. As in test_rtlsd_kill.sh, readings
# acknowledged to the broker but still in memory at the kill (ring, open batch, a batch being
# appended to the spool) are lost.
#
# The loss is bounded by what was in flight at the kill, measured here: readings the publisher can
# have sent by then, minus those committed before the outage and those the spool held (replayed
# after the restart). Everything else must be stored.
source "$(dirname "$0")/lib.sh"
N=30000
RATE=3000
# Explicitly the plain spool, without the write-ahead log (on by default wherever [spool] dir is
# set): this scenario is about the spool's batches surviving a crash and the in-memory window.
it_setup 'write_ahead = false'
it_start_rtlsd
grep -q "spool.write_ahead=false" "$IT_DIR/rtlsd.log" || it_fail "rtlsd did not start with write_ahead = false"
# Microseconds; taken before rtls-sim starts, so no earlier than its pacer starts.
t_publish=${EPOCHREALTIME//[!0-9]/}
it_publish $N $RATE killout
sleep 3
rtls_log "$IT_NAME: stopping PostgreSQL, then SIGKILL to rtlsd while it spools"
rtls_pg_stop immediate
sleep 5
spooled=$(ls "$IT_DIR/spool" | wc -l)
[ "$spooled" -ge 1 ] || it_fail "nothing spooled during the outage"
mid_load=no
kill -0 "$IT_SIM_PID" 2>/dev/null && mid_load=yes
kill -9 "$IT_PID"
wait "$IT_PID" 2>/dev/null || true
t_kill=${EPOCHREALTIME//[!0-9]/}
IT_PID=""
rtls_pg_start
# With rtlsd dead, what PostgreSQL holds now is exactly what was committed before the outage.
before_outage=$(it_rows)
it_start_rtlsd
grep -q "Spool holds batches from before" "$IT_DIR/rtlsd.log" || it_fail "restarted rtlsd found no spooled batches"
wait "$IT_SIM_PID" || it_fail "publisher failed: $(tail -3 "$IT_DIR/sim.log")"
IT_SIM_PID=""
rows=$(it_wait_rows $N 30)
it_stop_rtlsd || it_fail "restarted rtlsd exited with status $?"
dups=$(it_duplicates)
rows=$(it_rows)
lost=$((N - rows))
# Rows the replay inserted (a spooled batch that had in fact committed is skipped by the ledger and
# not counted, so nothing is counted twice with before_outage).
replayed=$(it_log_value replay.rows "Spool replayed")
replayed=${replayed:-0}
# rtls-sim's pacer never runs ahead of RATE readings/s since it started, so by the kill at most
# RATE * (t_kill - t_publish) readings existed; those neither committed nor in the spool were in
# flight (broker, rtlsd's ring, open batch, a half-written spool record). That is the most the
# kill can lose.
published=$(((RATE * (t_kill - t_publish) + 999999) / 1000000))
[ "$published" -gt "$N" ] && published=$N
bound=$((published - before_outage - replayed))
received=$(it_log_value readings.received "rtlsd stopped")
taken=$((N - ${received:-0}))
echo "$IT_NAME: ≤$published readings published by the kill (publisher still running: $mid_load)," \
    "$before_outage committed before the outage, $replayed replayed from the spool, so ≤$bound in flight;" \
    "the killed rtlsd had taken ~$taken ($((taken - before_outage - replayed)) neither committed nor spooled)"
echo "$IT_NAME: after restart $rows/$N rows, $dups duplicates; measured loss $lost (bound $bound)"
[ "$dups" -eq 0 ] || it_fail "$dups duplicate rows"
[ "$replayed" -gt 0 ] || it_fail "no rows replayed from the spool"
[ "$rows" -le $N ] || it_fail "more rows than readings"
[ "$bound" -lt "$N" ] || it_fail "loss bound $bound is not below $N: nothing was stored before the kill"
[ "$lost" -le "$bound" ] || it_fail "lost $lost readings, more than the $bound in flight at the kill"
echo "PASS $IT_NAME (spool survived the crash; $lost lost, bound $bound)"
it_teardown
