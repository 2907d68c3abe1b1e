-- 002 ingest bookkeeping and current state.
--
-- ingest_batches is the exactly-once ledger: the writer inserts the batch id in the same transaction
-- as the batch's rows, so a batch replayed from the disk spool after a crash is recognised and skipped.
-- dead_letter keeps rows the database refused, as text, for a person to look at.
-- asset_locations is one row per tag: where it is now (a plain table, upserted, never partitioned).

CREATE TABLE ingest_batches (
    batch_id        bigint PRIMARY KEY,
    committed_at    timestamptz NOT NULL DEFAULT now(),
    location_rows   int,
    sensor_rows     int
);

CREATE TABLE dead_letter (
    time        timestamptz NOT NULL DEFAULT now(),
    batch_id    bigint,
    target      text,                               -- table the row was meant for
    error       text,                               -- SQLSTATE and server message
    row_text    text                                -- the row, rendered as text
);

CREATE TABLE asset_locations (
    tag_id      int PRIMARY KEY,                    -- tags.id (no foreign keys: upserted on the write path)
    zone_id     int,                                -- zones.id
    floor_id    int,                                -- floors.id
    x           real,
    y           real,
    z           real,
    lat         double precision,
    lon         double precision,
    method      smallint,                           -- how the position was resolved (rssi room, antenna zone, xy, gps, qr)
    since       timestamptz,                        -- when the tag entered this zone
    last_seen   timestamptz
);
CREATE INDEX asset_locations_zone_idx ON asset_locations (zone_id);
