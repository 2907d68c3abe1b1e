#!/usr/bin/env bash
# Private mosquitto + PostgreSQL on loopback under a scratch directory, for the demo and the tests.
# Source this file, then call: rtls_install_deps; rtls_services_start; ...; rtls_services_stop
#
# Environment (all optional):
#   RTLSD_RUN_DIR    scratch directory (default: <repo>/.run)
#   RTLSD_PG_PORT    PostgreSQL port   (default: 55432)
#   RTLSD_MQTT_PORT  mosquitto port    (default: 18830)

RTLSD_REPO=${RTLSD_REPO:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
RTLSD_RUN_DIR=${RTLSD_RUN_DIR:-$RTLSD_REPO/.run}
RTLSD_PG_PORT=${RTLSD_PG_PORT:-55432}
RTLSD_MQTT_PORT=${RTLSD_MQTT_PORT:-18830}
RTLSD_PG_DB=rtls
RTLSD_PG_USER=rtls
export PATH="/usr/lib/postgresql/15/bin:$PATH:/usr/sbin:/sbin"

rtls_log() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }

# Installs the system packages rtlsd builds against and tests with (Debian 12), if missing.
rtls_install_deps() {
    local pkgs=(mosquitto mosquitto-clients libmosquitto-dev postgresql-15 postgresql-client-15 libpq-dev libsystemd-dev pkg-config)
    local missing=()
    for p in "${pkgs[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    if ((${#missing[@]})); then
        rtls_log "installing: ${missing[*]}"
        local sudo=""
        [ "$(id -u)" -ne 0 ] && sudo=sudo
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
    # Debian's postgresql package starts a system cluster; ours is private, so stop nothing but
    # make sure the binaries are on PATH.
    export PATH="/usr/lib/postgresql/15/bin:$PATH"
}

# Runs a command as the unprivileged 'postgres' user when we are root (initdb refuses root).
rtls_as_pg() {
    if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

# PostgreSQL's data directory. initdb and the server run as user postgres when we are root; when
# postgres cannot reach the run dir (a clone under /root, mode 0700) the cluster lives under
# /var/lib/postgresql/rtlsd/<checksum of the run dir>/pg instead (removed by rtls_services_reset).
rtls_pg_data() {
    if [ "$(id -u)" -eq 0 ] && ! runuser -u postgres -- test -x "$RTLSD_RUN_DIR" 2>/dev/null; then
        echo "/var/lib/postgresql/rtlsd/$(printf '%s' "$RTLSD_RUN_DIR" | cksum | cut -d' ' -f1)/pg"
    else
        echo "$RTLSD_RUN_DIR/pg"
    fi
}

# Removes the run dir and, when it lives elsewhere, the PostgreSQL cluster (services stopped first).
rtls_services_reset() {
    mkdir -p "$RTLSD_RUN_DIR"
    local data
    data=$(rtls_pg_data)
    case "$data" in "$RTLSD_RUN_DIR"/*) ;; *) rm -rf "$(dirname "$data")" ;; esac
    rm -rf "$RTLSD_RUN_DIR"
}

rtls_pg_dsn() {
    echo "host=127.0.0.1 port=$RTLSD_PG_PORT dbname=$RTLSD_PG_DB user=$RTLSD_PG_USER"
}

rtls_mqtt_url() {
    echo "mqtt://127.0.0.1:$RTLSD_MQTT_PORT"
}

rtls_pg_start() {
    mkdir -p "$RTLSD_RUN_DIR"
    chmod 755 "$RTLSD_RUN_DIR"
    local data
    data=$(rtls_pg_data)
    if [ ! -f "$data/PG_VERSION" ]; then
        rtls_log "initdb $data"
        mkdir -p "$data"
        [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$data" "$(dirname "$data")"
        rtls_as_pg initdb -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null ||
            { echo "initdb failed for $data" >&2; return 1; }
        cat >>"$data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $RTLSD_PG_PORT
unix_socket_directories = '$data'
fsync = on
synchronous_commit = on
shared_buffers = 256MB
max_wal_size = 2GB
checkpoint_timeout = 15min
wal_compression = on
log_min_messages = warning
CONF
    fi
    if ! rtls_as_pg pg_ctl -D "$data" status >/dev/null 2>&1; then
        rtls_log "starting PostgreSQL on 127.0.0.1:$RTLSD_PG_PORT"
        rtls_as_pg pg_ctl -D "$data" -l "$data/server.log" -w -t 60 start >/dev/null ||
            { echo "PostgreSQL did not start; see $data/server.log" >&2; return 1; }
    fi
    psql -h 127.0.0.1 -p "$RTLSD_PG_PORT" -U postgres -d postgres -qtAc \
        "SELECT 1 FROM pg_roles WHERE rolname='$RTLSD_PG_USER'" | grep -q 1 ||
        psql -h 127.0.0.1 -p "$RTLSD_PG_PORT" -U postgres -d postgres -qc "CREATE ROLE $RTLSD_PG_USER LOGIN SUPERUSER"
    psql -h 127.0.0.1 -p "$RTLSD_PG_PORT" -U postgres -d postgres -qtAc \
        "SELECT 1 FROM pg_database WHERE datname='$RTLSD_PG_DB'" | grep -q 1 ||
        psql -h 127.0.0.1 -p "$RTLSD_PG_PORT" -U postgres -d postgres -qc "CREATE DATABASE $RTLSD_PG_DB OWNER $RTLSD_PG_USER"
}

rtls_pg_stop() {
    local data
    data=$(rtls_pg_data)
    [ -f "$data/PG_VERSION" ] && rtls_as_pg pg_ctl -D "$data" -m "${1:-fast}" -w stop >/dev/null 2>&1 || true
}

rtls_mqtt_start() {
    local dir="$RTLSD_RUN_DIR/mosquitto"
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown -R mosquitto:mosquitto "$dir" 2>/dev/null
    # autosave_interval stays at mosquitto's default (1800 s): every save writes the whole store from
    # the broker's only thread, and a save every 5 s stalled delivery 100-340 ms in the burst benchmark.
    # The restart scenarios stop the broker with SIGTERM, which saves the store.
    cat >"$dir/mosquitto.conf" <<CONF
listener $RTLSD_MQTT_PORT 127.0.0.1
allow_anonymous true
persistence true
persistence_location $dir/
max_queued_messages 2000000
max_inflight_messages 1000
max_packet_size 16777216
message_size_limit 0
log_dest file $dir/mosquitto.log
log_type error
log_type warning
log_type notice
CONF
    # As root mosquitto drops to user mosquitto, which may not reach a run dir under /root.
    if [ "$(id -u)" -eq 0 ] && ! runuser -u mosquitto -- test -w "$dir" 2>/dev/null; then
        echo "user root" >>"$dir/mosquitto.conf"
    fi
    if [ -f "$dir/mosquitto.pid" ] && kill -0 "$(cat "$dir/mosquitto.pid")" 2>/dev/null; then return 0; fi
    rtls_log "starting mosquitto on 127.0.0.1:$RTLSD_MQTT_PORT"
    mosquitto -c "$dir/mosquitto.conf" >/dev/null 2>&1 &
    echo $! >"$dir/mosquitto.pid"
    for _ in $(seq 1 50); do
        mosquitto_pub -h 127.0.0.1 -p "$RTLSD_MQTT_PORT" -t rtls/selftest -m up -q 0 2>/dev/null && return 0
        sleep 0.1
    done
    echo "mosquitto did not start; see $dir/mosquitto.log" >&2
    return 1
}

rtls_mqtt_stop() {
    local dir="$RTLSD_RUN_DIR/mosquitto"
    if [ -f "$dir/mosquitto.pid" ]; then
        local pid
        pid=$(cat "$dir/mosquitto.pid")
        kill "$pid" 2>/dev/null && for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        rm -f "$dir/mosquitto.pid"
    fi
}

rtls_services_start() {
    rtls_pg_start || return 1
    rtls_mqtt_start
}
rtls_services_stop() { rtls_mqtt_stop; rtls_pg_stop; }
