// RTLSPostgres owns the database side:
// - Connection/: `PGConnection`, the blocking libpq wrapper (the only file importing CLibPQ), and
//   `DatabaseError`.
// - Copy/: the binary COPY encoder (`BinaryCopyWriter`, one `CopyField` file per column type) and
//   the row types (`LocationReadingRow`, `SensorReadingRow`, `AlertRow`, `ZoneEventRow`, `AssetLocationRow`).
// - Migrations/: `MigrationRunner` over the numbered files in sql/, `PartitionMaintainer` for the
//   partitioned storage.
// - Maintenance/: `TimescaleRetention` (retention policies set to the configured days) and
//   `TimescaleJob` (policy job health, `CALL run_job`), used by the daemon's maintenance service.
// - Writer/: `ReadingBatchWriter` (one transaction per batch of readings plus the rule engine's
//   alerts, zone events and current locations, exactly-once via `ingest_batches`) and `ReferenceIDCache`.
// It imports RTLSCore for the reading model; nothing here starts threads or tasks: the writer and
// maintenance services own the threads that call it, each with its own connection.
