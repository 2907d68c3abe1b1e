#!/usr/bin/env bash
# The main job on an embedded default: a private mosquitto + PostgreSQL on loopback under .run/,
# the schema, rtlsd, and the facility simulator publishing gateway traffic. Shows readings landing
# and alerts firing; Ctrl-C stops everything cleanly (rtlsd drains to the database first).
#
#   scripts/demo.sh [--rate N] [--tags N] [--seconds N]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d /opt/swift/usr/bin ] && export PATH="/opt/swift/usr/bin:$PATH"
RATE=2000
TAGS=500
SECONDS_TO_RUN=0
while [ $# -gt 0 ]; do
    case "$1" in
    --rate) RATE=$2; shift 2 ;;
    --tags) TAGS=$2; shift 2 ;;
    --seconds) SECONDS_TO_RUN=$2; shift 2 ;;
    *) echo "usage: $0 [--rate N] [--tags N] [--seconds N]" >&2; exit 2 ;;
    esac
done

export RTLSD_RUN_DIR="${RTLSD_RUN_DIR:-$PWD/.run/demo}"
# shellcheck source=lib/services.sh
source scripts/lib/services.sh
rtls_install_deps

rtls_log "building rtlsd and rtls-sim (release)"
swift build -c release --product rtlsd 2>&1 | grep -E 'error|Compiling rtlsd|Build' || true
swift build -c release --product rtls-sim 2>&1 | grep -E 'error|Build' || true
BIN="$(swift build -c release --show-bin-path)"

rtls_services_start
DSN="$(rtls_pg_dsn)"
PSQL=(psql "$DSN" -X -q)

SIM_PID="" RTLSD_PID=""
cleanup() {
    trap - INT TERM EXIT
    echo
    [ -n "$SIM_PID" ] && kill -INT "$SIM_PID" 2>/dev/null && wait "$SIM_PID" 2>/dev/null || true
    if [ -n "$RTLSD_PID" ] && kill -0 "$RTLSD_PID" 2>/dev/null; then
        rtls_log "stopping rtlsd (SIGTERM: it drains the ring and the open batch to the database)"
        kill -TERM "$RTLSD_PID"
        wait "$RTLSD_PID" && rtls_log "rtlsd exited 0" || rtls_log "rtlsd exited with status $?"
    fi
    "${PSQL[@]}" -c "SELECT (SELECT count(*) FROM location_readings) AS location_rows,
        (SELECT count(*) FROM sensor_readings) AS sensor_rows, (SELECT count(*) FROM alerts) AS alerts" || true
    rtls_services_stop
    rtls_log "stopped; data stays in $RTLSD_RUN_DIR (rm -rf it to start over)"
}
trap cleanup INT TERM EXIT

CONF="$RTLSD_RUN_DIR/rtlsd.toml"
"$BIN/rtls-sim" generate --tags "$TAGS" --out "$RTLSD_RUN_DIR" --config-out "$RTLSD_RUN_DIR/decoders.toml" >/dev/null
cat >"$CONF" <<CONF
[mqtt]
host = "127.0.0.1"
port = $RTLSD_MQTT_PORT
client_id = "rtlsd-demo"

$(cat "$RTLSD_RUN_DIR/decoders.toml")

[database]
conninfo = "$DSN"
migrations_dir = "$PWD/sql"

[writer]
linger_ms = 200

[spool]
dir = "spool"
write_ahead = true
fsync = "200ms"

[site]
file = "site.toml"
rules = "rules.toml"
CONF
[ -f "$RTLSD_RUN_DIR/site.toml" ] || sed -i '/^\[site\]/,$d' "$CONF"

rtls_log "rtlsd migrate"
"$BIN/rtlsd" migrate --config "$CONF"
rtls_log "starting rtlsd (log: $RTLSD_RUN_DIR/rtlsd.log)"
"$BIN/rtlsd" run --config "$CONF" >"$RTLSD_RUN_DIR/rtlsd.log" 2>&1 &
RTLSD_PID=$!
sleep 1
rtls_log "starting rtls-sim: $TAGS tags, $RATE readings/s"
"$BIN/rtls-sim" run --host 127.0.0.1 --port "$RTLSD_MQTT_PORT" --tags "$TAGS" --rate "$RATE" \
    --seconds "$SECONDS_TO_RUN" --quiet >"$RTLSD_RUN_DIR/sim.log" 2>&1 &
SIM_PID=$!

start=$(date +%s)
while true; do
    sleep 3
    kill -0 "$RTLSD_PID" 2>/dev/null || { echo "rtlsd exited; see $RTLSD_RUN_DIR/rtlsd.log" >&2; tail -20 "$RTLSD_RUN_DIR/rtlsd.log" >&2; exit 1; }
    clear 2>/dev/null || true
    echo "rtlsd demo — $(($(date +%s) - start)) s — Ctrl-C to stop"
    now_rows=$("${PSQL[@]}" -tAc "SELECT (SELECT count(*) FROM location_readings) + (SELECT count(*) FROM sensor_readings)")
    echo "stored: $((( now_rows - ${last_rows:-$now_rows} ) / 3)) readings/s over the last 3 s"
    last_rows=$now_rows
    "${PSQL[@]}" -c "SELECT (SELECT count(*) FROM location_readings) AS location_rows,
        (SELECT count(*) FROM sensor_readings) AS sensor_rows,
        (SELECT count(*) FROM alerts) AS alerts,
        (SELECT count(*) FROM tags) AS tags_seen"
    echo "--- where some assets are now (asset_locations) ---"
    "${PSQL[@]}" -c "SELECT t.tag, z.name AS zone, a.method, to_char(a.since, 'HH24:MI:SS') AS since,
        to_char(a.last_seen, 'HH24:MI:SS') AS last_seen
        FROM asset_locations a JOIN tags t ON t.id = a.tag_id LEFT JOIN zones z ON z.id = a.zone_id
        ORDER BY a.since DESC LIMIT 5"
    "${PSQL[@]}" -c "SELECT l.time, t.tag, g.gateway, l.kind, l.rssi, l.x, l.y, l.battery
        FROM location_readings l JOIN tags t ON t.id = l.tag_id LEFT JOIN gateways g ON g.id = l.gateway_id
        ORDER BY l.time DESC LIMIT 5"
    echo "--- utilization today (usage sessions closed so far) and PAR alerts open ---"
    "${PSQL[@]}" -c "SELECT asset_class, assets, sessions, round(in_use_hours::numeric, 2) AS in_use_h,
        round(present_hours::numeric, 1) AS present_h, round(100 * utilization::numeric, 1) AS pct
        FROM utilization_class_daily WHERE day = date_trunc('day', now(), 'UTC') AND sessions > 0" || true
    "${PSQL[@]}" -c "SELECT to_char(a.time, 'HH24:MI:SS') AS since, a.message FROM alerts a
        WHERE a.kind = 'par_level' AND a.state = 'fired'
          AND NOT EXISTS (SELECT 1 FROM alerts c WHERE c.alert_id = a.alert_id AND c.state = 'cleared')" || true
    echo "--- last alerts and warnings (rtlsd log) ---"
    grep -E 'warning|error|critical|Alert|alert' "$RTLSD_RUN_DIR/rtlsd.log" | tail -8 || true
    if [ "$SECONDS_TO_RUN" -gt 0 ] && ! kill -0 "$SIM_PID" 2>/dev/null; then break; fi
done
