#!/usr/bin/env bash
# A batch with one row PostgreSQL refuses (a CHECK constraint added to this test database only,
# rejecting exactly one reading's timestamp): the batch is bisected, the other rows are stored and
# the refused row lands in dead_letter with the server's error text. Nothing else is lost.
source "$(dirname "$0")/lib.sh"
N=20000
BAD=1234 # a location reading (every 7th is a sensor reading)
BASE_MS=$(($(date +%s) * 1000))
it_setup
it_start_rtlsd
bad_ts=$(it_sql "SELECT to_timestamp(($BASE_MS + $BAD) / 1000.0)")
it_sql "ALTER TABLE location_readings ADD CONSTRAINT it_reject_one CHECK (time <> '$bad_ts'::timestamptz)" >/dev/null
"$IT_BIN/rtls-sim" sequence --count $N --base-ms $BASE_MS --rate 10000 --per-message 20 --prefix badrow \
    --port "$RTLSD_MQTT_PORT" >"$IT_DIR/sim.log" 2>&1 || it_fail "publisher failed"
rows=$(it_wait_rows $((N - 1)) 20)
it_stop_rtlsd || it_fail "rtlsd exited with status $?"
dead=$(it_sql "SELECT count(*) FROM dead_letter")
error=$(it_sql "SELECT error FROM dead_letter LIMIT 1")
row=$(it_sql "SELECT row_text FROM dead_letter LIMIT 1")
echo "$IT_NAME: $rows rows stored, $dead in dead_letter: $error"
[ "$dead" -eq 1 ] || it_fail "$dead rows in dead_letter, expected 1"
echo "$error" | grep -q "23514" || it_fail "dead_letter error lacks the SQLSTATE: $error"
echo "$error" | grep -q "it_reject_one" || it_fail "dead_letter error lacks the server message: $error"
echo "$row" | grep -q "badrow-$((BAD % 1000))" || it_fail "dead_letter row is not the refused reading: $row"
it_assert_complete $((N - 1))
it_teardown
