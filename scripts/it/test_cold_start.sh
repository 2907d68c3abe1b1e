#!/usr/bin/env bash
# An edge server that boots while the database (or the WAN) is down: rtlsd starts anyway, declares
# itself ready once subscribed (readings are kept in the write-ahead log), logs 20,000 readings
# ahead, and when PostgreSQL answers it applies the migrations and drains: 20,000 rows, 0 duplicates.
source "$(dirname "$0")/lib.sh"
N=20000
it_setup 'write_ahead = true'
rtls_log "$IT_NAME: stopping PostgreSQL before rtlsd starts"
rtls_pg_stop fast
it_start_rtlsd
grep -q "Database unreachable at startup; rtlsd starts without it" "$IT_DIR/rtlsd.log" ||
    it_fail "rtlsd did not say it started without the database"
grep -q "rtlsd ready: subscribed to the broker; the database is unreachable" "$IT_DIR/rtlsd.log" ||
    it_fail "rtlsd did not declare itself ready without the database"
it_publish $N 5000 cold
wait "$IT_SIM_PID" || it_fail "publisher failed: $(tail -3 "$IT_DIR/sim.log")"
IT_SIM_PID=""
sleep 1
logged=$(find "$IT_DIR/spool" -name 'wal-*.log' -printf '%s\n' | awk '{s+=$1} END {print s+0}')
[ "$logged" -gt 0 ] || it_fail "nothing in the write-ahead log while the database was down"
rtls_log "$IT_NAME: $N readings published with PostgreSQL down ($logged bytes logged ahead); starting it"
started=$SECONDS
rtls_pg_start
rows=$(it_wait_rows $N 60)
echo "$IT_NAME: $rows rows $((SECONDS - started)) s after PostgreSQL started" \
    "(migrations applied then: $(it_sql "SELECT count(*) FROM schema_migrations"))"
it_stop_rtlsd || it_fail "rtlsd exited with status $?"
it_assert_complete $N
it_teardown
