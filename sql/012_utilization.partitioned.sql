-- 012 utilization, plain PostgreSQL variant: usage sessions, alert acknowledgements and escalations,
-- daily rollups as views computed at query time (always filter on day). The TimescaleDB variant has the
-- same tables as hypertables, and continuous aggregates for the daily reading rollups.

-- One row per closed usage session (rtlsd writes it in the transaction of the batch whose reading or
-- sweep closed it). time = start, end_time = end; asset and asset_class as in site.toml when it closed.
CREATE TABLE usage_logs (
    time        timestamptz NOT NULL,
    end_time    timestamptz NOT NULL,
    tag_id      int NOT NULL,
    asset       text NOT NULL,
    asset_class text NOT NULL,
    rule        text NOT NULL,
    signal      text NOT NULL CHECK (signal IN ('power', 'state', 'motion', 'zone')),
    zone_id     int,
    CHECK (end_time >= time)
) PARTITION BY RANGE (time);
CREATE TABLE usage_logs_default PARTITION OF usage_logs DEFAULT;
CREATE INDEX usage_logs_tag_time_idx ON usage_logs (tag_id, time DESC);

CREATE TABLE alert_actions (
    time        timestamptz NOT NULL,
    alert_id    bigint NOT NULL,
    action      text NOT NULL CHECK (action IN ('acknowledged', 'escalated')),
    actor       text NOT NULL,
    rule        text NOT NULL,
    kind        text NOT NULL,
    severity    text NOT NULL,
    tag_id      int,
    zone_id     int,
    message     text NOT NULL
) PARTITION BY RANGE (time);
CREATE TABLE alert_actions_default PARTITION OF alert_actions DEFAULT;
CREATE INDEX alert_actions_alert_idx ON alert_actions (alert_id, time);

-- Daily reading rollups (same names and columns as the TimescaleDB continuous aggregates).
CREATE VIEW location_readings_daily AS
SELECT date_trunc('day', time, 'UTC') AS bucket, tag_id, count(*) AS readings,
       min(time) AS first_seen, max(time) AS last_seen, avg(rssi) AS avg_rssi
FROM location_readings GROUP BY 1, tag_id;

CREATE VIEW sensor_readings_daily AS
SELECT date_trunc('day', time, 'UTC') AS bucket, tag_id, metric_id, count(*) AS readings,
       min(value) AS min_value, avg(value) AS avg_value, max(value) AS max_value
FROM sensor_readings GROUP BY 1, tag_id, metric_id;

-- Acknowledgements and escalations of alerts (the alerts table keeps fired/cleared).
-- actor: who acknowledged (from the MQTT command or `rtlsd alert ack --by`), empty for escalations.
-- alert_history: one time line per alert id, for dashboards and audits.
CREATE VIEW alert_history AS
SELECT time, alert_id, state AS event, rule, kind, severity, tag_id, zone_id, NULL::text AS actor, message
FROM alerts
UNION ALL
SELECT time, alert_id, action AS event, rule, kind, severity, tag_id, zone_id, actor, message
FROM alert_actions;

-- Where each tag was, as intervals: an enter event up to the tag's next zone event (its exit, or the
-- enter of the next zone); an interval still open ends now(). Exit sorts before enter at the same instant
-- (rtlsd emits the exit of the old zone and the enter of the new one with one time).
CREATE VIEW zone_presence AS
SELECT tag_id, zone_id, time AS start_time, coalesce(next_time, now()) AS end_time
FROM (
    SELECT tag_id, zone_id, time, event,
           lead(time) OVER (PARTITION BY tag_id ORDER BY time, event DESC) AS next_time
    FROM zone_events
) e
WHERE event = 'enter';

-- Usage sessions cut at UTC midnight: one row per session and day it touches.
CREATE VIEW usage_daily AS
SELECT d.day, u.tag_id, u.asset, u.asset_class, u.rule, u.signal, u.zone_id,
       greatest(u.time, d.day) AS start_time,
       least(u.end_time, d.day + INTERVAL '1 day') AS end_time,
       extract(epoch FROM least(u.end_time, d.day + INTERVAL '1 day') - greatest(u.time, d.day)) / 3600.0
           AS in_use_hours
FROM usage_logs u
CROSS JOIN LATERAL generate_series(
    date_trunc('day', u.time, 'UTC'),
    date_trunc('day', greatest(u.time, u.end_time - INTERVAL '1 microsecond'), 'UTC'),
    INTERVAL '1 day') AS d(day);

-- Presence cut at UTC midnight, like usage_daily.
CREATE VIEW presence_daily AS
SELECT d.day, p.tag_id, p.zone_id,
       extract(epoch FROM least(p.end_time, d.day + INTERVAL '1 day') - greatest(p.start_time, d.day)) / 3600.0
           AS present_hours
FROM zone_presence p
CROSS JOIN LATERAL generate_series(
    date_trunc('day', p.start_time, 'UTC'),
    date_trunc('day', greatest(p.start_time, p.end_time - INTERVAL '1 microsecond'), 'UTC'),
    INTERVAL '1 day') AS d(day);

-- Per asset (tag) and UTC day: hours in use (the union of its sessions, so two signals that overlap
-- count once), sessions, hours present (located in any zone), and utilization = in use / present.
-- The asset's name and class come from its usage sessions, else from assets via tags.asset_id.
CREATE VIEW utilization_daily AS
WITH used AS (
    SELECT day, tag_id, max(asset) AS asset, max(asset_class) AS asset_class, count(*) AS sessions,
           range_agg(tstzrange(start_time, end_time)) AS periods
    FROM usage_daily GROUP BY day, tag_id
), present AS (
    SELECT day, tag_id, sum(present_hours) AS present_hours FROM presence_daily GROUP BY day, tag_id
)
SELECT coalesce(u.day, p.day) AS day,
       coalesce(u.tag_id, p.tag_id) AS tag_id,
       coalesce(u.asset, a.name) AS asset,
       coalesce(u.asset_class, a.asset_class) AS asset_class,
       coalesce((SELECT sum(extract(epoch FROM upper(r) - lower(r))) FROM unnest(u.periods) r), 0) / 3600.0
           AS in_use_hours,
       coalesce(u.sessions, 0) AS sessions,
       coalesce(p.present_hours, 0) AS present_hours,
       CASE WHEN coalesce(p.present_hours, 0) > 0
            THEN coalesce((SELECT sum(extract(epoch FROM upper(r) - lower(r))) FROM unnest(u.periods) r), 0)
                 / 3600.0 / p.present_hours END AS utilization
FROM used u
FULL JOIN present p ON p.day = u.day AND p.tag_id = u.tag_id
LEFT JOIN tags t ON t.id = coalesce(u.tag_id, p.tag_id)
LEFT JOIN assets a ON a.id = t.asset_id;

-- Per asset class and UTC day: the sums over its assets.
CREATE VIEW utilization_class_daily AS
SELECT day, coalesce(asset_class, '') AS asset_class, count(DISTINCT tag_id) AS assets,
       sum(in_use_hours) AS in_use_hours, sum(present_hours) AS present_hours, sum(sessions) AS sessions,
       CASE WHEN sum(present_hours) > 0 THEN sum(in_use_hours) / sum(present_hours) END AS utilization
FROM utilization_daily
GROUP BY day, coalesce(asset_class, '');

-- Per zone and UTC day: hours of use that started in the zone, and hours assets were present in it.
CREATE VIEW zone_utilization_daily AS
SELECT coalesce(u.day, p.day) AS day, coalesce(u.zone_id, p.zone_id) AS zone_id,
       coalesce(u.in_use_hours, 0) AS in_use_hours, coalesce(p.present_hours, 0) AS present_hours
FROM (SELECT day, zone_id, sum(in_use_hours) AS in_use_hours FROM usage_daily
      WHERE zone_id IS NOT NULL GROUP BY day, zone_id) u
FULL JOIN (SELECT day, zone_id, sum(present_hours) AS present_hours FROM presence_daily
           GROUP BY day, zone_id) p ON p.day = u.day AND p.zone_id = u.zone_id;
