#!/usr/bin/env bash
# Three facilities, one database (issue 18): three edge daemons, each with its own site.toml
# (facility, time zone, the same five zone names ZONE-0 … ZONE-4), [database] instance, topic and
# spool, start at once on a fresh database (the migrations serialise on their advisory lock) and
# write at full speed together. All three publish the SAME tag ids and zone names. Checked:
# every reading stored once; each facility holds exactly its own N readings, attributed through
# tag_id → tags.facility_id, and every zone_id of a row is a zone of the row's facility; each
# facility's site (time zone, zones with kind and restriction) is in the reference tables; the
# migrations ran once; rtlsd_instances shows each instance with its facility, last commit and
# backlog; Tasmota local times are read in each facility's time zone (summer and winter time).
# Then a reload of one site (zone added, zone removed) reaches the tables.
source "$(dirname "$0")/lib.sh"
N=${RTLSD_IT_THREE_FACILITIES_N:-20000} # per facility
SITES=(a b c)
declare -A TZ=([a]="Europe/Berlin" [b]="America/New_York" [c]="Asia/Tokyo")
it_setup 'write_ahead = true'

write_site() { # $1 site letter, $2 extra zone (optional), $3 zone to leave out (optional)
    local s=$1
    {
        printf '[facility]\nname = "Facility %s"\ntimezone = "%s"\n\n' "${s^^}" "${TZ[$s]}"
        printf '[[building]]\nname = "Main"\n\n[[floor]]\nname = "L1"\nbuilding = "Main"\nlevel = 1\n\n'
        for z in 0 1 2 3 4 ${2:-}; do
            [ "ZONE-$z" = "${3:-}" ] && continue
            printf '[[zone]]\nname = "ZONE-%s"\nfloor = "L1"\nkind = "%s"\n' "$z" "$([ "$z" = 0 ] && echo corridor || echo room)"
            [ "$z" = 3 ] && printf 'restricted = true\n'
            printf 'polygon = [[%s.0, 0.0], [%s.0, 0.0], [%s.0, 5.0]]\n\n' "$z" "$((z + 1))" "$z"
        done
        printf '[[gateway]]\nid = "gw-1"\nzone = "ZONE-0"\n'
    } >"$IT_DIR/site-$s.toml"
}

printf '[[rule]]\nid = "restricted-3"\ntype = "restricted_zone"\nzone = "ZONE-3"\nclass = "pump"\n' >"$IT_DIR/rules.toml"
declare -A PIDS SIMS
for s in "${SITES[@]}"; do
    write_site "$s"
    # Each daemon subscribes to its own facility's topics only; the gateway id (gw-1) is the same in all three.
    sed -e "s|^topic = .*|topic = \"f$s/rtls/+gateway/readings\"|" \
        -e "s|client_id = \"$IT_CLIENT\"|client_id = \"$IT_CLIENT-$s\"|" \
        -e "s|dir = \"$IT_DIR/spool\"|dir = \"$IT_DIR/spool-$s\"|" \
        -e "s|^\[database\]|[database]\ninstance = \"edge-$s\"|" "$IT_DIR/rtlsd.toml" >"$IT_DIR/$s.toml"
    printf '\n[site]\nfile = "%s"\nrules = "%s"\n' "$IT_DIR/site-$s.toml" "$IT_DIR/rules.toml" >>"$IT_DIR/$s.toml"
    # Tasmota sends local time without an offset: read in the facility's time zone.
    printf '\n[[decoder]]\ntopic = "f%s/tele/#"\ndecoder = "tasmota"\n' "$s" >>"$IT_DIR/$s.toml"
done
cleanup_three() {
    for s in "${SITES[@]}"; do kill -9 "${PIDS[$s]:-}" 2>/dev/null || true; done
    for s in "${SITES[@]}"; do
        mosquitto_sub -h 127.0.0.1 -p "$RTLSD_MQTT_PORT" -i "$IT_CLIENT-$s" -t rtls/selftest -E >/dev/null 2>&1 || true
    done
}
trap 'cleanup_three; it_cleanup' EXIT
# Started at once, on a database no daemon has migrated yet.
for s in "${SITES[@]}"; do
    "$IT_BIN/rtlsd" run --config "$IT_DIR/$s.toml" >"$IT_DIR/rtlsd-$s.log" 2>&1 &
    PIDS[$s]=$!
done
for s in "${SITES[@]}"; do
    for _ in $(seq 1 300); do
        grep -q "rtlsd ready" "$IT_DIR/rtlsd-$s.log" && break
        kill -0 "${PIDS[$s]}" 2>/dev/null || it_fail "instance $s exited: $(tail -5 "$IT_DIR/rtlsd-$s.log")"
        sleep 0.1
    done
    grep -q "rtlsd ready" "$IT_DIR/rtlsd-$s.log" || it_fail "instance $s not ready: $(tail -5 "$IT_DIR/rtlsd-$s.log")"
done
applied=$(grep -ho 'migrations.applied=[0-9]*' "$IT_DIR"/rtlsd-?.log | cut -d= -f2 | paste -sd+ | bc)
versions=$(ls sql/[0-9][0-9][0-9]_*.sql | sed 's|sql/||' | cut -c1-3 | sort -u | wc -l)
[ "$applied" -eq "$versions" ] || it_fail "the three daemons applied $applied migrations together, expected $versions (each once)"
[ "$(it_sql "SELECT count(*) FROM schema_migrations")" -eq "$versions" ] || it_fail "schema_migrations is incomplete"

started=$SECONDS
for s in "${SITES[@]}"; do
    "$IT_BIN/rtls-sim" sequence --count "$N" --rate 0 --prefix "f$s" --tag-prefix tag --tags 500 --zones 5 \
        --topic "f$s/rtls/gw-1/readings" \
        --per-message 20 --port "$RTLSD_MQTT_PORT" >"$IT_DIR/sim-$s.log" 2>&1 &
    SIMS[$s]=$!
done
for s in "${SITES[@]}"; do wait "${SIMS[$s]}" || it_fail "publisher $s failed: $(tail -3 "$IT_DIR/sim-$s.log")"; done
rows=$(it_wait_rows $((3 * N)) 60)
elapsed=$((SECONDS - started))
dups=$(it_duplicates)

# Attribution: each facility's rows through tag_id → tags.facility_id; zones of the same facility.
per_facility=$(it_sql "SELECT string_agg(name || '=' || n, ' ' ORDER BY name) FROM (
    SELECT f.name, count(*) AS n FROM (SELECT tag_id FROM location_readings UNION ALL SELECT tag_id FROM sensor_readings) r
    JOIN tags t ON t.id = r.tag_id JOIN facilities f ON f.id = t.facility_id GROUP BY f.name) x")
for s in "${SITES[@]}"; do
    got=$(it_sql "SELECT count(*) FROM (SELECT tag_id FROM location_readings UNION ALL SELECT tag_id FROM sensor_readings) r
        JOIN tags t ON t.id = r.tag_id JOIN facilities f ON f.id = t.facility_id WHERE f.name = 'Facility ${s^^}'")
    [ "$got" -eq "$N" ] || it_fail "Facility ${s^^}: $got readings attributed, expected $N ($per_facility)"
done
cross=$(it_sql "SELECT count(*) FROM location_readings r JOIN tags t ON t.id = r.tag_id
    LEFT JOIN zones z ON z.id = r.zone_id WHERE z.facility_id IS DISTINCT FROM t.facility_id")
[ "$cross" -eq 0 ] || it_fail "$cross location readings with a zone of another facility (or none)"
gw=$(it_sql "SELECT count(*) FROM location_readings r JOIN tags t ON t.id = r.tag_id
    LEFT JOIN gateways g ON g.id = r.gateway_id WHERE g.facility_id IS DISTINCT FROM t.facility_id")
[ "$gw" -eq 0 ] || it_fail "$gw readings stored with another facility's gateway gw-1 (or none)"
[ "$(it_sql "SELECT count(*) FROM gateways WHERE gateway = 'gw-1' AND in_site")" -eq 3 ] || it_fail "gw-1 is not one row per facility"
[ "$(it_sql "SELECT count(*) FROM tags")" -eq 1500 ] || it_fail "expected 500 tags per facility: $(it_sql "SELECT count(*) FROM tags")"

# The sites in the reference tables.
zones=$(it_sql "SELECT count(*) FROM zones z JOIN facilities f ON f.id = z.facility_id
    WHERE z.in_site AND z.floor_id IS NOT NULL AND z.shape = 'floor' AND jsonb_array_length(z.polygon) = 3")
[ "$zones" -eq 15 ] || it_fail "$zones site zones with floor and polygon, expected 3 × 5"
[ "$(it_sql "SELECT count(*) FROM zones WHERE restricted")" -eq 3 ] || it_fail "ZONE-3 not restricted in each facility"
[ "$(it_sql "SELECT count(*) FROM zones WHERE kind = 'corridor'")" -eq 3 ] || it_fail "zone kinds not written"
for s in "${SITES[@]}"; do
    tz=$(it_sql "SELECT timezone FROM facilities WHERE name = 'Facility ${s^^}'")
    [ "$tz" = "${TZ[$s]}" ] || it_fail "Facility ${s^^} has time zone '$tz', expected ${TZ[$s]}"
done

# Each instance's last commit and backlog (status rows come with the first batch).
instances=$(it_sql "SELECT string_agg(instance || ':' || facility || ':rows=' || rows_in_ledger || ':backlog=' || backlog_readings, ' ' ORDER BY instance)
    FROM rtlsd_instances WHERE last_commit_at IS NOT NULL AND status_at IS NOT NULL")
[ "$(it_sql "SELECT count(*) FROM rtlsd_instances WHERE last_commit_at IS NOT NULL AND status_at IS NOT NULL
    AND facility = 'Facility ' || upper(right(instance, 1))")" -eq 3 ] || it_fail "rtlsd_instances does not show the three instances with status: $instances"

# Tasmota local times, DST-correct per facility: 14:00 in Berlin is 12:00Z in July (CEST), 13:00Z in
# January (CET); 21:00 in Tokyo is 12:00Z all year.
tasmota() { mosquitto_pub -h 127.0.0.1 -p "$RTLSD_MQTT_PORT" -q 1 -t "f$1/tele/$2/SENSOR" -m "{\"Time\":\"$3\",\"AM2301\":{\"Temperature\":21.5}}"; }
tasmota a th-summer 2026-07-15T14:00:00
tasmota a th-winter 2026-01-15T14:00:00
tasmota c th-tokyo 2026-07-15T21:00:00
it_wait_rows $((3 * N + 3)) 20 >/dev/null
local_times=$(it_sql "SELECT string_agg(t.tag || '@' || to_char(r.time AT TIME ZONE 'UTC', 'MM-DD HH24:MI'), ' ' ORDER BY t.tag)
    FROM sensor_readings r JOIN tags t ON t.id = r.tag_id WHERE t.tag LIKE 'th-%'")
[ "$local_times" = "th-summer/AM2301@07-15 12:00 th-tokyo/AM2301@07-15 12:00 th-winter/AM2301@01-15 13:00" ] ||
    it_fail "Tasmota local times not read in the facility's time zone: $local_times"

# A reload of facility A's site: ZONE-9 added, ZONE-4 removed; written before A's next batch.
write_site a 9 ZONE-4
kill -HUP "${PIDS[a]}"
it_wait_for "$IT_DIR/rtlsd-a.log" 10 "Configuration reloaded" || it_fail "instance a did not reload"
"$IT_BIN/rtls-sim" sequence --count 20 --rate 0 --prefix fa --tag-prefix tag --tags 500 --zones 5 --start "$N" --topic fa/rtls/gw-1/readings \
    --per-message 20 --port "$RTLSD_MQTT_PORT" >"$IT_DIR/sim-a2.log" 2>&1 || it_fail "publisher a (after reload) failed"
it_wait_rows $((3 * N + 23)) 20 >/dev/null
site_a=$(it_sql "SELECT string_agg(z.name || '=' || z.in_site, ' ' ORDER BY z.name) FROM zones z
    JOIN facilities f ON f.id = z.facility_id WHERE f.name = 'Facility A' AND z.name IN ('ZONE-4', 'ZONE-9')")
[ "$site_a" = "ZONE-4=false ZONE-9=true" ] || it_fail "after the reload Facility A's zones are: $site_a"
[ "$(it_sql "SELECT count(*) FROM zones WHERE name = 'ZONE-4' AND in_site")" -eq 2 ] || it_fail "the reload touched another facility's zones"

for s in "${SITES[@]}"; do
    kill -TERM "${PIDS[$s]}"
    wait "${PIDS[$s]}" || it_fail "instance $s exited with status $?"
done
echo "$IT_NAME: $rows rows from 3 × $N in ${elapsed} s, $dups duplicates; per facility: $per_facility; instances: $instances; Tasmota: $local_times"
it_assert_complete $((3 * N + 23))
cleanup_three
it_teardown
