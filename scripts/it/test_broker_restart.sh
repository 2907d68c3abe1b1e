#!/usr/bin/env bash
# mosquitto restarted mid-load (persistence on). rtlsd reconnects and resumes its persistent
# session (the broker saved the queued messages on shutdown). The publisher sends in chunks and
# resends a chunk the broker did not fully acknowledge, as a real gateway resends on reconnect; the
# resent messages rtlsd had already received are dropped by the duplicate window. Every reading is
# stored exactly once.
source "$(dirname "$0")/lib.sh"
N=40000
CHUNK=2000
BASE_MS=$(($(date +%s) * 1000))
it_setup
it_start_rtlsd
publish_all() {
    local start=0 tries
    while [ $start -lt $N ]; do
        tries=0
        until "$IT_BIN/rtls-sim" sequence --count $CHUNK --start $start --base-ms $BASE_MS --rate 4000 \
            --per-message 20 --prefix broker --port "$RTLSD_MQTT_PORT" >>"$IT_DIR/sim.log" 2>&1; do
            tries=$((tries + 1))
            [ $tries -lt 40 ] || return 1
            sleep 0.25
        done
        start=$((start + CHUNK))
    done
}
publish_all &
IT_SIM_PID=$!
sleep 4
rtls_log "$IT_NAME: restarting mosquitto"
rtls_mqtt_stop
rtls_mqtt_start
wait "$IT_SIM_PID" || it_fail "publisher gave up: $(tail -3 "$IT_DIR/sim.log")"
rows=$(it_wait_rows $N 30)
it_stop_rtlsd || it_fail "rtlsd exited with status $?"
echo "$IT_NAME: resent chunks: $(grep -c "not acknowledged\|Error:" "$IT_DIR/sim.log" || true);" \
    "duplicates dropped by rtlsd: $(it_log_value messages.duplicate "rtlsd stopped")"
it_assert_complete $N
it_teardown
