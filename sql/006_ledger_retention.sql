-- 006 ledger retention: rtlsd's hourly maintenance deletes ingest_batches rows older than
-- [database] ledger_retention_days (default 30), except the write-ahead ranges its own log may
-- still have to reconcile after a crash. The index keeps that delete from scanning the ledger.

CREATE INDEX ingest_batches_committed_idx ON ingest_batches (committed_at);
