#!/usr/bin/env bash
# MQTT over TLS with a username and password (a test CA made with openssl, a second mosquitto with
# TLS listeners that want a password, beside a plain one for the publisher):
# 1. a broker certificate from another CA is refused with the OpenSSL reason logged, and rtlsd keeps
#    retrying;
# 1c. a wrong password is refused by the broker and reported without the password; rtlsd retries;
# 2. with the right CA, name and password rtlsd receives over TLS; SIGTERM mid-load stops cleanly (exit 0) — the clean
#    stop half-closes the TLS connection itself, which must not raise SIGPIPE — and after a restart
#    every reading is stored exactly once.
source "$(dirname "$0")/lib.sh"
N=20000
TLS_DIR="$IT_DIR/tls"
it_tls_ca "$TLS_DIR"
it_tls_cert "$TLS_DIR" server localhost "IP:127.0.0.1,DNS:localhost"
it_tls_cert "$TLS_DIR" misnamed elsewhere.example "DNS:elsewhere.example" # the right CA, another name
chmod 755 "$TLS_DIR" && chmod 644 "$TLS_DIR"/*
PLAIN=$((RTLSD_MQTT_PORT + 7))
TLS=$((RTLSD_MQTT_PORT + 8))
MISNAMED=$((RTLSD_MQTT_PORT + 9))
mosquitto_passwd -b -c "$TLS_DIR/passwd" rtlsd "s3cret-$$" >/dev/null 2>&1 || it_fail "mosquitto_passwd failed"
printf 's3cret-%s\n' "$$" >"$TLS_DIR/mqtt-password"
printf 'wrong\n' >"$TLS_DIR/wrong-password"
chmod 644 "$TLS_DIR/passwd"
cat >"$TLS_DIR/mosquitto.conf" <<CONF
per_listener_settings true
max_inflight_messages 20
listener $PLAIN 127.0.0.1
allow_anonymous true
listener $TLS 127.0.0.1
cafile $TLS_DIR/ca.crt
certfile $TLS_DIR/server.crt
keyfile $TLS_DIR/server.key
allow_anonymous false
password_file $TLS_DIR/passwd
listener $MISNAMED 127.0.0.1
cafile $TLS_DIR/ca.crt
certfile $TLS_DIR/misnamed.crt
keyfile $TLS_DIR/misnamed.key
allow_anonymous true
log_dest file $TLS_DIR/mosquitto.log
log_type error
log_type warning
CONF
[ "$(id -u)" -eq 0 ] && ! runuser -u mosquitto -- test -w "$TLS_DIR" 2>/dev/null && echo "user root" >>"$TLS_DIR/mosquitto.conf"
mosquitto -c "$TLS_DIR/mosquitto.conf" >/dev/null 2>&1 &
BROKER=$!
trap 'it_cleanup; kill $BROKER 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do mosquitto_pub -h 127.0.0.1 -p "$PLAIN" -t rtls/selftest -m up 2>/dev/null && break; sleep 0.1; done

it_setup
sed -i "s/^port = $RTLSD_MQTT_PORT\$/port = $TLS\nca_file = \"$(printf '%s' "$TLS_DIR/other.crt" | sed 's/[\/&]/\\&/g')\"\nusername = \"rtlsd\"\npassword_file = \"$(printf '%s' "$TLS_DIR/mqtt-password" | sed 's/[\/&]/\\&/g')\"/" "$IT_DIR/rtlsd.toml"
grep -q "ca_file" "$IT_DIR/rtlsd.toml" || it_fail "could not point rtlsd at the TLS listener"

# 1. Refusals: the OpenSSL reason logged, no subscription, rtlsd still running (retrying).
refused() { # what
    : >"$IT_DIR/rtlsd.log"
    "$IT_BIN/rtlsd" run --config "$IT_DIR/rtlsd.toml" >>"$IT_DIR/rtlsd.log" 2>&1 &
    IT_PID=$!
    it_wait_for "$IT_DIR/rtlsd.log" 15 "error.code=tls" || it_fail "$1: no TLS error logged"
    grep -m1 "error.code=tls" "$IT_DIR/rtlsd.log" | grep -q "certificate verify failed" ||
        it_fail "$1: the TLS error does not say why: $(grep -m1 "error.code=tls" "$IT_DIR/rtlsd.log")"
    kill -0 "$IT_PID" 2>/dev/null || it_fail "$1: rtlsd exited on a TLS error instead of retrying"
    grep -q "MQTT subscribed" "$IT_DIR/rtlsd.log" && it_fail "$1: rtlsd subscribed through a certificate it must refuse"
    local reason
    reason=$(grep -m1 "error.code=tls" "$IT_DIR/rtlsd.log" | grep -o 'error.message="[^"]*"')
    it_stop_rtlsd || true
    echo "$IT_NAME: $1 refused: $reason"
}
refused "broker certificate from another CA"
sed -i "s|other.crt|ca.crt|; s/^port = $TLS\$/port = $MISNAMED/" "$IT_DIR/rtlsd.toml"
refused "broker certificate for elsewhere.example at 127.0.0.1"

# 1c. The right CA and name, a wrong password: refused by the broker, said so, retried.
sed -i "s/^port = $MISNAMED\$/port = $TLS/; s|mqtt-password|wrong-password|" "$IT_DIR/rtlsd.toml"
: >"$IT_DIR/rtlsd.log"
"$IT_BIN/rtlsd" run --config "$IT_DIR/rtlsd.toml" >>"$IT_DIR/rtlsd.log" 2>&1 &
IT_PID=$!
it_wait_for "$IT_DIR/rtlsd.log" 15 "refused the connection" || it_fail "a wrong password was not reported as a refusal"
kill -0 "$IT_PID" 2>/dev/null || it_fail "rtlsd exited on a refused password instead of retrying"
grep -q "MQTT subscribed" "$IT_DIR/rtlsd.log" && it_fail "rtlsd subscribed with a wrong password"
grep -q "wrong" "$IT_DIR/rtlsd.log" && it_fail "the password appears in the log"
refusal=$(grep -m1 "refused the connection" "$IT_DIR/rtlsd.log" | grep -o 'error.code=[^ ]*')
it_stop_rtlsd || true
echo "$IT_NAME: wrong password over TLS refused by the broker ($refusal), not logged"

# 2. The right CA, name and password: clean stop mid-load over TLS, restart, exactly once.
sed -i "s|wrong-password|mqtt-password|" "$IT_DIR/rtlsd.toml"
: >"$IT_DIR/rtlsd.log"
it_start_rtlsd
"$IT_BIN/rtls-sim" sequence --count $N --rate 4000 --prefix tls --per-message 20 --port "$PLAIN" >"$IT_DIR/sim.log" 2>&1 &
IT_SIM_PID=$!
sleep 2.5
it_stop_rtlsd || it_fail "rtlsd exited with status $? on SIGTERM over TLS"
took=$(grep -E "Stopping MQTT|MQTT disconnected cleanly" "$IT_DIR/rtlsd.log" | tail -2 | cut -c12-23 | tr '\n' ' ')
received=$(it_log_value readings.received "rtlsd stopped")
[ "${received:-0}" -gt 0 ] || it_fail "nothing received over TLS before the stop"
[ "${received:-0}" -lt $N ] || it_fail "the load was over before the stop; nothing tested"
it_start_rtlsd
wait "$IT_SIM_PID" || it_fail "publisher failed: $(tail -3 "$IT_DIR/sim.log")"
IT_SIM_PID=""
rows=$(it_wait_rows $N 30)
it_stop_rtlsd || it_fail "rtlsd exited with status $?"
echo "$IT_NAME: over TLS, SIGTERM after $received readings (stop: $took), exit 0; restarted: $rows rows"
it_assert_complete $N
it_teardown
