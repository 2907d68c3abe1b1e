#!/usr/bin/env bash
# PAR levels, acknowledgement and escalation end to end (issue 19): a ward's PAR alert fires when a
# pump goes into use and clears when another is brought in; a critical alert acknowledged over MQTT
# does not escalate; an unacknowledged one escalates after [alerts] escalate_after (log entry at
# alert priority, message on the escalation topic, row in alert_actions) and is then acknowledged
# with `rtlsd alert ack`, which confirms the stored row; a malformed acknowledgement is refused.
source "$(dirname "$0")/lib.sh"
it_setup '[site]
file = "site.toml"
rules = "rules.toml"

[alerts]
mqtt_topic_prefix = "rtls/alerts/it'$$'"
ack_topic = "rtls/alerts/it'$$'/ack"
escalate_after = "4s"'
prefix="rtls/alerts/it$$"
cat >"$IT_DIR/site.toml" <<'TOML'
[facility]
name = "IT"
[[building]]
name = "B"
[[floor]]
name = "F1"
building = "B"
[[zone]]
name = "WARD-4"
floor = "F1"
[[zone]]
name = "DOCK"
floor = "F1"
[[gateway]]
id = "gw1"
zone = "WARD-4"
[[asset]]
name = "PUMP-1"
tag = "PUMP1"
class = "pump"
[[asset]]
name = "PUMP-2"
tag = "PUMP2"
class = "pump"
[[asset]]
name = "PUMP-3"
tag = "PUMP3"
class = "pump"
TOML
cat >"$IT_DIR/rules.toml" <<'TOML'
[[rule]]
id = "pump-power"
type = "usage"
class = "pump"
signal = "power"
metric = "power"
on_above = 5.0

[[rule]]
id = "ward4-pumps"
type = "par_level"
class = "pump"
zone = "WARD-4"
minimum = 2
after = "3s"
severity = "critical"

[[rule]]
id = "pump-at-dock"
type = "restricted_zone"
class = "pump"
zone = "DOCK"
TOML
mosquitto_sub -p "$RTLSD_MQTT_PORT" -t "$prefix/escalated" -v >"$IT_DIR/escalated.txt" 2>/dev/null &
sub_pid=$!
trap 'kill $sub_pid 2>/dev/null; it_cleanup' EXIT
it_start_rtlsd
ms() { echo $(($(date +%s%N) / 1000000)); }
pub() { mosquitto_pub -p "$RTLSD_MQTT_PORT" -q 1 -t rtls/gw1/readings -m "$1"; }
wait_sql() { # query, expected, seconds
    for _ in $(seq 1 $(($3 * 10))); do
        [ "$(it_sql "$1")" = "$2" ] && return 0
        sleep 0.1
    done
    return 1
}
pub "{\"ts\":$(ms),\"tag\":\"PUMP1\",\"kind\":\"qr\",\"zone\":\"WARD-4\"}"
pub "{\"ts\":$(ms),\"tag\":\"PUMP2\",\"kind\":\"qr\",\"zone\":\"WARD-4\"}"
# PUMP-1 goes into use: one pump available in WARD-4, below its PAR level of 2 for 3 s.
pub "{\"ts\":$(ms),\"tag\":\"PUMP1\",\"metric\":\"power\",\"value\":40}"
wait_sql "SELECT count(*) FROM alerts WHERE rule = 'ward4-pumps' AND state = 'fired'" 1 15 \
    || it_fail "no PAR alert after PUMP-1 went into use"
par_id=$(it_sql "SELECT alert_id FROM alerts WHERE rule = 'ward4-pumps' AND state = 'fired'")
msg=$(it_sql "SELECT message FROM alerts WHERE alert_id = $par_id")
[ "$msg" = "WARD-4: 1 pump available, PAR level 2" ] || it_fail "PAR message: $msg"
# Acknowledged over MQTT at once: it must not escalate.
mosquitto_pub -p "$RTLSD_MQTT_PORT" -q 1 -t "$prefix/ack" -m "{\"alert_id\":$par_id,\"by\":\"nurse-7\"}"
mosquitto_pub -p "$RTLSD_MQTT_PORT" -q 1 -t "$prefix/ack" -m "{\"alert_id\":\"x\"}"
wait_sql "SELECT actor FROM alert_actions WHERE alert_id = $par_id AND action = 'acknowledged'" nurse-7 10 \
    || it_fail "the MQTT acknowledgement was not stored"
it_wait_for "$IT_DIR/rtlsd.log" 5 "acknowledgement refused: alert_id must be a positive integer" \
    || it_fail "the malformed acknowledgement was not reported"
# Restocked: PUMP-3 arrives, two available again.
pub "{\"ts\":$(ms),\"tag\":\"PUMP3\",\"kind\":\"qr\",\"zone\":\"WARD-4\"}"
wait_sql "SELECT count(*) FROM alerts WHERE alert_id = $par_id AND state = 'cleared'" 1 10 \
    || it_fail "the PAR alert did not clear when PUMP-3 arrived"
# PUMP-2 at the dock: critical, nobody acknowledges, it escalates after 4 s.
pub "{\"ts\":$(ms),\"tag\":\"PUMP2\",\"kind\":\"qr\",\"zone\":\"DOCK\"}"
wait_sql "SELECT count(*) FROM alert_actions WHERE rule = 'pump-at-dock' AND action = 'escalated'" 1 15 \
    || it_fail "the unacknowledged dock alert did not escalate"
dock_id=$(it_sql "SELECT alert_id FROM alerts WHERE rule = 'pump-at-dock' AND state = 'fired'")
delay=$(it_sql "SELECT extract(epoch FROM e.time - a.time)::numeric(6,1) FROM alert_actions e
    JOIN alerts a ON a.alert_id = e.alert_id AND a.state = 'fired' WHERE e.action = 'escalated'")
grep "ESCALATED, not acknowledged: PUMP-2 entered restricted zone DOCK" "$IT_DIR/rtlsd.log" | grep -q "journal.priority=1" \
    || it_fail "no escalation log entry at journal priority 1"
grep -q "^$prefix/escalated .*\"alert_id\":$dock_id.*\"action\":\"escalated\"" "$IT_DIR/escalated.txt" \
    || it_fail "no escalation on $prefix/escalated: $(cat "$IT_DIR/escalated.txt")"
[ "$(it_sql "SELECT count(*) FROM alert_actions WHERE alert_id = $par_id AND action = 'escalated'")" = 0 ] \
    || it_fail "the acknowledged PAR alert escalated"
out=$("$IT_BIN/rtlsd" alert ack "$dock_id" --by "dr-who" --config "$IT_DIR/rtlsd.toml" 2>&1) \
    || it_fail "rtlsd alert ack failed: $out"
echo "$out" | grep -q "alert $dock_id acknowledged by dr-who" || it_fail "rtlsd alert ack said: $out"
history=$(it_sql "SELECT string_agg(event || coalesce(':' || actor, ''), ' ' ORDER BY time, event)
    FROM alert_history WHERE alert_id IN ($par_id, $dock_id) GROUP BY alert_id ORDER BY alert_id" | tr '\n' '|')
[ "$history" = "fired acknowledged:nurse-7 cleared|fired escalated: acknowledged:dr-who|" ] \
    || it_fail "alert_history: $history"
# An acknowledgement of an alert that is not open is refused, and the CLI says it was not stored.
out=$("$IT_BIN/rtlsd" alert ack 12345 --by dr-who --config "$IT_DIR/rtlsd.toml" 2>&1) || it_fail "$out"
echo "$out" | grep -q "not stored" || it_fail "rtlsd alert ack of an unknown id said: $out"
echo "$IT_NAME: PAR alert fired and cleared; acknowledged over MQTT (no escalation); dock alert escalated" \
    "after $delay s (log, MQTT, alert_actions) and acknowledged with rtlsd alert ack"
it_stop_rtlsd || it_fail "rtlsd exited with status $?"
it_teardown
