-- 004 hourly rollups, plain PostgreSQL variant: ordinary views with the same names and columns as
-- the TimescaleDB continuous aggregates, computed at query time (always filter on bucket/time).
-- Dashboards can therefore use one SQL for both storages.

CREATE VIEW location_readings_hourly AS
SELECT date_trunc('hour', time, 'UTC') AS bucket,
       tag_id,
       count(*)  AS readings,
       min(time) AS first_seen,
       max(time) AS last_seen,
       avg(rssi) AS avg_rssi,
       max(rssi) AS max_rssi
FROM location_readings
GROUP BY 1, tag_id;

CREATE VIEW sensor_readings_hourly AS
SELECT date_trunc('hour', time, 'UTC') AS bucket,
       tag_id,
       metric_id,
       count(*)   AS readings,
       min(value) AS min_value,
       avg(value) AS avg_value,
       max(value) AS max_value
FROM sensor_readings
GROUP BY 1, tag_id, metric_id;
