-- 003 time-series tables, TimescaleDB variant: hypertables with compression and retention policies.
-- (The runner picks this file when `timescaledb` is in pg_available_extensions, or `timescaledb = "on"`.)
--
-- Needs timescaledb in shared_preload_libraries and TimescaleDB ≥ 2.0 (the classic
-- create_hypertable(relation, time_column, chunk_time_interval => …) signature, still accepted by
-- 2.13+ beside by_range()). Not exercised by this repository's CI, which has no TimescaleDB: keep
-- it to documented, long-stable calls.
--
-- Chunks: 1 day for readings (a day of a large hospital is a few GB before compression), 7 days for
-- alerts and zone events. Compression after 7 days, segmented by tag so per-tag history stays fast.
-- Retention: location 2 years, sensor 5 years, alerts and zone events 7 years (audit trail).
-- Keys are small integer ids (no foreign keys, see 001); the only extra index is (tag_id, time DESC),
-- create_hypertable adds (time DESC).
--
-- The extension goes into `public` explicitly: without WITH SCHEMA it lands in the first schema of
-- search_path (it is relocatable at install time), e.g. a per-user or per-test schema, and a later
-- DROP SCHEMA … CASCADE of that schema would drop the extension for the whole database.

CREATE EXTENSION IF NOT EXISTS timescaledb WITH SCHEMA public;

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
);
SELECT create_hypertable('location_readings', 'time', chunk_time_interval => INTERVAL '1 day');
CREATE INDEX location_readings_tag_time_idx ON location_readings (tag_id, time DESC);
ALTER TABLE location_readings SET (
    timescaledb.compress,
    timescaledb.compress_segmentby = 'tag_id',
    timescaledb.compress_orderby = 'time DESC'
);
SELECT add_compression_policy('location_readings', INTERVAL '7 days');
SELECT add_retention_policy('location_readings', INTERVAL '2 years');

CREATE TABLE sensor_readings (
    time        timestamptz NOT NULL,
    received_at timestamptz NOT NULL,
    tag_id      int NOT NULL,
    gateway_id  int,
    metric_id   smallint NOT NULL,
    value       double precision,
    flags       smallint NOT NULL
);
SELECT create_hypertable('sensor_readings', 'time', chunk_time_interval => INTERVAL '1 day');
CREATE INDEX sensor_readings_tag_time_idx ON sensor_readings (tag_id, time DESC);
ALTER TABLE sensor_readings SET (
    timescaledb.compress,
    timescaledb.compress_segmentby = 'tag_id',
    timescaledb.compress_orderby = 'time DESC'
);
SELECT add_compression_policy('sensor_readings', INTERVAL '7 days');
SELECT add_retention_policy('sensor_readings', INTERVAL '5 years');

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
);
SELECT create_hypertable('alerts', 'time', chunk_time_interval => INTERVAL '7 days');
CREATE INDEX alerts_tag_time_idx ON alerts (tag_id, time DESC);
ALTER TABLE alerts SET (
    timescaledb.compress,
    timescaledb.compress_segmentby = 'tag_id',
    timescaledb.compress_orderby = 'time DESC'
);
SELECT add_compression_policy('alerts', INTERVAL '7 days');
SELECT add_retention_policy('alerts', INTERVAL '7 years');

CREATE TABLE zone_events (
    time        timestamptz NOT NULL,
    tag_id      int NOT NULL,
    zone_id     int NOT NULL,
    event       text NOT NULL CHECK (event IN ('enter', 'exit')),
    method      smallint
);
SELECT create_hypertable('zone_events', 'time', chunk_time_interval => INTERVAL '7 days');
CREATE INDEX zone_events_tag_time_idx ON zone_events (tag_id, time DESC);
CREATE INDEX zone_events_zone_time_idx ON zone_events (zone_id, time DESC);
ALTER TABLE zone_events SET (
    timescaledb.compress,
    timescaledb.compress_segmentby = 'tag_id',
    timescaledb.compress_orderby = 'time DESC'
);
SELECT add_compression_policy('zone_events', INTERVAL '7 days');
SELECT add_retention_policy('zone_events', INTERVAL '7 years');

-- Which storage this database uses: `SELECT storage FROM rtls_storage;`
CREATE VIEW rtls_storage AS SELECT 'timescaledb'::text AS storage;
