#!/usr/bin/env bash
# Location accuracy with the physical simulator (BENCHMARKS.md, "Location accuracy (physical simulator)"):
# a fresh database, rtlsd with the generated site, rules and decoder routes, `rtls-sim run --physics`
# for SIM_SECONDS, then `rtls-sim score`. Prints the figures; asserts nothing.
#
#   scripts/sim_accuracy.sh NAME [rtls-sim run options, e.g. --ble-format theengs --flutter-db 3]
#
# Environment: RTLSD_RUN_DIR, RTLSD_PG_PORT, RTLSD_MQTT_PORT (scripts/lib/services.sh; the services must
# be running: rtls_services_start), RTLSD_BIN (binaries; default `swift build --show-bin-path`),
# SIM_SHAPE (facility options shared by generate and run; default "--tags 50 --fridges 0 --gps-trackers 0"),
# SIM_SECONDS (default 300), SIM_LOCATION ("key = value" lines replacing the generated rules' [location]
# settings, e.g. 'ble_window = "1.5s"', to compare tunings). Output, kept: $RTLSD_RUN_DIR/accuracy/NAME/ (truth.jsonl, rtlsd.log, sim.log,
# score.txt, score.json) and the database acc_NAME.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d /opt/swift/usr/bin ] && export PATH="/opt/swift/usr/bin:$PATH"
# shellcheck source=lib/services.sh
source scripts/lib/services.sh
NAME=${1:?usage: scripts/sim_accuracy.sh NAME [rtls-sim run options]}
shift
BIN="${RTLSD_BIN:-$(swift build --show-bin-path)}"
read -r -a SHAPE <<<"${SIM_SHAPE:---tags 50 --fridges 0 --gps-trackers 0}"
DIR="$RTLSD_RUN_DIR/accuracy/$NAME"
DB="acc_$(echo "$NAME" | tr -c 'a-zA-Z0-9_\n' '_')"
DSN="host=127.0.0.1 port=$RTLSD_PG_PORT dbname=$DB user=$RTLSD_PG_USER"
rm -rf "$DIR"
mkdir -p "$DIR"
psql -X -q "$(rtls_pg_dsn)" -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null
# The BLE format (and anything else) given for the run applies to the generated site too.
format=()
for ((i = 1; i <= $#; i++)); do
    case "${!i}" in --format | --ble-format) j=$((i + 1)) && format+=("${!i}" "${!j}") ;; esac
done
"$BIN/rtls-sim" generate "${SHAPE[@]}" "${format[@]}" --out "$DIR" --config-out "$DIR/decoders.toml" >/dev/null
while IFS= read -r line; do
    [ -n "$line" ] || continue
    key=${line%%=*}
    key=${key// /}
    grep -q "^$key = " "$DIR/rules.toml" || { echo "SIM_LOCATION: no '$key' in the generated [location]" >&2; exit 2; }
    sed -i "s|^$key = .*|$line|" "$DIR/rules.toml"
done <<<"${SIM_LOCATION:-}"
cat >"$DIR/rtlsd.toml" <<TOML
[mqtt]
host = "127.0.0.1"
port = $RTLSD_MQTT_PORT
client_id = "rtlsd-accuracy-$NAME"
clean_session = true

$(grep -v '^#' "$DIR/decoders.toml")

[database]
conninfo = "$DSN"
migrations_dir = "$PWD/sql"

[writer]
linger_ms = 200

[spool]
dir = "$DIR/spool"

[site]
file = "site.toml"
rules = "rules.toml"
TOML
"$BIN/rtlsd" migrate --config "$DIR/rtlsd.toml" >/dev/null
"$BIN/rtlsd" run --config "$DIR/rtlsd.toml" >"$DIR/rtlsd.log" 2>&1 &
RTLSD_PID=$!
trap 'kill -TERM $RTLSD_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 200); do grep -q "rtlsd ready" "$DIR/rtlsd.log" && break; sleep 0.1; done
grep -q "rtlsd ready" "$DIR/rtlsd.log" || { tail -20 "$DIR/rtlsd.log" >&2; exit 1; }
rtls_log "$NAME: rtls-sim run --physics ${SHAPE[*]} $* for ${SIM_SECONDS:-300} s"
"$BIN/rtls-sim" run "${SHAPE[@]}" --physics --seconds "${SIM_SECONDS:-300}" --truth "$DIR/truth.jsonl" \
    --port "$RTLSD_MQTT_PORT" --quiet "$@" >"$DIR/sim.log" 2>&1
sleep 1
kill -TERM "$RTLSD_PID"
wait "$RTLSD_PID" || true
trap - EXIT
"$BIN/rtls-sim" score --truth "$DIR/truth.jsonl" --pg-dsn "$DSN" | tee "$DIR/score.txt"
"$BIN/rtls-sim" score --truth "$DIR/truth.jsonl" --pg-dsn "$DSN" --json >"$DIR/score.json"
