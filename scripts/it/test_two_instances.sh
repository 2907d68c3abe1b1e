#!/usr/bin/env bash
# Two edge daemons, one database: each has its own [database] instance, topic, client id and log;
# both write at full speed at once. Their batch counters overlap (both start at 1), the ledger
# keys them by (instance, batch id): every reading of both is stored once. A third daemon that
# claims a running daemon's instance name is refused.
source "$(dirname "$0")/lib.sh"
N=${RTLSD_IT_TWO_INSTANCES_N:-100000} # per instance
it_setup 'write_ahead = true'
declare -A PIDS SIMS
for s in a b; do
    sed -e "s|rtls/+gateway/readings|rtls/site$s/readings|" \
        -e "s|client_id = \"$IT_CLIENT\"|client_id = \"$IT_CLIENT-$s\"|" \
        -e "s|dir = \"$IT_DIR/spool\"|dir = \"$IT_DIR/spool-$s\"|" \
        -e "s|^\[database\]|[database]\ninstance = \"edge-$s\"|" "$IT_DIR/rtlsd.toml" >"$IT_DIR/$s.toml"
    "$IT_BIN/rtlsd" run --config "$IT_DIR/$s.toml" >"$IT_DIR/rtlsd-$s.log" 2>&1 &
    PIDS[$s]=$!
done
cleanup_two() {
    for s in a b; do kill -9 "${PIDS[$s]}" 2>/dev/null || true; done
    for s in a b; do
        mosquitto_sub -h 127.0.0.1 -p "$RTLSD_MQTT_PORT" -i "$IT_CLIENT-$s" -t rtls/selftest -E >/dev/null 2>&1 || true
    done
}
trap 'cleanup_two; it_cleanup' EXIT
for s in a b; do
    it_wait_for "$IT_DIR/rtlsd-$s.log" 30 "rtlsd ready" || it_fail "instance $s not ready: $(tail -5 "$IT_DIR/rtlsd-$s.log")"
done
# A third daemon claiming edge-a's name is refused while edge-a runs.
sed -e "s|client_id = \"$IT_CLIENT-a\"|client_id = \"$IT_CLIENT-c\"|" -e "s|spool-a|spool-c|" "$IT_DIR/a.toml" >"$IT_DIR/c.toml"
status=0
timeout 30 "$IT_BIN/rtlsd" run --config "$IT_DIR/c.toml" >"$IT_DIR/rtlsd-c.log" 2>&1 || status=$?
[ "$status" -ne 0 ] && [ "$status" -ne 124 ] || it_fail "a second daemon with instance edge-a was not refused (status $status)"
grep -q "instance_in_use" "$IT_DIR/rtlsd-c.log" || it_fail "the refusal does not name the cause: $(tail -3 "$IT_DIR/rtlsd-c.log")"
started=$SECONDS
for s in a b; do
    "$IT_BIN/rtls-sim" sequence --count "$N" --rate 0 --prefix "site$s" --per-message 20 \
        --port "$RTLSD_MQTT_PORT" >"$IT_DIR/sim-$s.log" 2>&1 &
    SIMS[$s]=$!
done
for s in a b; do wait "${SIMS[$s]}" || it_fail "publisher $s failed: $(tail -3 "$IT_DIR/sim-$s.log")"; done
rows=$(it_wait_rows $((2 * N)) 120)
elapsed=$((SECONDS - started))
for s in a b; do
    kill -TERM "${PIDS[$s]}"
    wait "${PIDS[$s]}" || it_fail "instance $s exited with status $?"
done
overlap=$(it_sql "SELECT count(*) FROM ingest_batches a JOIN ingest_batches b USING (batch_id)
    WHERE a.instance = 'edge-a' AND b.instance = 'edge-b'")
echo "$IT_NAME: $rows rows from 2 × $N in ${elapsed} s (~$((rows / (elapsed > 0 ? elapsed : 1))) rows/s together);" \
    "$overlap batch ids used by both instances;" \
    "per instance: $(it_sql "SELECT string_agg(instance || '=' || rows_in_ledger, ' ' ORDER BY instance) FROM rtlsd_instances")"
[ "$overlap" -gt 0 ] || it_fail "the instances' batch ids never overlapped: the test proves nothing"
it_assert_complete $((2 * N))
cleanup_two
it_teardown
