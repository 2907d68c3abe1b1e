#!/usr/bin/env bash
# Equipment utilization end to end (issue 19): usage sessions from a smart plug's power, a RuuviTag's
# movement counter and presence in a patient room reach usage_logs with the right start and end; an
# open session survives a clean restart (the engine state file) and closes with its original start;
# utilization_daily adds them up per asset and class.
source "$(dirname "$0")/lib.sh"
it_setup 'write_ahead = true

[site]
file = "site.toml"
rules = "rules.toml"'
cat >"$IT_DIR/site.toml" <<'TOML'
[facility]
name = "IT"
[[building]]
name = "B"
[[floor]]
name = "F1"
building = "B"
[[zone]]
name = "ROOM-1"
floor = "F1"
[[zone]]
name = "STORAGE"
floor = "F1"
[[gateway]]
id = "gw1"
zone = "ROOM-1"
[[asset]]
name = "PUMP-1"
tag = "PUMP1"
class = "pump"
[[asset]]
name = "PUMP-2"
tag = "PUMP2"
class = "pump"
[[asset]]
name = "BED-1"
tag = "BED1"
class = "bed"
[[asset]]
name = "WC-1"
tag = "WC1"
class = "wheelchair"
TOML
cat >"$IT_DIR/rules.toml" <<'TOML'
[[rule]]
id = "pump-power"
type = "usage"
class = "pump"
signal = "power"
metric = "power"
on_above = 5.0
off_below = 2.0
start_after = "10s"
end_after = "20s"

[[rule]]
id = "wc-motion"
type = "usage"
class = "wheelchair"
signal = "motion"
metric = "movement_counter"
end_after = "30s"

[[rule]]
id = "bed-room"
type = "usage"
class = "bed"
signal = "zone"
zone = "ROOM-1"
TOML
it_start_rtlsd
# Device times an hour ago, a second apart, so sessions have exact, checkable bounds.
t0=$(( ($(date +%s) - 3600) * 1000 ))
pub() { mosquitto_pub -p "$RTLSD_MQTT_PORT" -q 1 -t rtls/gw1/readings -m "$1"; }
at() { echo $((t0 + $1 * 1000)); }
# PUMP1: a 3 s spike (shorter than start_after: no session), then on from t=100 to t=400 with a
# 10 s drop to 1 W at t=200 (shorter than end_after: the session holds), off (0.5 W) from t=400.
# 3.0 W at t=300 is between off_below and on_above: neither on nor off.
for pair in 0:12 3:0.5 100:40 150:35 200:1 210:38 300:3.0 400:0.5 410:0.4 430:0.3; do
    pub "{\"ts\":$(at ${pair%%:*}),\"tag\":\"PUMP1\",\"metric\":\"power\",\"value\":${pair#*:}}"
done
# WC1: counter 7 (first reading: no evidence), 8 at t=50 (moving), 9 at t=60, unchanged from t=70 to t=120.
for pair in 40:7 50:8 60:9 70:9 90:9 120:9; do
    pub "{\"ts\":$(at ${pair%%:*}),\"tag\":\"WC1\",\"metric\":\"movement_counter\",\"value\":${pair#*:}}"
done
# BED1: in ROOM-1 from t=20 to t=80, then STORAGE.
pub "{\"ts\":$(at 20),\"tag\":\"BED1\",\"kind\":\"qr\",\"zone\":\"ROOM-1\"}"
pub "{\"ts\":$(at 80),\"tag\":\"BED1\",\"kind\":\"qr\",\"zone\":\"STORAGE\"}"
# PUMP2: on at t=500 and still on when rtlsd stops: the open session must survive the restart.
pub "{\"ts\":$(at 500),\"tag\":\"PUMP2\",\"metric\":\"power\",\"value\":20}"
pub "{\"ts\":$(at 520),\"tag\":\"PUMP2\",\"metric\":\"power\",\"value\":21}"
for _ in $(seq 1 100); do
    [ "$(it_sql "SELECT count(*) FROM usage_logs")" -ge 3 ] && break
    sleep 0.1
done
sessions() { it_sql "SELECT asset || ' ' || rule || ' ' || signal || ' ' || coalesce(z.name, '-') || ' '
    || extract(epoch FROM u.time - to_timestamp($t0 / 1000.0))::int || ' '
    || extract(epoch FROM u.end_time - to_timestamp($t0 / 1000.0))::int
    FROM usage_logs u LEFT JOIN zones z ON z.id = u.zone_id ORDER BY asset, u.time"; }
got=$(sessions)
want="BED-1 bed-room zone ROOM-1 20 80
PUMP-1 pump-power power - 100 400
WC-1 wc-motion motion - 50 70"
[ "$got" = "$want" ] || it_fail "usage sessions:
$got
expected:
$want"
rtls_log "$IT_NAME: power, motion and zone sessions stored with their bounds; restarting with PUMP-2 in use"
it_stop_rtlsd || it_fail "rtlsd exited with status $?"
grep -q "saved.*state.open_sessions=1" "$IT_DIR/rtlsd.log" || it_fail "the state file did not keep PUMP-2's open session"
it_start_rtlsd
grep -q 'restored.*state.open_sessions=1' "$IT_DIR/rtlsd.log" || it_fail "the restarted rtlsd did not take over the open session"
pub "{\"ts\":$(at 600),\"tag\":\"PUMP2\",\"metric\":\"power\",\"value\":0}"
pub "{\"ts\":$(at 630),\"tag\":\"PUMP2\",\"metric\":\"power\",\"value\":0}"
for _ in $(seq 1 100); do
    [ "$(it_sql "SELECT count(*) FROM usage_logs WHERE asset = 'PUMP-2'")" -ge 1 ] && break
    sleep 0.1
done
got=$(sessions | grep PUMP-2)
[ "$got" = "PUMP-2 pump-power power - 500 600" ] || it_fail "PUMP-2 session after the restart: '$got'"
# Another PUMP-2 session, each reading in a batch of its own whose names are all cached by now: the
# writer's one-round-trip script path must store the session too.
for pair in 700:30 720:30 800:0 830:0; do
    sleep 0.4
    pub "{\"ts\":$(at ${pair%%:*}),\"tag\":\"PUMP2\",\"metric\":\"power\",\"value\":${pair#*:}}"
done
for _ in $(seq 1 100); do
    [ "$(it_sql "SELECT count(*) FROM usage_logs WHERE asset = 'PUMP-2'")" -ge 2 ] && break
    sleep 0.1
done
got=$(sessions | grep PUMP-2 | tail -1)
[ "$got" = "PUMP-2 pump-power power - 700 800" ] || it_fail "PUMP-2 session written by the batch script: '$got'"
# The view: in-use hours per asset and per class (the sessions above, in hours).
hours=$(it_sql "SELECT asset || ' ' || round(sum(in_use_hours) * 3600) FROM utilization_daily
    WHERE asset IS NOT NULL GROUP BY asset ORDER BY asset")
want="BED-1 60
PUMP-1 300
PUMP-2 200
WC-1 20"
[ "$hours" = "$want" ] || it_fail "utilization_daily in-use seconds:
$hours
expected:
$want"
pumps=$(it_sql "SELECT round(sum(in_use_hours) * 3600) FROM utilization_class_daily WHERE asset_class = 'pump'")
[ "$pumps" = "500" ] || it_fail "utilization_class_daily pump seconds: $pumps, expected 500"
present=$(it_sql "SELECT round(sum(present_hours) * 3600) FROM utilization_daily WHERE asset = 'BED-1'")
[ -n "$present" ] && [ "$present" -ge 60 ] || it_fail "BED-1 present seconds: '$present'"
echo "$IT_NAME: sessions from power (with a blip and a drop ignored), motion and zone; PUMP-2's session" \
    "kept across a restart; utilization_daily per asset and class"
it_stop_rtlsd || it_fail "rtlsd exited with status $?"
it_teardown
