-- 009 facilities: several edge rtlsd instances (one per facility) writing to one database.
--
-- Tags, gateways and zones belong to a facility, and their names are unique per facility: two
-- hospitals may both have a zone "ICU-3" or a gateway "gw-01". Every time-series row is attributed
-- to its facility through its tag (tag_id is NOT NULL in location_readings, sensor_readings,
-- zone_events and asset_locations): `JOIN tags t ON t.id = r.tag_id` is a primary-key join, so the
-- COPYed rows carry no extra column. A tag seen by two facilities has one row in each.
--
-- rtlsd writes its site model (facility with time zone, buildings, floors, zones with kind,
-- restriction and geometry, gateways with their zone) on every start and reload; zones and
-- gateways of the site file have in_site = true, those only named by readings (or removed from the
-- file since) false.
--
-- Reference rows written before this migration belong to a facility named '' until the first
-- rtlsd that writes its site adopts them (renames '' to its [facility] name): a single facility
-- per database was the only deployment before.

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM tags) OR EXISTS (SELECT 1 FROM gateways) OR EXISTS (SELECT 1 FROM zones) THEN
        INSERT INTO facilities (name) VALUES ('') ON CONFLICT (name) DO NOTHING;
    END IF;
END
$$;

ALTER TABLE tags ADD COLUMN facility_id int REFERENCES facilities (id);
ALTER TABLE gateways ADD COLUMN facility_id int REFERENCES facilities (id);
ALTER TABLE zones ADD COLUMN facility_id int REFERENCES facilities (id);
UPDATE tags SET facility_id = (SELECT id FROM facilities WHERE name = '');
UPDATE gateways SET facility_id = (SELECT id FROM facilities WHERE name = '');
UPDATE zones SET facility_id = (SELECT id FROM facilities WHERE name = '');
ALTER TABLE tags ALTER COLUMN facility_id SET NOT NULL;
ALTER TABLE gateways ALTER COLUMN facility_id SET NOT NULL;
ALTER TABLE zones ALTER COLUMN facility_id SET NOT NULL;

ALTER TABLE tags DROP CONSTRAINT tags_tag_key;
ALTER TABLE tags ADD CONSTRAINT tags_facility_tag_key UNIQUE (facility_id, tag);
ALTER TABLE gateways DROP CONSTRAINT gateways_gateway_key;
ALTER TABLE gateways ADD CONSTRAINT gateways_facility_gateway_key UNIQUE (facility_id, gateway);
ALTER TABLE zones DROP CONSTRAINT zones_name_key;
ALTER TABLE zones ADD CONSTRAINT zones_facility_name_key UNIQUE (facility_id, name);

-- Zone geometry from site.toml: shape 'floor' (polygon in floor metres, [[x, y], …]) or 'geo'
-- (polygon in degrees, [[lat, lon], …]); NULL when the zone has none.
ALTER TABLE zones
    ADD COLUMN shape    text CHECK (shape IN ('floor', 'geo')),
    ADD COLUMN polygon  jsonb,
    ADD COLUMN in_site  boolean NOT NULL DEFAULT false;
ALTER TABLE gateways ADD COLUMN in_site boolean NOT NULL DEFAULT false;

-- What each running rtlsd reports about itself (upserted by its writer every 10 s while it writes):
-- readings received from MQTT and committed since it started, and what waits in its spool or
-- write-ahead log. rtlsd_instances joins it to the ledger.
CREATE TABLE rtlsd_instance_status (
    instance            text PRIMARY KEY,
    facility_id         int REFERENCES facilities (id),
    host                text,
    started_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL DEFAULT now(),
    readings_received   bigint NOT NULL DEFAULT 0,
    readings_written    bigint NOT NULL DEFAULT 0,
    backlog_readings    bigint NOT NULL DEFAULT 0,
    spool_bytes         bigint NOT NULL DEFAULT 0,
    commit_lag_ms       bigint
);

CREATE OR REPLACE VIEW rtlsd_instances AS
SELECT coalesce(l.instance, s.instance)              AS instance,
       l.last_commit_at,
       coalesce(l.ledger_rows, 0)::bigint            AS ledger_rows,
       l.rows_in_ledger,
       f.name                                        AS facility,
       s.updated_at                                  AS status_at,
       s.backlog_readings,
       s.spool_bytes,
       s.readings_received,
       s.readings_written,
       s.commit_lag_ms,
       s.started_at,
       s.host
FROM (SELECT instance,
             max(committed_at)                       AS last_commit_at,
             count(*)                                AS ledger_rows,
             sum(location_rows) + sum(sensor_rows)   AS rows_in_ledger
      FROM ingest_batches
      GROUP BY instance) l
FULL JOIN rtlsd_instance_status s ON s.instance = l.instance
LEFT JOIN facilities f ON f.id = s.facility_id;
