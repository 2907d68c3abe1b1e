-- 008 rule output recovery: with the write-ahead log, alerts, zone events and locations are logged
-- ahead, and after a crash rtlsd writes those the database lacks: an alert is found by
-- (alert_id, state, time, rule), a zone event by (tag_id, time, zone_id, event) (zone_events_tag_time_idx).

CREATE INDEX alerts_alert_id_idx ON alerts (alert_id);
