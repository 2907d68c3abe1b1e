#!/usr/bin/env bash
# Allow-lists through the real broker, the rtls-json decoder and the writer, with the simulator's
# site.toml ([ingest] allow_unknown_gateways = false, allow_unknown_zones = false):
# 1. A gateway of site.toml: its readings are stored with its gateway_id.
# 2. An unknown gateway (topic) and one named in the payload with a backslash sequence (`gw\n<0>…`,
#    literal backslash: the decoder rejects real controls, so this is the hostile name that gets
#    through): stored with gateway_id NULL, no gateways row, counted on /metrics, one warning line
#    per name however many readings (rate-limited), the name escaped exactly once. A gw with a real
#    ESC is rejected at decode and never reaches the log raw.
# 3. A zone not in site.toml (rtls-json `zone`): zone_id NULL, no zones row, counted, one line.
# 4. Control: the same database with the default (allow_unknown_… = true) makes the rows.
source "$(dirname "$0")/lib.sh"
port=$((RTLSD_MQTT_PORT + 710))
it_setup "
[site]
file = \"site.toml\"
rules = \"rules.toml\"

[ingest]
allow_unknown_gateways = false
allow_unknown_zones = false

[metrics]
listen = \"127.0.0.1:$port\""
"$IT_BIN/rtls-sim" generate --tags 5 --out "$IT_DIR" >/dev/null
grep -q '^id = "b1-f1-icu"' "$IT_DIR/site.toml" || it_fail "the generated site has no gateway b1-f1-icu"
grep -q '^name = "b1-f1-icu"' "$IT_DIR/site.toml" || it_fail "the generated site has no zone b1-f1-icu"
if grep -q 'gw-rogue\|ward-99' "$IT_DIR/site.toml"; then it_fail "the generated site names gw-rogue or ward-99"; fi
hostile='gw\n<0>FAKE' # literal backslash and n (11 bytes); escaped once it reads gw\\n<0>FAKE
now=$(date +%s%3N)
seq_ms=0
pub() { # topic-gateway tag [extra JSON fields]
    seq_ms=$((seq_ms + 1))
    mosquitto_pub -h 127.0.0.1 -p "$RTLSD_MQTT_PORT" -q 1 -t "rtls/$1/readings" \
        -m "{\"ts\":$((now + seq_ms)),\"tag\":\"$2\",\"rssi\":-60${3:-}}"
}
metric() { curl -s "http://127.0.0.1:$port/metrics" | grep "^$1 " | awk '{print $2}'; }
stored() { # tag: rows stored for it
    it_sql "SELECT count(*) FROM location_readings r JOIN tags t ON t.id = r.tag_id WHERE t.tag = '$1'"
}
warnings() { grep -F "Readings stored without a $1 id: $1 \"$2\"" "$IT_DIR/rtlsd.log" | wc -l; }
wait_stored() { # tag count
    for _ in $(seq 1 50); do
        [ "$(stored "$1" 2>/dev/null || echo 0)" -ge "$2" ] && return 0
        sleep 0.2
    done
}

it_start_rtlsd
for i in 1 2 3; do pub b1-f1-icu al-known; done
# 20 readings from one unknown gateway, in 4 bursts 0.3 s apart: several batches, one warning.
for burst in 1 2 3 4; do
    for i in $(seq 1 5); do pub gw-rogue al-rogue; done
    sleep 0.3
done
for i in 1 2; do pub b1-f1-icu al-hostile ",\"gw\":\"gw\\\\n<0>FAKE\""; done
pub b1-f1-icu al-esc ',"gw":"gw-\u001b[31mred"'
for i in 1 2 3 4; do pub b1-f1-icu al-zone ',"zone":"ward-99"'; done
pub b1-f1-icu al-zone-ok ',"zone":"b1-f1-icu"'
wait_stored al-zone-ok 1
wait_stored al-rogue 20
sleep 0.5

# 1. The known gateway.
known=$(it_sql "SELECT count(*) FROM location_readings r JOIN tags t ON t.id = r.tag_id
    JOIN gateways g ON g.id = r.gateway_id WHERE t.tag = 'al-known' AND g.gateway = 'b1-f1-icu'")
[ "$known" -eq 3 ] || it_fail "site.toml's gateway b1-f1-icu: $known of 3 readings stored with its gateway_id"
echo "$IT_NAME: gateway b1-f1-icu (in site.toml): 3/3 readings stored with its gateway_id"

# 2. Unknown gateways.
for t in al-rogue:20 al-hostile:2; do
    tag=${t%%:*} want=${t##*:}
    got=$(it_sql "SELECT count(*) FROM location_readings r JOIN tags t ON t.id = r.tag_id
        WHERE t.tag = '$tag' AND r.gateway_id IS NULL")
    [ "$got" -eq "$want" ] || it_fail "$tag: $got of $want readings stored with gateway_id NULL ($(stored "$tag") stored)"
done
rows=$(it_sql "SELECT count(*) FROM gateways WHERE NOT in_site")
[ "$rows" -eq 0 ] || it_fail "gateways rows made outside site.toml: $(it_sql "SELECT string_agg(gateway, ', ') FROM gateways")"
counted=$(metric rtlsd_writer_readings_unknown_gateway_total)
[ "$counted" = 22 ] || it_fail "rtlsd_writer_readings_unknown_gateway_total is '$counted', expected 22 (20 + 2)"
# Readings received 0.9 s apart cannot share a batch ([writer] linger_ms = 100): the one line below
# stands for several batches' worth of the same name.
spread=$(it_sql "SELECT round(extract(epoch FROM max(r.received_at) - min(r.received_at)) * 1000)::int
    FROM location_readings r JOIN tags t ON t.id = r.tag_id WHERE t.tag = 'al-rogue'")
[ "$spread" -ge 600 ] || it_fail "gw-rogue's readings arrived within $spread ms: too close to show the rate limit"
[ "$(warnings gateway gw-rogue)" -eq 1 ] ||
    it_fail "expected one warning for gw-rogue (20 readings, several batches), found $(warnings gateway gw-rogue)"
grep -F 'Readings stored without a gateway id: gateway "gw-rogue"' "$IT_DIR/rtlsd.log" | grep -q 'gateway.id=gw-rogue' ||
    it_fail "the gw-rogue warning does not carry gateway.id=gw-rogue"
[ "$(warnings gateway 'gw\\n<0>FAKE')" -eq 1 ] ||
    it_fail "the name $hostile was not logged escaped once as gw\\\\n<0>FAKE: $(grep -F 'FAKE' "$IT_DIR/rtlsd.log" | head -2)"
[ "$(it_sql "SELECT count(*) FROM tags WHERE tag = 'al-esc'")" -eq 0 ] || it_fail "the reading with an ESC in gw was stored"
rejected=$(metric 'rtlsd_ingest_decode_errors_total{reason="control_character"}')
[ "$rejected" = 1 ] || it_fail "the gw with an ESC: control_character rejections '$rejected', expected 1"
if LC_ALL=C grep -q $'\x1b' "$IT_DIR/rtlsd.log"; then it_fail "a raw ESC reached the log"; fi
forged=$(grep -cv '^[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]T' "$IT_DIR/rtlsd.log" || true)
[ "$forged" -eq 0 ] || it_fail "$forged log lines rtlsd did not start"
echo "$IT_NAME: unknown gateways gw-rogue (20 readings) and $hostile (2): gateway_id NULL, 0 gateways rows," \
    "rtlsd_writer_readings_unknown_gateway_total $counted, one warning each (gw-rogue's over $spread ms)," \
    "the name escaped once; ESC in gw rejected at decode"

# 3. Zones.
got=$(it_sql "SELECT count(*) FROM location_readings r JOIN tags t ON t.id = r.tag_id
    WHERE t.tag = 'al-zone' AND r.zone_id IS NULL AND r.gateway_id IS NOT NULL")
[ "$got" -eq 4 ] || it_fail "zone ward-99: $got of 4 readings stored with zone_id NULL ($(stored al-zone) stored)"
[ "$(it_sql "SELECT count(*) FROM zones WHERE name = 'ward-99'")" -eq 0 ] || it_fail "a zones row was made for ward-99"
ok=$(it_sql "SELECT count(*) FROM location_readings r JOIN tags t ON t.id = r.tag_id JOIN zones z ON z.id = r.zone_id
    WHERE t.tag = 'al-zone-ok' AND z.name = 'b1-f1-icu'")
[ "$ok" -eq 1 ] || it_fail "site.toml's zone b1-f1-icu: the reading was not stored with its zone_id"
zcounted=$(metric rtlsd_writer_readings_unknown_zone_total)
[ "$zcounted" = 4 ] || it_fail "rtlsd_writer_readings_unknown_zone_total is '$zcounted', expected 4"
[ "$(warnings zone ward-99)" -eq 1 ] || it_fail "expected one warning for zone ward-99, found $(warnings zone ward-99)"
echo "$IT_NAME: zone ward-99 (4 readings): zone_id NULL, no zones row, rtlsd_writer_readings_unknown_zone_total $zcounted," \
    "one warning; zone b1-f1-icu stored with its zone_id"
it_stop_rtlsd || it_fail "rtlsd exited with status $?"

# 4. Control: the default lets any name make its row.
sed -i '/^\[ingest\]/,/^allow_unknown_zones/d' "$IT_DIR/rtlsd.toml"
if grep -q allow_unknown "$IT_DIR/rtlsd.toml"; then it_fail "the control config still sets an allow-list"; fi
it_start_rtlsd
now=$(date +%s%3N)
for i in 1 2 3; do pub gw-rogue al-control; done
pub b1-f1-icu al-control-zone ',"zone":"ward-99"'
wait_stored al-control 3
wait_stored al-control-zone 1
got=$(it_sql "SELECT count(*) FROM location_readings r JOIN tags t ON t.id = r.tag_id
    JOIN gateways g ON g.id = r.gateway_id WHERE t.tag = 'al-control' AND g.gateway = 'gw-rogue'")
[ "$got" -eq 3 ] || it_fail "default allow_unknown_gateways: $got of 3 gw-rogue readings stored with a gateway_id"
zgot=$(it_sql "SELECT count(*) FROM location_readings r JOIN tags t ON t.id = r.tag_id
    JOIN zones z ON z.id = r.zone_id WHERE t.tag = 'al-control-zone' AND z.name = 'ward-99'")
[ "$zgot" -eq 1 ] || it_fail "default allow_unknown_zones: the ward-99 reading was not stored with a zone_id"
[ "$(metric rtlsd_writer_readings_unknown_gateway_total)" = 0 ] || it_fail "unknown gateways counted with the default"
[ "$(metric rtlsd_writer_readings_unknown_zone_total)" = 0 ] || it_fail "unknown zones counted with the default"
echo "$IT_NAME: control, default allow_unknown_… = true: gw-rogue and ward-99 get their rows, stored with their ids, counters 0"
it_stop_rtlsd || it_fail "rtlsd exited with status $?"
echo "PASS $IT_NAME ($((SECONDS - IT_STARTED)) s)"
it_teardown
