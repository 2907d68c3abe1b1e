#!/usr/bin/env bash
# Formats without a device time repeat byte-identical payloads by design (an ESPHome probe that
# reads 4.5 °C three times, an ESPresense node that sees a beacon at the same distance): each is a
# real measurement. In steady operation none may be dropped as a duplicate: 3 + 3 messages, 9 rows
# (each ESPresense sighting also stores its distance as a metric).
source "$(dirname "$0")/lib.sh"
it_setup 'write_ahead = true

[[decoder]]
topic = "+/sensor/+/state"
decoder = "esphome"

[[decoder]]
topic = "espresense/devices/+/+zone"
decoder = "espresense"'
it_start_rtlsd
pub() { mosquitto_pub -h 127.0.0.1 -p "$RTLSD_MQTT_PORT" -q 1 -t "$1" -m "$2"; }
for _ in 1 2 3; do
    pub fridge7/sensor/temperature/state 4.5
    pub espresense/devices/iBeacon:e5ca1ade-f007-ba11-0000-000000000000-100-40122/lab \
        '{"id":"iBeacon:e5ca1ade-f007-ba11-0000-000000000000-100-40122","rssi":-72,"distance":2.1}'
    sleep 2
done
rows=$(it_wait_rows 9 20)
it_stop_rtlsd || it_fail "rtlsd exited with status $?"
dropped=$(it_log_value messages.duplicate "rtlsd stopped")
[ "$dropped" = "0" ] || it_fail "$dropped messages dropped as duplicates in steady operation"
metric() { it_sql "SELECT count(*) FROM sensor_readings s JOIN metrics m ON m.id = s.metric_id WHERE m.name = '$1'"; }
[ "$(metric temperature)" -eq 3 ] || it_fail "expected 3 fridge temperatures"
[ "$(metric distance)" -eq 3 ] || it_fail "expected 3 ESPresense distances"
[ "$(it_sql "SELECT count(*) FROM location_readings")" -eq 3 ] || it_fail "expected 3 ESPresense sightings"
it_assert_complete 9
it_teardown
