#!/usr/bin/env bash
# Helpers for the process-level scenarios; sourced by scripts/it/test_*.sh, which scripts/test.sh
# runs with the private broker and database already started (RTLSD_RUN_DIR, RTLSD_PG_PORT,
# RTLSD_MQTT_PORT exported).
set -euo pipefail
IT_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=../lib/services.sh
source "$IT_REPO/scripts/lib/services.sh"
IT_BIN=$(cd "$IT_REPO" && swift build --show-bin-path)

it_fail() { echo "FAIL: $*" >&2; exit 1; }
it_pass() { echo "PASS: $*"; }

# Creates a fresh database and prints its conninfo.
it_fresh_db() {
    local name="it_$1_$$_$RANDOM"
    psql "$(rtls_pg_dsn)" -qc "CREATE DATABASE $name" >/dev/null
    echo "host=127.0.0.1 port=$RTLSD_PG_PORT dbname=$name user=$RTLSD_PG_USER"
}

# Writes an rtlsd config for conninfo $2 into file $1; extra TOML from $3.
it_config() {
    cat >"$1" <<CONF
[mqtt]
host = "127.0.0.1"
port = $RTLSD_MQTT_PORT
client_id = "rtlsd-it-$(basename "$1" .toml)-$$"

[[decoder]]
topic = "rtls/+gateway/readings"
decoder = "rtls-json"

[database]
conninfo = "$2"
migrations_dir = "$IT_REPO/sql"

[writer]
linger_ms = 100
${3:-}
CONF
}

# Waits up to $2 seconds for file $1 to contain a line matching $3.
it_wait_for() {
    local file=$1 timeout=$2 pattern=$3
    for _ in $(seq 1 $((timeout * 10))); do
        grep -qE "$pattern" "$file" 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}

it_rows() {
    psql "$1" -qtAc "SELECT (SELECT count(*) FROM location_readings) + (SELECT count(*) FROM sensor_readings)"
}
