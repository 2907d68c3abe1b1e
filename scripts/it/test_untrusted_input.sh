#!/usr/bin/env bash
# Untrusted identifiers through the real broker (issue 15): a tag holding a line break and a `<0>`
# priority prefix, an ESC sequence, a bidi override, an escaped NUL, and topic segments of 33 and
# 200 bytes where the gateway is captured. Each message is rejected with a counted reason; no log
# line is forged (every line of rtlsd's log is one it wrote: it starts with a timestamp); the good
# reading sent alongside is stored. With `[log] target = "journald"` and no journal socket on this
# machine, rtlsd says once that it logs to stderr instead, and does.
source "$(dirname "$0")/lib.sh"
it_setup 'write_ahead = true'
journald=0
if [ ! -S /run/systemd/journal/socket ]; then
    sed -i 's/^target = "stderr"/target = "journald"/' "$IT_DIR/rtlsd.toml"
    journald=1
fi
it_start_rtlsd
now=$(date +%s%3N)
pub() { mosquitto_pub -h 127.0.0.1 -p "$RTLSD_MQTT_PORT" -q 1 -t "$1" -m "$2"; }
pub rtls/gw-1/readings "{\"ts\":$now,\"tag\":\"x\\n<0>FAKE: pump stolen\",\"rssi\":-60}"
pub rtls/gw-1/readings "{\"ts\":$now,\"tag\":\"pump-\\u001b[31mred\",\"rssi\":-60}"
pub rtls/gw-1/readings "$(printf '{"ts":%s,"tag":"pump-\xe2\x80\xae7","rssi":-60}' "$now")"
pub rtls/gw-1/readings "{\"ts\":$now,\"tag\":\"pump\\u0000-7\",\"rssi\":-60}"
pub "rtls/$(printf 'g%.0s' $(seq 1 33))/readings" "{\"ts\":$now,\"tag\":\"pump-8\",\"rssi\":-60}"
pub "rtls/$(printf 'g%.0s' $(seq 1 200))/readings" "{\"ts\":$now,\"tag\":\"pump-9\",\"rssi\":-60}"
pub "$(printf 'rtls/gw-\xe2\x80\xae1/readings')" "{\"ts\":$now,\"tag\":\"pump-10\",\"rssi\":-60}"
pub rtls/gw-1/readings "{\"ts\":$now,\"tag\":\"good-1\",\"rssi\":-60}"
it_wait_rows 1 20 >/dev/null
sleep 1
it_stop_rtlsd || it_fail "rtlsd exited with status $?"
rejected=$(it_log_value messages.rejected "rtlsd stopped")
[ "$rejected" = "7" ] || it_fail "expected 7 rejected messages, counted $rejected"
[ "$(it_sql "SELECT count(*) FROM location_readings")" -eq 1 ] || it_fail "expected only the good reading stored"
[ "$(it_sql "SELECT count(*) FROM tags WHERE tag <> 'good-1'")" -eq 0 ] || it_fail "a hostile tag reached the tags table"
grep -c "control_character" "$IT_DIR/rtlsd.log" >/dev/null || it_fail "no control_character reason logged"
grep -q "id_too_long" "$IT_DIR/rtlsd.log" || it_fail "no id_too_long reason logged for the long topic segment"
forged=$(grep -cv '^[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]T' "$IT_DIR/rtlsd.log" || true)
[ "$forged" -eq 0 ] || it_fail "$forged log lines rtlsd did not start: $(grep -v '^[0-9]\{4\}-' "$IT_DIR/rtlsd.log" | head -2)"
if LC_ALL=C grep -q $'\x1b\|\xe2\x80\xae' "$IT_DIR/rtlsd.log"; then it_fail "a raw ESC or bidi override reached the log"; fi
if [ "$journald" = 1 ]; then
    [ "$(grep -c "journald cannot be reached, logging to stderr instead" "$IT_DIR/rtlsd.log")" -eq 1 ] ||
        it_fail "the journald target without a socket did not fall back to stderr, saying so once"
    echo "$IT_NAME: [log] target = \"journald\" without a journal socket: logged to stderr, said so once"
fi
echo "$IT_NAME: 7 hostile messages rejected and counted, 1 good reading stored, 0 forged log lines"
echo "PASS $IT_NAME"
it_teardown
