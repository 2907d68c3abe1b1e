-- 001 reference tables: the site model (facilities → buildings → floors → zones), assets, and the
-- small-integer ids the time-series tables use instead of text keys (a text key would cost an index
-- lookup on every COPYed row; an int4 costs nothing).
--
-- rtlsd inserts tags, gateways, metrics and zones it has not seen before (`ON CONFLICT DO NOTHING`);
-- unknown tags get asset_id NULL until someone links them to an asset.

CREATE TABLE facilities (
    id          serial PRIMARY KEY,
    name        text NOT NULL UNIQUE,
    timezone    text NOT NULL DEFAULT 'UTC'
);

CREATE TABLE buildings (
    id          serial PRIMARY KEY,
    facility_id int NOT NULL REFERENCES facilities (id),
    name        text NOT NULL,
    UNIQUE (facility_id, name)
);

CREATE TABLE floors (
    id          serial PRIMARY KEY,
    building_id int NOT NULL REFERENCES buildings (id),
    name        text NOT NULL,
    level       smallint,
    UNIQUE (building_id, name)
);

CREATE TABLE zones (
    id          serial PRIMARY KEY,
    name        text NOT NULL UNIQUE,
    floor_id    int REFERENCES floors (id),
    kind        text,                               -- room, corridor, ward, geofence … (NULL: first seen in a reading)
    restricted  boolean NOT NULL DEFAULT false
);

CREATE TABLE assets (
    id          serial PRIMARY KEY,
    name        text NOT NULL,
    asset_class text NOT NULL DEFAULT 'equipment',  -- equipment, staff, patient, sensor …
    tag_id      int,                                -- the tag currently attached (see tags.asset_id)
    external_id text UNIQUE                         -- id in the CMMS / asset register
);

CREATE TABLE tags (
    id          serial PRIMARY KEY,
    tag         text NOT NULL UNIQUE,               -- EPC, BLE MAC, iBeacon uuid-major-minor, QR code …
    asset_id    int REFERENCES assets (id),         -- NULL until the tag is linked to an asset
    first_seen  timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE assets ADD CONSTRAINT assets_tag_id_fkey FOREIGN KEY (tag_id) REFERENCES tags (id);

CREATE TABLE gateways (
    id          serial PRIMARY KEY,
    gateway     text NOT NULL UNIQUE,               -- reader hostname, gateway MAC, anchor id …
    kind        smallint,                           -- SourceKind of the first reading (1 rfid … 6 sensor)
    zone_id     int REFERENCES zones (id),          -- where a fixed reader/gateway is mounted
    first_seen  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE metrics (
    id          smallserial PRIMARY KEY,
    name        text NOT NULL UNIQUE,               -- temperature, humidity, battery, power …
    unit        text                                -- unit of the first reading that named the metric
);
