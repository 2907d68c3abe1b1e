#!/usr/bin/env bash
# sd_notify protocol and SIGHUP reload against the real rtlsd binary, with this script standing in
# for systemd's NOTIFY_SOCKET: READY=1 (with STATUS=) after subscribe + DB, STATUS= lines and
# WATCHDOG=1 while the pipeline lives, RELOADING=1 (+MONOTONIC_USEC on CLOCK_MONOTONIC) then READY=1
# on each SIGHUP (also one that is refused), STOPPING=1 on SIGTERM — in that order, checked message
# by message at the end. The reload adds a rule while readings flow: the new rule fires and no
# reading is lost; the same reload changes [database] and [log], which it cannot apply: each is
# named in one line ending "restart rtlsd to apply", and the running database stays in use.
source "$(dirname "$0")/lib.sh"
dir="$RTLSD_RUN_DIR/it-notify"
# Waits up to $1 s until notify.log holds lines matching the regexes $2, $3, … in this order.
notify_wait_seq() {
    local timeout=$1
    shift
    local patterns
    patterns=$(printf '%s\n' "$@") # $(…) drops the last newline: one pattern per line
    for _ in $(seq 1 $((timeout * 10))); do
        awk -v pats="$patterns" 'BEGIN { n = split(pats, p, "\n"); k = 1 }
            k <= n && $0 ~ p[k] { k++ } END { exit !(k > n) }' "$dir/notify.log" 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}
# CLOCK_MONOTONIC in µs, the clock MONOTONIC_USEC= is read from.
monotonic_usec() { python3 -c 'import time; print(time.monotonic_ns() // 1000)'; }
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
# The pipeline lives: watchdog pings and a periodic status line after READY=1 (ticks every 1 s).
notify_wait_seq 10 '^READY=1' '^WATCHDOG=1$' '^STATUS=' || it_fail "no WATCHDOG=1 and STATUS= after READY=1"

# Reload: add a rule that fires for any known asset reporting battery below 99 %.
cat >>"$dir/rules.toml" <<'RULE'

[[rule]]
id = "reload-added-rule"
type = "low_battery"
below = 99
clear_at = 100
RULE
# … and change what a reload cannot apply: the database connection and a retention, the log level.
sed -i 's/^conninfo = "\(.*\)"$/conninfo = "\1 application_name=rtlsd-reloaded"\nretention_sensor_days = 10/' "$dir/rtlsd.toml"
printf '\n[log]\nlevel = "debug"\n' >>"$dir/rtlsd.toml"
grep -q 'application_name=rtlsd-reloaded' "$dir/rtlsd.toml" || it_fail "the test did not change [database] conninfo"
hup1_before=$(monotonic_usec)
kill -HUP $pid
notify_wait_seq 10 '^READY=1' '^RELOADING=1' '^READY=1' || it_fail "no RELOADING=1 then READY=1 after SIGHUP"
hup1_after=$(monotonic_usec)
it_wait_for "$dir/rtlsd.log" 10 'Configuration reloaded' || it_fail "reload not applied: $(tail -3 "$dir/rtlsd.log")"
tag=$(grep -m1 '^tag = "E2' "$dir/site.toml" | cut -d'"' -f2)
now=$(($(date +%s) * 1000))
mosquitto_pub -p "$RTLSD_MQTT_PORT" -q 1 -t rtls/gw-it/readings -m "{\"ts\":$now,\"tag\":\"$tag\",\"kind\":\"ble\",\"rssi\":-60,\"battery\":50}"
it_wait_for "$dir/rtlsd.log" 10 'rule=reload-added-rule' || it_fail "the rule added by the reload did not fire"
grep -qF '[database] conninfo, retention_sensor_days changed: restart rtlsd to apply' "$dir/rtlsd.log" ||
    it_fail "the changed [database] was not named for a restart: $(grep -i reload "$dir/rtlsd.log" | tail -3)"
grep -qF '[log] level changed: restart rtlsd to apply' "$dir/rtlsd.log" ||
    it_fail "the changed [log] level was not named for a restart"
restart_lines=$(grep -c 'restart rtlsd to apply' "$dir/rtlsd.log")
[ "$restart_lines" -eq 2 ] || it_fail "expected 2 restart lines ([database], [log]), found $restart_lines"

# A bad config is refused and the old one stays.
cp "$dir/rules.toml" "$dir/rules.good"
echo 'this is = = not toml' >>"$dir/rules.toml"
hup2_before=$(monotonic_usec)
kill -HUP $pid
it_wait_for "$dir/rtlsd.log" 10 'Reload refused' || it_fail "a broken rules file was not refused"
# A refused reload still ends with READY=1: the old config stays in force.
notify_wait_seq 10 '^READY=1' '^RELOADING=1' '^READY=1' '^RELOADING=1' '^READY=1' ||
    it_fail "no RELOADING=1 then READY=1 after the refused SIGHUP"
hup2_after=$(monotonic_usec)
cp "$dir/rules.good" "$dir/rules.toml"

kill -TERM $pid
wait $pid || it_fail "rtlsd exited with status $? after SIGTERM"
pid=""
rows=$(it_rows_in "$dsn")
[ "$rows" -eq 2001 ] || it_fail "expected 2001 rows, found $rows"

python3 - "$dir/notify.log" "$hup1_before" "$hup1_after" "$hup2_before" "$hup2_after" <<'PY' ||
import re
import sys

# One datagram per line, its assignments joined with | by notify_listener.py.
lines = [l.rstrip("\n") for l in open(sys.argv[1], encoding="utf-8")]
reload_windows = [(int(sys.argv[2]), int(sys.argv[3])), (int(sys.argv[4]), int(sys.argv[5]))]
status_re = re.compile(
    r"[0-9,]+ readings/s · ring (0|<1|[0-9]+)% · (db lag [0-9.]+ (ms|s|min)|db unreachable)"
    r" · spool [0-9.]+ [kMGT]?B · [0-9]+ alerts? active")
errors = []

def kind(i, fields):
    """The datagram's kind: a state change (READY, RELOADING, STOPPING) or progress (status, watchdog)."""
    for key, value in fields.items():
        if key not in ("READY", "RELOADING", "STOPPING", "WATCHDOG", "STATUS", "MONOTONIC_USEC"):
            errors.append(f"message {i}: unexpected assignment {key}=")
        elif key != "STATUS" and key != "MONOTONIC_USEC" and value != "1":
            errors.append(f"message {i}: {key}={value}, expected {key}=1")
    if "STATUS" in fields and not status_re.fullmatch(fields["STATUS"]):
        errors.append(f"message {i}: malformed STATUS={fields['STATUS']!r}")
    states = [k for k in ("READY", "RELOADING", "STOPPING") if k in fields]
    if len(states) > 1:
        errors.append(f"message {i}: {' and '.join(states)} in one datagram")
    if states:
        return states[0]
    if "WATCHDOG" in fields:
        if "STATUS" in fields:
            errors.append(f"message {i}: WATCHDOG=1 and STATUS= in one datagram")
        return "watchdog"
    if "STATUS" in fields:
        return "status"
    errors.append(f"message {i}: empty or unknown datagram {lines[i]!r}")
    return "unknown"

messages = []
for i, line in enumerate(lines):
    fields = dict(part.split("=", 1) if "=" in part else (part, None) for part in line.split("|"))
    messages.append((i, kind(i, fields), fields))

# Startup, two SIGHUPs (the second refused, still answered with READY=1), SIGTERM; only STATUS= and
# WATCHDOG=1 around and between them (before READY=1 the watchdog's first tick; after STOPPING=1
# the pings that keep systemd waiting while the writer drains).
expected = ["READY", "RELOADING", "READY", "RELOADING", "READY", "STOPPING"]
state = [(i, k, f) for i, k, f in messages if k in ("READY", "RELOADING", "STOPPING")]
got = [k for _, k, _ in state]
if got != expected:
    errors.append(f"state messages {' → '.join(got)}, expected {' → '.join(expected)}")
else:
    (ready, _, ready_f), (rel1, _, rel1_f), (ready2, _, _), (rel2, _, rel2_f), (ready3, _, _), (stop, _, _) = state
    if "STATUS" not in ready_f:
        errors.append(f"message {ready}: the first READY=1 carries no STATUS=")
    between = [k for i, k, _ in messages if ready < i < rel1]
    if "watchdog" not in between:
        errors.append("no WATCHDOG=1 between READY=1 and the first RELOADING=1")
    if "status" not in between:
        errors.append("no STATUS= update between READY=1 and the first RELOADING=1")
    for n, (i, fields), (before, after) in zip((1, 2), ((rel1, rel1_f), (rel2, rel2_f)), reload_windows):
        usec = fields.get("MONOTONIC_USEC") or ""
        if not usec.isdigit():
            errors.append(f"message {i}: RELOADING=1 without a numeric MONOTONIC_USEC ({usec!r})")
        elif not before <= int(usec) <= after:
            errors.append(
                f"message {i}: MONOTONIC_USEC={usec} not within reload {n} on CLOCK_MONOTONIC [{before}, {after}]")
if errors:
    sys.exit("; ".join(errors))
print(f"order ok: READY(+STATUS)@{ready} → RELOADING@{rel1} → READY@{ready2} → RELOADING@{rel2} "
      f"→ READY@{ready3} → STOPPING@{stop}; {between.count('watchdog')} WATCHDOG=1 and "
      f"{between.count('status')} STATUS= before the first reload; {len(lines)} messages")
PY
    it_fail "notify messages wrong: $(cut -c1-60 "$dir/notify.log" | tr '\n' ' ')"
it_pass "sd_notify order (READY → RELOADING → READY ×2 → STOPPING), SIGHUP reload (new rule fired, [database] and [log] named for a restart, bad config refused), 2001/2001 rows after SIGTERM"
