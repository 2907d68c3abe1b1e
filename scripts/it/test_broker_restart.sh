#!/usr/bin/env bash
# mosquitto restarted mid-load (persistence on): rtlsd reconnects with its persistent session and
# the publisher resends what the broker had not acknowledged; every reading is stored once.
source "$(dirname "$0")/lib.sh"
N=40000
it_setup
it_start_rtlsd
it_publish $N 4000 broker
sleep 4
rtls_log "$IT_NAME: restarting mosquitto"
rtls_mqtt_stop
rtls_mqtt_start
wait "$IT_SIM_PID" || it_fail "publisher failed: $(cat "$IT_DIR/sim.log")"
rows=$(it_wait_rows $N 30)
it_stop_rtlsd || it_fail "rtlsd exited with status $?"
it_assert_complete $N
it_teardown
