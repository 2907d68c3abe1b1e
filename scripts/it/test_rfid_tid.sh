#!/usr/bin/env bash
# RFID TIDs through the real broker, daemon and database (issue 14): an Impinj tag inventory event and a
# Zebra tag data event, each with a TID beside the EPC, land in tag_identifiers (one row per tag and TID,
# a second chip under the same EPC a row of its own), and not as sightings or metrics. rtlsd is killed
# with SIGKILL after the rows are stored and restarted: the write-ahead log replay adds nothing.
source "$(dirname "$0")/lib.sh"
it_setup 'write_ahead = true

[[decoder]]
topic = "impinj/+gateway/events"
decoder = "impinj-r700"

[[decoder]]
topic = "zebra/+gateway/data"
decoder = "zebra-fx"'
it_start_rtlsd
pub() { mosquitto_pub -h 127.0.0.1 -p "$RTLSD_MQTT_PORT" -q 1 -t "$1" -m "$2"; }
now=$(date -u +%Y-%m-%dT%H:%M:%S)
impinj() {
    printf '{"timestamp":"%s","hostname":"r700-dock","eventType":"tagInventory","tagInventoryEvent":{"epcHex":"%s","tidHex":"%s","antennaPort":1,"peakRssiCdbm":-5350,"lastSeenTime":"%s"}}' \
        "$now.000000Z" "$1" "$2" "$now.$3Z"
}
pub impinj/r700-dock/events "$(impinj E2801160600002054E0F3A21 E2801160200074CF085909AD 100000)"
pub impinj/r700-dock/events "$(impinj E2801160600002054E0F3A21 e2801160200074cf0859ffff 200000)"
pub zebra/fx9600-dock/data \
    "{\"data\":{\"idHex\":\"e2801160600002054e0f3a31\",\"antenna\":2,\"peakRssi\":-60,\"TID\":\"e2801160200074cf085909c3\"},\"timestamp\":\"$now.000000Z\",\"type\":\"CUSTOM\"}"
rows=$(it_wait_rows 3 20)
ids() { it_sql "SELECT string_agg(t.tag || '=' || i.value, ' ' ORDER BY t.tag, i.value) FROM tag_identifiers i JOIN tags t ON t.id = i.tag_id WHERE i.scheme = 'tid'"; }
for _ in $(seq 1 50); do [ "$(it_sql "SELECT count(*) FROM tag_identifiers")" -ge 3 ] && break; sleep 0.2; done
want="E2801160600002054E0F3A21=E2801160200074CF085909AD E2801160600002054E0F3A21=E2801160200074CF0859FFFF E2801160600002054E0F3A31=E2801160200074CF085909C3"
[ "$(ids)" = "$want" ] || it_fail "tag_identifiers holds '$(ids)', expected '$want'"
kill -KILL "$IT_PID"
wait "$IT_PID" 2>/dev/null || true
IT_PID=
it_start_rtlsd
sleep 2
it_stop_rtlsd || it_fail "rtlsd exited with status $?"
[ "$(ids)" = "$want" ] || it_fail "after the restart tag_identifiers holds '$(ids)'"
[ "$(it_sql "SELECT count(*) FROM metrics WHERE name = 'tid'")" -eq 0 ] || it_fail "a TID was stored as a metric"
it_assert_complete 3
it_teardown
