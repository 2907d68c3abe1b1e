-- 004 hourly rollups, TimescaleDB variant: continuous aggregates refreshed by a policy.
--
-- WITH NO DATA: creating a continuous aggregate WITH DATA cannot run inside a transaction block,
-- and the runner applies each migration in one; the refresh policy fills them (start_offset 3 days,
-- so a fresh install materialises the last 3 days on the first run). materialized_only = false
-- (real-time aggregation) makes the newest hour visible before it is materialised.
-- The partitioned variant defines plain views with the same names and columns.
-- No retention on the rollups: an hour per tag is small, and they outlive the raw rows on purpose.

CREATE MATERIALIZED VIEW location_readings_hourly
WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket(INTERVAL '1 hour', time) AS bucket,
       tag_id,
       count(*)  AS readings,
       min(time) AS first_seen,
       max(time) AS last_seen,
       avg(rssi) AS avg_rssi,
       max(rssi) AS max_rssi
FROM location_readings
GROUP BY bucket, tag_id
WITH NO DATA;
SELECT add_continuous_aggregate_policy('location_readings_hourly',
    start_offset => INTERVAL '3 days', end_offset => INTERVAL '1 hour', schedule_interval => INTERVAL '30 minutes');

CREATE MATERIALIZED VIEW sensor_readings_hourly
WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket(INTERVAL '1 hour', time) AS bucket,
       tag_id,
       metric_id,
       count(*)   AS readings,
       min(value) AS min_value,
       avg(value) AS avg_value,
       max(value) AS max_value
FROM sensor_readings
GROUP BY bucket, tag_id, metric_id
WITH NO DATA;
SELECT add_continuous_aggregate_policy('sensor_readings_hourly',
    start_offset => INTERVAL '3 days', end_offset => INTERVAL '1 hour', schedule_interval => INTERVAL '30 minutes');
