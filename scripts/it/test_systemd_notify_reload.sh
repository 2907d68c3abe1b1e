#!/usr/bin/env bash
# sd_notify protocol and SIGHUP reload against the real rtlsd binary, with this script standing in
# for systemd's NOTIFY_SOCKET: READY=1 after subscribe + DB, STATUS= lines, WATCHDOG=1 while the
# pipeline lives, RELOADING=1 (+MONOTONIC_USEC) then READY=1 on SIGHUP, STOPPING=1 on SIGTERM —
# in that order. The reload adds a rule while readings flow: the new rule fires and no reading is lost.
source "$(dirname "$0")/lib.sh"
dir="$RTLSD_RUN_DIR/it-notify"
rm -rf "$dir" && mkdir -p "$dir"
dsn=$(it_fresh_db notify)
"$IT_BIN/rtls-sim" generate --tags 20 --out "$dir" >/dev/null
it_config "$dir/rtlsd.toml" "$dsn" $'[site]\nfile = "site.toml"\nrules = "rules.toml"'

python3 "$IT_REPO/scripts/it/notify_listener.py" "$dir/notify.sock" "$dir/notify.log" &
listener=$!
trap 'kill $listener 2>/dev/null || true; [ -n "${pid:-}" ] && kill -9 $pid 2>/dev/null || true' EXIT
sleep 0.3
NOTIFY_SOCKET="$dir/notify.sock" WATCHDOG_USEC=2000000 "$IT_BIN/rtlsd" run --config "$dir/rtlsd.toml" >"$dir/rtlsd.log" 2>&1 &
pid=$!
it_wait_for "$dir/notify.log" 30 '^READY=1' || it_fail "no READY=1 within 30 s (log: $dir/rtlsd.log)"
"$IT_BIN/rtls-sim" sequence --port "$RTLSD_MQTT_PORT" --count 2000 --per-message 20 --prefix notify-a >/dev/null
it_wait_for "$dir/notify.log" 10 '^WATCHDOG=1' || it_fail "no WATCHDOG=1"

# Reload: add a rule that fires for any known asset reporting battery below 99 %.
cat >>"$dir/rules.toml" <<'RULE'

[[rule]]
id = "reload-added-rule"
type = "low_battery"
below = 99
clear_at = 100
RULE
kill -HUP $pid
it_wait_for "$dir/notify.log" 10 '^RELOADING=1' || it_fail "no RELOADING=1 after SIGHUP"
it_wait_for "$dir/rtlsd.log" 10 'Configuration reloaded' || it_fail "reload not applied: $(tail -3 "$dir/rtlsd.log")"
tag=$(grep -m1 '^tag = "E2' "$dir/site.toml" | cut -d'"' -f2)
now=$(($(date +%s) * 1000))
mosquitto_pub -p "$RTLSD_MQTT_PORT" -q 1 -t rtls/gw-it/readings -m "{\"ts\":$now,\"tag\":\"$tag\",\"kind\":\"ble\",\"rssi\":-60,\"battery\":50}"
it_wait_for "$dir/rtlsd.log" 10 'rule=reload-added-rule' || it_fail "the rule added by the reload did not fire"

# A bad config is refused and the old one stays.
cp "$dir/rules.toml" "$dir/rules.good"
echo 'this is = = not toml' >>"$dir/rules.toml"
kill -HUP $pid
it_wait_for "$dir/rtlsd.log" 10 'Reload refused' || it_fail "a broken rules file was not refused"
cp "$dir/rules.good" "$dir/rules.toml"

kill -TERM $pid
wait $pid || it_fail "rtlsd exited with status $? after SIGTERM"
pid=""
rows=$(it_rows_in "$dsn")
[ "$rows" -eq 2001 ] || it_fail "expected 2001 rows, found $rows"

python3 - "$dir/notify.log" <<'PY' || it_fail "notify messages out of order: $(cut -c1-60 "$dir/notify.log" | tr '\n' ' ')"
import sys
lines = [l.strip() for l in open(sys.argv[1])]
def first(prefix, start=0):
    for i in range(start, len(lines)):
        if lines[i].startswith(prefix):
            return i
    raise SystemExit(f"missing {prefix} after line {start}")
ready = first("READY=1")
assert "STATUS=" in lines[ready] or first("STATUS=") >= 0
wd = first("WATCHDOG=1", ready)
rel = first("RELOADING=1", wd)
assert "MONOTONIC_USEC=" in lines[rel], "RELOADING=1 without MONOTONIC_USEC"
ready2 = first("READY=1", rel + 1)
stop = first("STOPPING=1", ready2)
print(f"order ok: READY@{ready} WATCHDOG@{wd} RELOADING@{rel} READY@{ready2} STOPPING@{stop} ({len(lines)} messages)")
PY
it_pass "sd_notify order, SIGHUP reload (new rule fired, bad config refused), 2001/2001 rows after SIGTERM"
