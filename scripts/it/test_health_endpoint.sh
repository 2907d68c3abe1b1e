#!/usr/bin/env bash
# /health and /ready on the metrics listener (issue 16), over IPv6 loopback when the machine has
# it: with the broker and database up, both answer 200; with PostgreSQL stopped, /health stays 200
# (the process is alive) and /ready answers 503 naming the database check; after the restart
# /ready is 200 again.
source "$(dirname "$0")/lib.sh"
port=$((RTLSD_MQTT_PORT + 700))
host="127.0.0.1"
if ip -6 addr show lo 2>/dev/null | grep -q "::1"; then host="[::1]"; fi
it_setup "
[metrics]
listen = \"$host:$port\""
it_start_rtlsd
get() { curl -g -s -o "$IT_DIR/body.json" -w '%{http_code}' "http://$host:$port$1" || true; }
# Polls /ready until it answers $1, at most $2 tries 0.2 s apart; sets $ready to the last answer.
await_ready() {
    for _ in $(seq 1 "$2"); do
        ready=$(get /ready)
        [ "$ready" = "$1" ] && return
        sleep 0.2
    done
}
[ "$(get /health)" = 200 ] || it_fail "/health did not answer 200: $(cat "$IT_DIR/body.json")"
grep -q '"status":"alive"' "$IT_DIR/body.json" || it_fail "/health body: $(cat "$IT_DIR/body.json")"
await_ready 200 50
[ "$ready" = 200 ] || it_fail "/ready did not answer 200 with broker and database up: $(cat "$IT_DIR/body.json")"
echo "$IT_NAME: up: /health 200, /ready 200 on $host:$port"
rtls_pg_stop immediate
trap 'rtls_pg_start >/dev/null 2>&1 || true' EXIT
it_publish 200 100 health >/dev/null # writes fail: the writer notices the database is gone
await_ready 503 100
[ "$ready" = 503 ] || it_fail "/ready answered $ready with PostgreSQL stopped"
grep -q '"database":{"ok":false}' "$IT_DIR/body.json" || it_fail "/ready body: $(cat "$IT_DIR/body.json")"
ready_body=$(cat "$IT_DIR/body.json")
[ "$(get /health)" = 200 ] || it_fail "/health must stay 200 while the database is down"
echo "$IT_NAME: database down: /health 200, /ready 503 $ready_body"
rtls_pg_start
trap - EXIT
await_ready 200 150
[ "$ready" = 200 ] || it_fail "/ready did not recover after PostgreSQL came back: $(cat "$IT_DIR/body.json")"
echo "$IT_NAME: database back: /ready 200"
it_stop_rtlsd || it_fail "rtlsd exited with status $?"
echo "PASS $IT_NAME"
it_teardown
