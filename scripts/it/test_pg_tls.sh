#!/usr/bin/env bash
# PostgreSQL over TLS with `sslmode=verify-full` (a test CA made with openssl; a second PostgreSQL
# cluster with ssl = on and only `hostssl` lines in pg_hba.conf):
# 1. the right CA and host name: readings are stored over TLS (the server reports the session as SSL);
# 2. a CA that did not sign the server certificate: refused with libpq's reason, rtlsd keeps the
#    readings in its log and retries;
# 3. the right CA but a host name the certificate does not carry (127.0.0.1 for a `localhost`
#    certificate): refused with libpq's reason;
# 4. pg_hba `cert`: without a client certificate refused, with `sslcert`/`sslkey` (CN = the role) stored.
source "$(dirname "$0")/lib.sh"
N=2000
TLS_DIR="$IT_DIR/tls"
it_tls_ca "$TLS_DIR"
it_tls_cert "$TLS_DIR" server localhost "DNS:localhost"
it_tls_cert "$TLS_DIR" client "$RTLSD_PG_USER" "DNS:$RTLSD_PG_USER" # a client certificate: CN = the role
chmod 600 "$TLS_DIR/client.key"

# The cluster lives beside the main one (a place user postgres can reach even for a clone in /root).
PGTLS="$(dirname "$(rtls_pg_data)")/tls-$IT_NAME"
rtls_as_pg pg_ctl -D "$PGTLS" -m immediate -w stop >/dev/null 2>&1 || true
rm -rf "$PGTLS"
mkdir -p "$PGTLS"
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PGTLS"
rtls_as_pg initdb -D "$PGTLS" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null || it_fail "initdb failed"
cp "$TLS_DIR/server.crt" "$TLS_DIR/server.key" "$PGTLS/"
cp "$TLS_DIR/ca.crt" "$PGTLS/root.crt"
chmod 600 "$PGTLS/server.key"
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PGTLS/server.crt" "$PGTLS/server.key" "$PGTLS/root.crt"
cat >>"$PGTLS/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PGTLS'
ssl = on
ssl_cert_file = 'server.crt'
ssl_key_file = 'server.key'
ssl_ca_file = 'root.crt'
fsync = off
log_min_messages = warning
CONF
cat >"$PGTLS/pg_hba.conf" <<HBA
local all all trust
hostssl all postgres 127.0.0.1/32 trust
hostssl all all 127.0.0.1/32 trust
HBA
# Any local port in the ephemeral range can be held for a moment by an outgoing connection (CI saw
# "could not create any TCP/IP sockets" once): then the next candidate. The last `port =` line wins.
started=""
for PORT in $((RTLSD_PG_PORT + 7)) $((RTLSD_PG_PORT + 17)) $((RTLSD_PG_PORT + 27)); do
    echo "port = $PORT" >>"$PGTLS/postgresql.conf"
    if rtls_as_pg pg_ctl -D "$PGTLS" -l "$PGTLS/server.log" -w -t 60 start >/dev/null; then
        started=1
        break
    fi
    grep -q "could not create any TCP/IP sockets" "$PGTLS/server.log" || break
done
[ -n "$started" ] || it_fail "TLS PostgreSQL did not start: $(tail -3 "$PGTLS/server.log")"
trap 'it_cleanup; rtls_as_pg pg_ctl -D "$PGTLS" -m immediate -w stop >/dev/null 2>&1 || true; rm -rf "$PGTLS"' EXIT
psql -X -q -h 127.0.0.1 -p "$PORT" -U postgres -d postgres \
    -c "CREATE ROLE $RTLSD_PG_USER LOGIN SUPERUSER" -c "CREATE DATABASE $IT_DB OWNER $RTLSD_PG_USER" >/dev/null ||
    it_fail "could not prepare the TLS cluster"

it_setup
conninfo() { # host ca
    echo "host=$1 port=$PORT dbname=$IT_DB user=$RTLSD_PG_USER connect_timeout=2 sslmode=verify-full sslrootcert=$2"
}
set_conninfo() { sed -i "s|^conninfo = .*|conninfo = \"$(conninfo "$1" "$2")\"|" "$IT_DIR/rtlsd.toml"; }

# 1. Right CA, right name.
set_conninfo localhost "$TLS_DIR/ca.crt"
it_start_rtlsd
it_publish $N 2000 pgtls
wait "$IT_SIM_PID" || it_fail "publisher failed: $(tail -3 "$IT_DIR/sim.log")"
IT_SIM_PID=""
tls_sql() { psql -X -q -t -A -h 127.0.0.1 -p "$PORT" -U postgres -d "$IT_DB" -c "$1"; }
rows=0
for _ in $(seq 1 100); do
    rows=$(tls_sql "SELECT (SELECT count(*) FROM location_readings) + (SELECT count(*) FROM sensor_readings)")
    [ "$rows" -ge $N ] && break
    sleep 0.2
done
[ "$rows" -eq $N ] || it_fail "$rows rows over TLS, expected $N"
ssl_sessions=$(tls_sql "SELECT count(*) FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid)
    WHERE s.ssl AND a.datname = '$IT_DB' AND a.usename = '$RTLSD_PG_USER'")
[ "$ssl_sessions" -ge 1 ] || it_fail "rtlsd's session is not SSL"
it_stop_rtlsd || it_fail "rtlsd exited with status $?"
echo "$IT_NAME: sslmode=verify-full, right CA and name: $rows/$N rows stored, rtlsd's session SSL"

# 2. and 3. Refusals with libpq's reason; rtlsd keeps running (readings go to its log).
refused() { # host ca what
    set_conninfo "$1" "$2"
    : >"$IT_DIR/rtlsd.log"
    "$IT_BIN/rtlsd" run --config "$IT_DIR/rtlsd.toml" >>"$IT_DIR/rtlsd.log" 2>&1 &
    IT_PID=$!
    it_wait_for "$IT_DIR/rtlsd.log" 20 "$4" || it_fail "$3: no error naming the reason (expected /$4/)"
    kill -0 "$IT_PID" 2>/dev/null || it_fail "$3: rtlsd exited instead of retrying"
    local line
    line=$(grep -m1 -E "$4" "$IT_DIR/rtlsd.log" | sed -n 's/.*port [0-9]* failed: //p' | cut -c1-120)
    it_stop_rtlsd || true
    echo "$IT_NAME: $3: refused: $line"
}
refused localhost "$TLS_DIR/other.crt" "CA that did not sign the server certificate" "certificate verify failed"
refused 127.0.0.1 "$TLS_DIR/ca.crt" "certificate for localhost reached as 127.0.0.1" "does not match host name"
# 4. Client certificates: the server now wants one from the role (pg_hba `cert`).
cat >"$PGTLS/pg_hba.conf" <<HBA
local all all trust
hostssl all postgres 127.0.0.1/32 trust
hostssl all all 127.0.0.1/32 cert
HBA
tls_sql "SELECT pg_reload_conf()" >/dev/null
refused localhost "$TLS_DIR/ca.crt" "no client certificate where the server wants one" "client certificate"
set_conninfo localhost "$TLS_DIR/ca.crt"
sed -i "s|^conninfo = \"\(.*\)\"|conninfo = \"\1 sslcert=$TLS_DIR/client.crt sslkey=$TLS_DIR/client.key\"|" "$IT_DIR/rtlsd.toml"
: >"$IT_DIR/rtlsd.log"
it_start_rtlsd
it_publish 500 2000 pgcert
wait "$IT_SIM_PID" || it_fail "publisher failed: $(tail -3 "$IT_DIR/sim.log")"
IT_SIM_PID=""
for _ in $(seq 1 100); do
    rows=$(tls_sql "SELECT (SELECT count(*) FROM location_readings) + (SELECT count(*) FROM sensor_readings)")
    [ "$rows" -ge $((N + 500)) ] && break
    sleep 0.2
done
[ "$rows" -eq $((N + 500)) ] || it_fail "with a client certificate: $rows rows, expected $((N + 500))"
it_stop_rtlsd || it_fail "rtlsd exited with status $?"
echo "$IT_NAME: client certificate (sslcert/sslkey, CN = role, pg_hba cert): 500 more readings stored"
echo "PASS $IT_NAME"
it_psql -d "$RTLSD_PG_DB" -c "DROP DATABASE IF EXISTS $IT_DB" >/dev/null 2>&1 || true
