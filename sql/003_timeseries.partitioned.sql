-- 003 time-series tables, plain PostgreSQL variant: native range partitioning by day.
-- (The runner picks this file when the timescaledb extension is not available or `timescaledb = "off"`.)
--
-- Every table is PARTITION BY RANGE (time) with a DEFAULT partition. Daily partitions
-- `<table>_pYYYYMMDD` (UTC days) are made ahead of time by rtlsd's PartitionMaintainer, which calls
-- rtls_create_daily_partition() below for [today-1, today+N]; rows outside the created range
-- (very late or far-future device clocks) land in `<table>_default` and are moved into their day's
-- partition if that partition is created later. Retention: rtls_drop_daily_partitions_before()
-- drops whole days and deletes expired rows from the DEFAULT partition.
--
-- Keys are small integer ids from 001 (no foreign keys: a per-row FK check would halve COPY speed);
-- the only index is (tag_id, time DESC), partition pruning serves time ranges.

CREATE TABLE location_readings (
    time        timestamptz NOT NULL,
    received_at timestamptz NOT NULL,
    tag_id      int NOT NULL,
    gateway_id  int,
    kind        smallint NOT NULL,
    flags       smallint NOT NULL,
    rssi        real,
    antenna     smallint,
    x           real,
    y           real,
    z           real,
    lat         double precision,
    lon         double precision,
    accuracy    real,
    battery     real,
    zone_id     int
) PARTITION BY RANGE (time);
CREATE TABLE location_readings_default PARTITION OF location_readings DEFAULT;
CREATE INDEX location_readings_tag_time_idx ON location_readings (tag_id, time DESC);

CREATE TABLE sensor_readings (
    time        timestamptz NOT NULL,
    received_at timestamptz NOT NULL,
    tag_id      int NOT NULL,
    gateway_id  int,
    metric_id   smallint NOT NULL,
    value       double precision,
    flags       smallint NOT NULL
) PARTITION BY RANGE (time);
CREATE TABLE sensor_readings_default PARTITION OF sensor_readings DEFAULT;
CREATE INDEX sensor_readings_tag_time_idx ON sensor_readings (tag_id, time DESC);

CREATE TABLE alerts (
    time        timestamptz NOT NULL,
    alert_id    bigint NOT NULL,
    rule        text NOT NULL,
    kind        text NOT NULL,
    severity    text NOT NULL,
    state       text NOT NULL CHECK (state IN ('fired', 'cleared')),
    tag_id      int,
    gateway_id  int,
    zone_id     int,
    message     text NOT NULL,
    details     jsonb
) PARTITION BY RANGE (time);
CREATE TABLE alerts_default PARTITION OF alerts DEFAULT;
CREATE INDEX alerts_tag_time_idx ON alerts (tag_id, time DESC);

CREATE TABLE zone_events (
    time        timestamptz NOT NULL,
    tag_id      int NOT NULL,
    zone_id     int NOT NULL,
    event       text NOT NULL CHECK (event IN ('enter', 'exit')),
    method      smallint
) PARTITION BY RANGE (time);
CREATE TABLE zone_events_default PARTITION OF zone_events DEFAULT;
CREATE INDEX zone_events_tag_time_idx ON zone_events (tag_id, time DESC);
CREATE INDEX zone_events_zone_time_idx ON zone_events (zone_id, time DESC);

-- Creates `<parent>_pYYYYMMDD` for the UTC day `day` unless it exists; returns true when it created it.
-- Rows of that day already sitting in the DEFAULT partition are moved into the new partition first
-- (ATTACH would otherwise fail). Serialised by an advisory lock so two rtlsd instances cannot race.
CREATE FUNCTION rtls_create_daily_partition(parent text, day date) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
    part text := parent || '_p' || to_char(day, 'YYYYMMDD');
    lo   timestamptz := day::timestamp AT TIME ZONE 'UTC';
    hi   timestamptz := (day + 1)::timestamp AT TIME ZONE 'UTC';
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('rtlsd.partitions'));
    IF to_regclass(quote_ident(part)) IS NOT NULL THEN
        RETURN false;
    END IF;
    EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', part, parent);
    EXECUTE format('WITH moved AS (DELETE FROM %I WHERE time >= %L AND time < %L RETURNING *) '
                   'INSERT INTO %I SELECT * FROM moved', parent || '_default', lo, hi, part);
    EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', parent, part, lo, hi);
    RETURN true;
END
$$;

-- Drops `<parent>_pYYYYMMDD` partitions for days before `cutoff` and deletes rows older than `cutoff`
-- from the DEFAULT partition; returns the number of partitions dropped.
CREATE FUNCTION rtls_drop_daily_partitions_before(parent text, cutoff date) RETURNS int
LANGUAGE plpgsql AS $$
DECLARE
    r       record;
    dropped int := 0;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('rtlsd.partitions'));
    FOR r IN
        SELECT c.relname
        FROM pg_inherits i
        JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = parent::regclass
          AND c.relname ~ ('^' || parent || '_p[0-9]{8}$')
          AND to_date(right(c.relname, 8), 'YYYYMMDD') < cutoff
        ORDER BY c.relname
    LOOP
        EXECUTE format('DROP TABLE %I', r.relname);
        dropped := dropped + 1;
    END LOOP;
    EXECUTE format('DELETE FROM %I WHERE time < %L', parent || '_default',
                   cutoff::timestamp AT TIME ZONE 'UTC');
    RETURN dropped;
END
$$;

-- Which storage this database uses: `SELECT storage FROM rtls_storage;`
CREATE VIEW rtls_storage AS SELECT 'partitioned'::text AS storage;
