-- 007 ledger identity: a batch is identified by (instance, batch_id), never by wall-clock time.
--
-- Several rtlsd instances (one per facility edge server) may write to one database. Each has a
-- stable name ([database] instance, default: the host name) and numbers its batches with a counter
-- that only grows and survives restarts (reserved in blocks in [spool] dir, and never below what
-- the ledger already holds for the instance). Rows written before this migration keep instance ''
-- until their daemon adopts them at its next connection (a single daemon per database was the only
-- safe deployment before). rtlsd_instances shows each instance's last commit. While an rtlsd runs
-- it holds a session advisory lock on its instance name, so a second one with the same name is
-- refused.

ALTER TABLE ingest_batches ADD COLUMN instance text NOT NULL DEFAULT '';
ALTER TABLE ingest_batches DROP CONSTRAINT ingest_batches_pkey;
ALTER TABLE ingest_batches ADD CONSTRAINT ingest_batches_pkey PRIMARY KEY (instance, batch_id);
ALTER TABLE ingest_batches ALTER COLUMN instance DROP DEFAULT;
-- A hash of the batch's readings (times, receive times, log numbers): a replay of the same batch
-- matches it; an id met by a different batch does not, and that batch is written under a new id.
ALTER TABLE ingest_batches ADD COLUMN fingerprint bigint;

ALTER TABLE dead_letter ADD COLUMN instance text;

CREATE VIEW rtlsd_instances AS
SELECT instance,
       max(committed_at)                         AS last_commit_at,
       count(*)                                  AS ledger_rows,
       sum(location_rows) + sum(sensor_rows)     AS rows_in_ledger
FROM ingest_batches
GROUP BY instance;
