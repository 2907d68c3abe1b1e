#!/usr/bin/env bash
# With [spool] write_ahead = true: SIGTERM while PostgreSQL is down. rtlsd must stop promptly and
# cleanly (exit 0: nothing abandoned — the readings it acknowledged are in the write-ahead log), and
# the next start, with PostgreSQL back, stores them plus what the broker queued meanwhile.
# Asserts the exit status, the stop time, rows == N and no duplicates.
source "$(dirname "$0")/lib.sh"
N=30000
it_setup 'write_ahead = true
fsync = "100ms"'
it_start_rtlsd
it_publish $N 3000 walstop
sleep 3
rtls_log "$IT_NAME: stopping PostgreSQL, then SIGTERM to rtlsd"
rtls_pg_stop immediate
sleep 2
started=$SECONDS
it_stop_rtlsd || it_fail "rtlsd exited with status $? on SIGTERM with PostgreSQL down"
took=$((SECONDS - started))
[ "$took" -le 8 ] || it_fail "stop took $took s (drain timeout is 10 s): it waited for the database"
grep -q "readings.abandoned=0" "$IT_DIR/rtlsd.log" || it_fail "readings were abandoned at stop"
rtls_pg_start
it_start_rtlsd
wait "$IT_SIM_PID" || it_fail "publisher failed: $(tail -3 "$IT_DIR/sim.log")"
IT_SIM_PID=""
rows=$(it_wait_rows $N 30)
replayed=$(it_log_value wal.replay.readings "not in the database; replaying them")
echo "$IT_NAME: stopped in ${took} s with PostgreSQL down (exit 0); next start replayed ${replayed:-0} logged readings; $rows rows"
[ "${replayed:-0}" -gt 0 ] || it_fail "the next start replayed nothing from the log"
it_stop_rtlsd || it_fail "rtlsd exited with status $?"
it_assert_complete $N
it_teardown
