#!/usr/bin/env bash
# Intake never waits on a slow database while the write-ahead log has room (issue 17). A session
# holds an ACCESS EXCLUSIVE lock on location_readings for 12 s, so the writer's COPY hangs (the
# database answers, slowly: as in a vacuum, a checkpoint storm or a long DDL). Meanwhile 60,000
# readings arrive against a 4,096-slot ring:
#   - intake takes them all while the lock is held (rtlsd_mqtt_messages_received_total on /metrics),
#     leaving them in the write-ahead log instead of waiting on the ring (which the old code did:
#     the broker then queued everything, the alert below included);
#   - a low-battery reading published during the lock raises its alert within 2 s;
#   - once the lock goes, the writer catches up from the log: every reading stored exactly once;
#   - with [writer] storage_nice = 10 the writer and maintenance threads run at nice 10; the MQTT
#     threads (rtlsd-mqtt: intake and rules; rtlsd-alerts: alert output) run at [mqtt] intake_nice
#     (-20 by default) where rtlsd may raise its priority (root here), else stay at 0 and say why;
#   - the alert also goes out over MQTT, on a connection of its own (<client_id>-alerts), not behind
#     the intake connection's acknowledgements.
source "$(dirname "$0")/lib.sh"
N=60000
port=$((RTLSD_MQTT_PORT + 710))
it_setup "write_ahead = true

[site]
file = \"site.toml\"
rules = \"rules.toml\"

[alerts]
mqtt_topic_prefix = \"rtls/alerts/it$$\"

[metrics]
listen = \"127.0.0.1:$port\""
sed -i 's/^ring_capacity = .*/ring_capacity = 4096\nstorage_nice = 10/' "$IT_DIR/rtlsd.toml"
"$IT_BIN/rtls-sim" generate --tags 20 --out "$IT_DIR" >/dev/null
it_start_rtlsd
# With [writer] storage_nice = 10 the storage threads run 10 nice levels below the rest;
# the threads that take messages (every other one) keep the process's priority.
thread_nice() { # prints "<name> <nice>" per thread of rtlsd (nice is field 19 of stat, 17 after "comm) ")
    local t
    for t in /proc/"$IT_PID"/task/*; do
        printf '%s %s\n' "$(cat "$t/comm")" "$(sed 's/.*) //' "$t/stat" | awk '{print $17}')"
    done
}
mosquitto_sub -p "$RTLSD_MQTT_PORT" -t "rtls/alerts/it$$/#" -v >"$IT_DIR/alerts.txt" 2>/dev/null &
SUB_PID=$!
trap 'kill $SUB_PID 2>/dev/null; it_cleanup' EXIT
it_wait_for "$IT_DIR/rtlsd.log" 10 "MQTT subscribed" || it_fail "rtlsd did not subscribe"
threads=$(thread_nice)
echo "$threads" | grep -qx "rtlsd-writer 10" || it_fail "writer thread not at nice 10: $(echo "$threads" | tr '\n' ',')"
echo "$threads" | grep -qx "rtlsd-maint 10" || it_fail "maintenance thread not at nice 10: $(echo "$threads" | tr '\n' ',')"
[ "$(echo "$threads" | awk '$2 == 0' | wc -l)" -ge 1 ] || it_fail "no thread left at nice 0: $(echo "$threads" | tr '\n' ',')"
if [ "$(id -u)" -eq 0 ]; then
    mqtt_nice=-20
else
    mqtt_nice=0
    grep 'LimitNICE' "$IT_DIR/rtlsd.log" | grep -q 'rtlsd-mqtt' ||
        it_fail "rtlsd could not raise its MQTT thread and did not say so"
fi
echo "$threads" | grep -qx "rtlsd-mqtt $mqtt_nice" || it_fail "MQTT intake thread not at nice $mqtt_nice: $(echo "$threads" | tr '\n' ',')"
echo "$threads" | grep -qx "rtlsd-alerts $mqtt_nice" || it_fail "alert output thread not at nice $mqtt_nice: $(echo "$threads" | tr '\n' ',')"
grep -q "as $IT_CLIENT-alerts " "$RTLSD_RUN_DIR/mosquitto/mosquitto.log" ||
    it_fail "the broker saw no connection $IT_CLIENT-alerts for the alert output"
metric() { curl -s "http://127.0.0.1:$port/metrics" | awk -v m="$1" '$1 == m {printf "%d", $2}'; }
for _ in $(seq 1 50); do [ "$(metric rtlsd_alerts_mqtt_connected)" = 1 ] && break; sleep 0.1; done
[ "$(metric rtlsd_alerts_mqtt_connected)" = 1 ] || it_fail "rtlsd_alerts_mqtt_connected is not 1 on /metrics"

# Hold the lock in the background for 12 s.
(it_psql -d "$IT_DB" -c "BEGIN; LOCK TABLE location_readings IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(12); COMMIT;" >/dev/null) &
LOCKER=$!
for _ in $(seq 1 50); do
    [ "$(it_sql "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'location_readings' AND l.mode = 'AccessExclusiveLock' AND l.granted")" -ge 1 ] && break
    sleep 0.1
done
[ "$(it_sql "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'location_readings' AND l.mode = 'AccessExclusiveLock' AND l.granted")" -ge 1 ] ||
    it_fail "the lock on location_readings was not taken"
locked=$SECONDS
rtls_log "$IT_NAME: location_readings locked; publishing $N readings at 20,000/s"
received_before=$(metric rtlsd_mqtt_messages_received_total)
it_publish $N 20000 throttled
wait "$IT_SIM_PID" || it_fail "publisher failed: $(tail -3 "$IT_DIR/sim.log")"
IT_SIM_PID=""
# An RFID read with a low battery by the ICU's reader, while the lock is still held.
tag=$(grep '^tag = "E2' "$IT_DIR/site.toml" | head -1 | cut -d'"' -f2)
mosquitto_pub -p "$RTLSD_MQTT_PORT" -q 1 -t rtls/b1-f1-icu/readings \
    -m "{\"ts\":$(($(date +%s) * 1000)),\"tag\":\"$tag\",\"kind\":\"rfid\",\"rssi\":-60,\"battery\":10}"
published=$SECONDS
it_wait_for "$IT_DIR/rtlsd.log" 2 "rule=low-battery" || it_fail "no low-battery alert within 2 s while the database was slow"
it_wait_for "$IT_DIR/alerts.txt" 2 '"rule":"low-battery"' || it_fail "the low-battery alert was not published over MQTT within 2 s"
want_messages=$((N / 20 + 1))
for _ in $(seq 1 50); do
    [ $(($(metric rtlsd_mqtt_messages_received_total) - received_before)) -ge $want_messages ] && break
    sleep 0.1
done
received=$(($(metric rtlsd_mqtt_messages_received_total) - received_before))
left=$(metric rtlsd_write_ahead_readings_left_total)
written_during=$(metric rtlsd_writer_readings_written_total)
[ "$(it_sql "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'location_readings' AND l.mode = 'AccessExclusiveLock' AND l.granted")" -ge 1 ] ||
    it_fail "the lock ended before the checks: the test proves nothing"
[ "$received" -ge "$want_messages" ] || it_fail "intake took $received of $want_messages messages while the table was locked"
[ "${left:-0}" -gt 0 ] || it_fail "no reading was left in the write-ahead log: the ring never filled"
grep -q "Writer behind the database" "$IT_DIR/rtlsd.log" || it_fail "rtlsd did not say the writer was behind"
echo "$IT_NAME: table locked $((SECONDS - locked)) s: intake took $received/$want_messages messages," \
    "$left readings left in the log, $written_during written; alert logged within 2 s of publish"
wait "$LOCKER" || it_fail "the locking session failed"
released=$SECONDS
rows=$(it_wait_rows $((N + 1)) 60)
caught=$(metric rtlsd_write_ahead_readings_caught_up_total)
echo "$IT_NAME: lock released: $rows rows after $((SECONDS - released)) s; $caught readings stored from the log"
it_wait_for "$IT_DIR/rtlsd.log" 5 "Writer caught up" || it_fail "rtlsd did not say it caught up"
# The writer's second connection ([writer] connections = 2) has its own thread, started by the
# writer thread, and runs at its nice level too.
threads=$(thread_nice)
echo "$threads" | grep -qx "rtlsd-writer-2 10" || it_fail "second writer thread not at nice 10: $(echo "$threads" | tr '\n' ',')"
echo "$IT_NAME: threads $(echo "$threads" | sort | uniq -c | awk '{printf "%s %s@%s, ", $1, $2, $3}')"
it_stop_rtlsd || it_fail "rtlsd exit status $?"
alerts=$(it_sql "SELECT count(*) FROM alerts WHERE rule = 'low-battery' AND state = 'fired'")
[ "$alerts" -eq 1 ] || it_fail "$alerts low-battery alerts stored, expected 1"
it_assert_complete $((N + 1))
it_teardown
