-- 005 write-ahead log ranges in the exactly-once ledger.
--
-- With [spool] write_ahead = true every reading is numbered in rtlsd's write-ahead log (wal_id names
-- the log: a random id created with its directory). Each batch records the sequence numbers it
-- covers in the same transaction as its rows, so after a crash rtlsd replays exactly the logged
-- readings that no committed batch covers. NULL for batches written without the log.

ALTER TABLE ingest_batches
    ADD COLUMN wal_id    bigint,
    ADD COLUMN wal_first bigint,
    ADD COLUMN wal_last  bigint;

CREATE INDEX ingest_batches_wal_idx ON ingest_batches (wal_id, wal_last) WHERE wal_id IS NOT NULL;
