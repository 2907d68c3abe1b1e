#!/usr/bin/env bash
# Rule output is as durable as readings: five low-battery alerts fire (they reach the log, as they
# would the journal) while the writer holds them for its next batch (linger 10 s), and rtlsd is
# SIGKILLed. The restarted rtlsd writes from the write-ahead log what the database lacks: each alert
# and zone event exactly once, and each asset's location. Killed and restarted once more, nothing is written twice.
source "$(dirname "$0")/lib.sh"
it_setup 'write_ahead = true

[site]
file = "site.toml"
rules = "rules.toml"'
# The writer waits 10 s before it stores a batch: the kill comes while the alerts are only in memory
# (and, logged ahead, in the write-ahead log).
sed -i 's/^linger_ms = .*/linger_ms = 10000/' "$IT_DIR/rtlsd.toml"
"$IT_BIN/rtls-sim" generate --tags 20 --out "$IT_DIR" >/dev/null
it_start_rtlsd
now=$(($(date +%s) * 1000))
tags=$(grep '^tag = "E2' "$IT_DIR/site.toml" | head -5 | cut -d'"' -f2)
i=0
for tag in $tags; do
    # An RFID read by the ICU's reader: each tag enters the ICU, gets a location, and its battery fires.
    mosquitto_pub -p "$RTLSD_MQTT_PORT" -q 1 -t rtls/b1-f1-icu/readings \
        -m "{\"ts\":$((now + i)),\"tag\":\"$tag\",\"kind\":\"rfid\",\"rssi\":-60,\"battery\":10}"
    i=$((i + 1))
done
for _ in $(seq 1 100); do
    [ "$(grep -c 'rule=low-battery' "$IT_DIR/rtlsd.log")" -ge 5 ] && break
    sleep 0.1
done
logged=$(grep 'rule=low-battery' "$IT_DIR/rtlsd.log" | grep -o 'alert.id=[0-9]*' | cut -d= -f2 | sort -u)
[ "$(echo "$logged" | wc -l)" -eq 5 ] || it_fail "expected 5 alerts in the log, got: $logged"
kill -9 "$IT_PID"
wait "$IT_PID" 2>/dev/null || true
IT_PID=""
[ "$(it_sql "SELECT count(*) FROM alerts")" -eq 0 ] || it_fail "alerts were committed before the kill: the test proves nothing"
rtls_log "$IT_NAME: 5 alerts logged, none committed; SIGKILL, restart"
it_start_rtlsd
rows=$(it_wait_rows 5 30)
for _ in $(seq 1 50); do
    [ "$(it_sql "SELECT count(*) FROM alerts")" -ge 5 ] && break
    sleep 0.2
done
grep -q "rule output the last run logged is in the database" "$IT_DIR/rtlsd.log" || it_fail "no recovery of rule output logged"
kill -9 "$IT_PID"
wait "$IT_PID" 2>/dev/null || true
IT_PID=""
it_start_rtlsd
sleep 2
it_stop_rtlsd || it_fail "rtlsd exited with status $?"
stored=$(it_sql "SELECT alert_id FROM alerts WHERE rule = 'low-battery' AND state = 'fired' ORDER BY alert_id")
[ "$stored" = "$logged" ] || it_fail "alerts in the database ($(echo $stored)) differ from those logged ($(echo $logged))"
[ "$(it_sql "SELECT count(*) FROM alerts")" -eq 5 ] || it_fail "$(it_sql "SELECT count(*) FROM alerts") alert rows, expected 5"
locations=$(it_sql "SELECT count(*) FROM asset_locations WHERE zone_id IS NOT NULL")
[ "$locations" -eq 5 ] || it_fail "$locations asset locations, expected 5"
entered=$(it_sql "SELECT count(*) FROM zone_events WHERE event = 'enter'")
[ "$entered" -eq 5 ] || it_fail "$entered zone enter events, expected 5"
echo "$IT_NAME: 5/5 alerts exactly once after two SIGKILLs (ids $(echo $logged)); 5 zone events; 5 asset locations;" \
    "$rows readings"
it_assert_complete 5
it_teardown
