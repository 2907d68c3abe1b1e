#!/usr/bin/env bash
# Primary failover with asynchronous streaming replication (issue 18 item 4). A primary and a
# standby (pg_basebackup -R) on loopback; rtlsd connects with a multi-host conninfo
# (`host=127.0.0.1,127.0.0.1 port=P1,P2 target_session_attrs=read-write`). Mid-load, the primary's
# walsender is stopped (SIGSTOP), so the primary goes on committing batches the standby never
# receives — the "lost last commits" of asynchronous replication, made certain. Then the primary is
# killed (SIGKILL, postmaster and every backend) and the standby promoted. rtlsd reconnects to the
# new primary, finds that its ledger lacks write-ahead ranges rtlsd had committed, and replays them
# from the log's failover window. Asserts: every reading stored exactly once on the new primary,
# the replay reported (log line and metric-backed count > 0). Prints readings stored, duplicates,
# readings the standby lacked, readings replayed, and the time from the kill to the first commit on
# the new primary. Without the reconciliation the count falls short by what the standby lacked.
source "$(dirname "$0")/lib.sh"
N=30000
RATE=3000
P1=$((RTLSD_PG_PORT + 1))
P2=$((RTLSD_PG_PORT + 2))
# Beside the main cluster: a place user postgres can reach even for a clone in /root.
BASE="$(dirname "$(rtls_pg_data)")/failover-$$"
PRIMARY="$BASE/primary"
STANDBY="$BASE/standby"

fo_stop_clusters() {
    for d in "$PRIMARY" "$STANDBY"; do
        if [ -f "$d/PG_VERSION" ]; then rtls_as_pg pg_ctl -D "$d" -m immediate -w stop >/dev/null 2>&1 || true; fi
    done
    if [ -n "${WALSENDER:-}" ]; then kill -CONT "$WALSENDER" 2>/dev/null || true; fi
    rm -rf "$BASE"
    return 0
}
trap 'it_cleanup; fo_stop_clusters' EXIT
fo_psql() { # port db sql
    PGOPTIONS="-c client_min_messages=warning" psql -X -q -t -A -h 127.0.0.1 -p "$1" -U postgres -d "$2" -c "$3"
}
fo_rows() { # port
    fo_psql "$1" "$IT_DB" "SELECT (SELECT count(*) FROM location_readings) + (SELECT count(*) FROM sensor_readings)"
}
fo_dups() { # port
    fo_psql "$1" "$IT_DB" "SELECT (SELECT count(*) - count(DISTINCT (tag_id, time)) FROM location_readings)
        + (SELECT count(*) - count(DISTINCT (tag_id, metric_id, time)) FROM sensor_readings)"
}

# The primary.
mkdir -p "$PRIMARY"
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$BASE" "$PRIMARY"
rtls_as_pg initdb -D "$PRIMARY" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null || it_fail "initdb failed"
cat >>"$PRIMARY/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $P1
unix_socket_directories = '$PRIMARY'
wal_level = replica
max_wal_senders = 4
synchronous_commit = on
fsync = off
log_min_messages = warning
CONF
rtls_as_pg pg_ctl -D "$PRIMARY" -l "$BASE/primary.log" -w -t 60 start >/dev/null ||
    it_fail "primary did not start: $(tail -3 "$BASE/primary.log")"
fo_psql "$P1" postgres "CREATE ROLE $RTLSD_PG_USER LOGIN SUPERUSER" >/dev/null || it_fail "could not create the role"
fo_psql "$P1" postgres "CREATE DATABASE $IT_DB OWNER $RTLSD_PG_USER" >/dev/null || it_fail "could not create the database"

# The standby: a base backup with streaming replication settings (-R), on the next port.
rtls_as_pg pg_basebackup -h 127.0.0.1 -p "$P1" -U postgres -D "$STANDBY" -R -X stream -c fast >/dev/null 2>&1 ||
    it_fail "pg_basebackup failed"
cat >>"$STANDBY/postgresql.conf" <<CONF
port = $P2
unix_socket_directories = '$STANDBY'
CONF
rtls_as_pg pg_ctl -D "$STANDBY" -l "$BASE/standby.log" -w -t 60 start >/dev/null ||
    it_fail "standby did not start: $(tail -3 "$BASE/standby.log")"
for _ in $(seq 1 50); do
    [ "$(fo_psql "$P1" postgres "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")" = 1 ] && break
    sleep 0.2
done
WALSENDER=$(fo_psql "$P1" postgres "SELECT pid FROM pg_stat_replication WHERE state = 'streaming'")
[ -n "$WALSENDER" ] || it_fail "the standby is not streaming"

it_setup "segment_bytes = 262144
failover_window_s = 300"
sed -i "s|^conninfo = .*|conninfo = \"host=127.0.0.1,127.0.0.1 port=$P1,$P2 dbname=$IT_DB user=$RTLSD_PG_USER connect_timeout=2 target_session_attrs=read-write\"|" \
    "$IT_DIR/rtlsd.toml"
it_start_rtlsd
it_publish $N $RATE failover
sleep 3

# The standby stops receiving: what the primary commits from now on exists on the primary only.
kill -STOP "$WALSENDER"
sleep 3
primary_rows=$(fo_rows "$P1")
standby_rows=$(fo_rows "$P2")
rtls_log "$IT_NAME: walsender stopped 3 s ago: primary $primary_rows rows, standby $standby_rows; killing the primary"
PM=$(head -1 "$PRIMARY/postmaster.pid")
CHILDREN=$(ps -o pid= --ppid "$PM" | tr '\n' ' ')
kill_at=$(date +%s.%N)
# shellcheck disable=SC2086
kill -9 "$PM" $CHILDREN 2>/dev/null || true
WALSENDER=""
sleep 1
rtls_as_pg pg_ctl -D "$STANDBY" -w -t 60 promote >/dev/null || it_fail "promote failed"
promoted_at=$(date +%s.%N)
lacked=$standby_rows
[ $((primary_rows - lacked)) -gt 0 ] || it_fail "the standby lacks nothing ($lacked vs $primary_rows rows): no commit was lost"

wait "$IT_SIM_PID" || it_fail "publisher failed: $(tail -3 "$IT_DIR/sim.log")"
IT_SIM_PID=""
rows=0
last=-1
same=0
for _ in $(seq 1 150); do
    rows=$(fo_rows "$P2")
    [ "$rows" -ge $N ] && break
    if [ "$rows" = "$last" ]; then same=$((same + 1)); else same=0; fi
    [ "$same" -ge 25 ] && break
    last=$rows
    sleep 0.2
done
first_commit=$(fo_psql "$P2" "$IT_DB" \
    "SELECT extract(epoch FROM min(committed_at)) FROM ingest_batches WHERE committed_at > to_timestamp($kill_at)")
dups=$(fo_dups "$P2")
replayed=$(awk '/Database lacks readings rtlsd had committed/ && match($0, /wal[.]failover[.]readings=[0-9]+/) {
    s += substr($0, RSTART + 22, RLENGTH - 22) } END { print s + 0 }' "$IT_DIR/rtlsd.log")
it_stop_rtlsd || it_fail "rtlsd exit status $?"
recover=$(awk -v a="$kill_at" -v b="${first_commit:-0}" 'BEGIN { printf "%.1f", b - a }')
promote=$(awk -v a="$kill_at" -v b="$promoted_at" 'BEGIN { printf "%.1f", b - a }')
echo "$IT_NAME: primary killed with $primary_rows rows, the standby had $lacked; rtlsd replayed" \
    "${replayed:-0} readings from its failover window; kill -> promote ${promote} s," \
    "kill -> first commit on the new primary ${recover} s; $rows/$N rows, $dups duplicates"
grep -q "Database lacks readings committed before the write-ahead failover window" "$IT_DIR/rtlsd.log" &&
    it_fail "rtlsd reported readings lost before its failover window"
[ "$dups" -eq 0 ] || it_fail "$dups duplicate rows on the new primary"
[ "$rows" -eq $N ] || it_fail "$rows rows on the new primary, expected $N (the standby lacked $((primary_rows - lacked)) at the kill)"
[ "${replayed:-0}" -gt 0 ] || it_fail "rtlsd did not report replaying what the new primary lacked"
echo "PASS $IT_NAME: $rows/$N rows, 0 duplicates, $((SECONDS - IT_STARTED)) s"
it_teardown
