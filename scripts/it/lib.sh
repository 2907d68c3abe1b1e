#!/usr/bin/env bash
# Shared helpers for the process-level fault-injection scenarios (scripts/it/test_*.sh).
# Expects RTLSD_RUN_DIR, RTLSD_PG_PORT, RTLSD_MQTT_PORT and running services (scripts/test.sh
# starts them); builds nothing: rtlsd and rtls-sim come from `swift build --build-tests`.
set -euo pipefail
IT_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$IT_REPO"
[ -d /opt/swift/usr/bin ] && export PATH="/opt/swift/usr/bin:$PATH"
# shellcheck source=../lib/services.sh
source scripts/lib/services.sh
IT_BIN="${RTLSD_IT_BIN:-$(swift build --show-bin-path)}" # RTLSD_IT_BIN: run the scenarios on other (e.g. release) binaries
IT_NAME="$(basename "$0" .sh)"
IT_DIR="$RTLSD_RUN_DIR/it/$IT_NAME"
IT_DB="it_${IT_NAME#test_}_$$"
IT_CLIENT="rtlsd-$IT_NAME-$$"
IT_PID=""
IT_SIM_PID=""
IT_STARTED=$SECONDS
rm -rf "$IT_DIR"
mkdir -p "$IT_DIR"

it_fail() {
    echo "FAIL $IT_NAME: $*" >&2
    [ -f "$IT_DIR/rtlsd.log" ] && tail -30 "$IT_DIR/rtlsd.log" >&2
    exit 1
}
it_cleanup() {
    [ -n "$IT_PID" ] && kill -9 "$IT_PID" 2>/dev/null || true
    [ -n "$IT_SIM_PID" ] && pkill -P "$IT_SIM_PID" 2>/dev/null || true
    [ -n "$IT_SIM_PID" ] && kill "$IT_SIM_PID" 2>/dev/null || true
}
trap it_cleanup EXIT

it_psql() {
    PGOPTIONS="-c client_min_messages=warning" psql -X -q -t -A -h 127.0.0.1 -p "$RTLSD_PG_PORT" -U "$RTLSD_PG_USER" "$@"
}
it_sql() { it_psql -d "$IT_DB" -c "$1"; }

# Creates this scenario's database and config (extra TOML lines in $1, appended to [spool]).
it_setup() {
    it_psql -d "$RTLSD_PG_DB" -c "DROP DATABASE IF EXISTS $IT_DB" -c "CREATE DATABASE $IT_DB" >/dev/null
    # TimescaleDB only when the server preloads it (an installed but not preloaded extension fails).
    local tsdb=off
    it_psql -d "$RTLSD_PG_DB" -c "SHOW shared_preload_libraries" | grep -q timescaledb && tsdb=auto
    cat >"$IT_DIR/rtlsd.toml" <<TOML
[mqtt]
host = "127.0.0.1"
port = $RTLSD_MQTT_PORT
client_id = "$IT_CLIENT"
qos = 1

[[decoder]]
topic = "rtls/+gateway/readings"
decoder = "rtls-json"

[database]
conninfo = "host=127.0.0.1 port=$RTLSD_PG_PORT dbname=$IT_DB user=$RTLSD_PG_USER connect_timeout=2"
migrations_dir = "$IT_REPO/sql"
timescaledb = "$tsdb"

[writer]
batch_size = 2000
linger_ms = 100
ring_capacity = 65536
drain_timeout_s = 10

[log]
level = "info"
target = "stderr"

[spool]
dir = "$IT_DIR/spool"
${1:-}
TOML
}

# Starts rtlsd in the background (appending to rtlsd.log) and waits until it is subscribed.
# Arguments, if any, are added to `rtlsd run` (e.g. --clock-offset-seconds=-3600).
it_start_rtlsd() {
    local before
    before=$(grep -c "rtlsd ready" "$IT_DIR/rtlsd.log" 2>/dev/null || true)
    "$IT_BIN/rtlsd" run --config "$IT_DIR/rtlsd.toml" "$@" >>"$IT_DIR/rtlsd.log" 2>&1 &
    IT_PID=$!
    for _ in $(seq 1 200); do
        [ "$(grep -c "rtlsd ready" "$IT_DIR/rtlsd.log" 2>/dev/null || true)" -gt "${before:-0}" ] && return 0
        kill -0 "$IT_PID" 2>/dev/null || it_fail "rtlsd exited during startup"
        sleep 0.1
    done
    it_fail "rtlsd not ready after 20 s"
}

# Publishes $1 readings at $2 readings/s with prefix $3 in the background; sets IT_SIM_PID.
it_publish() {
    "$IT_BIN/rtls-sim" sequence --count "$1" --rate "$2" --prefix "$3" --per-message 20 \
        --port "$RTLSD_MQTT_PORT" >"$IT_DIR/sim.log" 2>&1 &
    IT_SIM_PID=$!
}

it_rows() {
    it_sql "SELECT (SELECT count(*) FROM location_readings) + (SELECT count(*) FROM sensor_readings)"
}
it_duplicates() {
    it_sql "SELECT (SELECT count(*) - count(DISTINCT (tag_id, time)) FROM location_readings)
        + (SELECT count(*) - count(DISTINCT (tag_id, metric_id, time)) FROM sensor_readings)"
}

# Waits (up to $2 s) until the row count reaches $1 and stops changing; prints the count.
it_wait_rows() {
    local want=$1 limit=${2:-30} last=-1 same=0 rows=0
    for _ in $(seq 1 $((limit * 5))); do
        rows=$(it_rows 2>/dev/null || echo 0)
        [ "$rows" -ge "$want" ] && break
        if [ "$rows" = "$last" ]; then same=$((same + 1)); else same=0; fi
        [ "$same" -ge 25 ] && break # unchanged for 5 s
        last=$rows
        sleep 0.2
    done
    echo "$rows"
}

# Sends SIGTERM and waits for exit; returns rtlsd's exit status.
it_stop_rtlsd() {
    kill -TERM "$IT_PID"
    local status=0
    wait "$IT_PID" || status=$?
    IT_PID=""
    return "$status"
}

# Checks rows == $1 and no duplicates, prints the verdict and drops the database.
it_assert_complete() {
    local want=$1 rows dups
    rows=$(it_rows)
    dups=$(it_duplicates)
    [ "$dups" -eq 0 ] || it_fail "$dups duplicate rows"
    [ "$rows" -eq "$want" ] || it_fail "$rows rows stored, expected $want"
    echo "PASS $IT_NAME: $rows/$want rows, 0 duplicates, $((SECONDS - IT_STARTED)) s"
}

it_teardown() {
    [ -n "$IT_PID" ] && { it_stop_rtlsd || true; }
    # Connecting once with a clean session discards rtlsd's persistent one: otherwise the broker
    # keeps queueing every later scenario's messages for a client that never comes back.
    mosquitto_sub -h 127.0.0.1 -p "$RTLSD_MQTT_PORT" -i "$IT_CLIENT" -t rtls/selftest -E >/dev/null 2>&1 || true
    it_psql -d "$RTLSD_PG_DB" -c "DROP DATABASE IF EXISTS $IT_DB" >/dev/null 2>&1 || true
}

# Value of key $1 in the last log line matching $2.
it_log_value() {
    grep "$2" "$IT_DIR/rtlsd.log" | tail -1 | grep -o "$1=[^ ]*" | head -1 | cut -d= -f2
}

# --- helpers for scenarios that manage their own database and config (test_systemd_notify_reload.sh)
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

it_rows_in() {
    psql "$1" -qtAc "SELECT (SELECT count(*) FROM location_readings) + (SELECT count(*) FROM sensor_readings)"
}

# --- a test CA for the TLS scenarios (openssl): it_tls_ca DIR makes DIR/ca.{crt,key} and an
# unrelated DIR/other.crt; it_tls_cert DIR NAME CN SAN makes DIR/NAME.{crt,key} signed by the CA.
it_openssl() { openssl "$@" >/dev/null 2>&1 || it_fail "openssl $1 failed"; }
it_tls_ca() {
    mkdir -p "$1"
    it_openssl req -x509 -newkey rsa:2048 -nodes -keyout "$1/ca.key" -out "$1/ca.crt" -days 2 -subj "/CN=rtlsd test CA"
    it_openssl req -x509 -newkey rsa:2048 -nodes -keyout "$1/other.key" -out "$1/other.crt" -days 2 -subj "/CN=other CA"
}
it_tls_cert() { # dir name cn san
    it_openssl req -newkey rsa:2048 -nodes -keyout "$1/$2.key" -out "$1/$2.csr" -subj "/CN=$3"
    printf 'subjectAltName=%s\n' "$4" >"$1/$2.cnf"
    it_openssl x509 -req -in "$1/$2.csr" -CA "$1/ca.crt" -CAkey "$1/ca.key" -CAcreateserial \
        -out "$1/$2.crt" -days 2 -extfile "$1/$2.cnf"
}
