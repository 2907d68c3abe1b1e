#!/usr/bin/env bash
# The physical simulator and its scorer through the real broker and database: 12 Minew-tagged assets
# walking between 8 rooms for 45 s, every gateway in radio range reporting them, then `rtls-sim score`
# on the truth file and rtlsd's database. Asserts only that scoring works (the figures are there and
# parse, moves add up), never accuracy: that is measured and reported in BENCHMARKS.md.
source "$(dirname "$0")/lib.sh"
shape=(--format vendor --ble-format minew --floors 1 --rooms 8 --tags 12 --fridges 0 --gps-trackers 0)
"$IT_BIN/rtls-sim" generate "${shape[@]}" --out "$IT_DIR" --config-out "$IT_DIR/decoders.toml" >/dev/null
it_setup "write_ahead = true

[site]
file = \"site.toml\"
rules = \"rules.toml\"

$(grep -v '^#' "$IT_DIR/decoders.toml")"
it_start_rtlsd
"$IT_BIN/rtls-sim" run "${shape[@]}" --physics --dwell-s 20 --seconds 45 --truth "$IT_DIR/truth.jsonl" \
    --port "$RTLSD_MQTT_PORT" --quiet >"$IT_DIR/sim.log" 2>&1 || it_fail "rtls-sim run failed: $(tail -3 "$IT_DIR/sim.log")"
sleep 1 # the writer's linger
it_stop_rtlsd || it_fail "rtlsd exited with status $?"
dsn="host=127.0.0.1 port=$RTLSD_PG_PORT dbname=$IT_DB user=$RTLSD_PG_USER"
"$IT_BIN/rtls-sim" score --truth "$IT_DIR/truth.jsonl" --pg-dsn "$dsn" >"$IT_DIR/score.txt" 2>&1 ||
    it_fail "rtls-sim score failed: $(cat "$IT_DIR/score.txt")"
cat "$IT_DIR/score.txt"
"$IT_BIN/rtls-sim" score --truth "$IT_DIR/truth.jsonl" --pg-dsn "$dsn" --json >"$IT_DIR/score.json" ||
    it_fail "rtls-sim score --json failed"
python3 - "$IT_DIR/score.json" <<'PY' || it_fail "the score's figures do not add up: $(cat "$IT_DIR/score.json")"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["ble_tags"] == 12, d["ble_tags"]
assert 0 <= d["room_accuracy_pct"] <= 100
assert d["moves"] >= 1 and d["moves_caught"] + d["moves_missed"] == d["moves"]
for k in ("move_latency_median_s", "move_latency_p95_s", "spurious_moves", "ping_pong", "alert_precision_pct",
          "alert_recall_pct", "first_fix_median_s"):
    assert k in d, k
    assert d[k] is None or isinstance(d[k], (int, float)), k
PY
echo "PASS $IT_NAME: $(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("accuracy %s %%, %s moves, median latency %s s" % (d["room_accuracy_pct"], d["moves"], d["move_latency_median_s"]))' "$IT_DIR/score.json")"
it_teardown
