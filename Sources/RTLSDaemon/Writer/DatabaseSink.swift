import RTLSCore
import RTLSPostgres

/// The production ``BatchSink``: the writer thread's one libpq connection.
final class DatabaseSink: BatchSink {
    private let writer: ReadingBatchWriter
    private let maintainer: PartitionMaintainer?
    private let ledgerRetention: LedgerRetention?
    private let writeAhead: WriteAheadLog?

    init(connection: PGConnection, config: DaemonConfig, storage: Storage, writeAhead: WriteAheadLog? = nil) {
        self.writer = ReadingBatchWriter(connection: connection, writeAheadLogID: writeAhead?.id)
        self.writeAhead = writeAhead
        self.ledgerRetention =
            config.database.ledgerRetentionDays > 0 ? LedgerRetention(days: config.database.ledgerRetentionDays) : nil
        self.maintainer =
            storage == .partitioned
            ? PartitionMaintainer(
                configuration: .init(
                    daysAhead: config.database.partitionsAheadDays,
                    retentionDays: [
                        "location_readings": config.database.retentionLocationDays,
                        "sensor_readings": config.database.retentionSensorDays,
                        "alerts": config.database.retentionAlertDays,
                        "zone_events": config.database.retentionAlertDays,
                    ]))
            : nil
    }

    /// Writes the batch; when PostgreSQL refuses it for good (it answered with a non-transient
    /// SQLSTATE such as a CHECK violation), the batch is bisected so the refused rows alone go to
    /// `dead_letter` and the rest is stored: one bad row never blocks the writer or the spool.
    func write(_ batch: [Reading], events: EngineOutput, batchID: Int64) throws -> BatchOutcome {
        do {
            let result = try self.writer.write(batch, events: events, batchID: batchID)
            return result.alreadyCommitted ? .alreadyCommitted : .stored
        } catch {
            guard ReadingBatchWriter.isPermanent(error, on: self.writer.connection) else { throw error }
            let result = try self.writer.writeIsolatingRejects(batch, batchID: batchID, error: error)
            if !events.isEmpty {
                // The readings were isolated row by row; the events follow in their own transaction
                // under an id in a separate space (bit 62 set: batch ids are microsecond times < 2^52).
                _ = try self.writer.write([], events: events, batchID: batchID | (1 << 62))
            }
            return result.alreadyCommitted ? .alreadyCommitted : .deadLettered(rows: result.deadLettered)
        }
    }

    func reconnect() throws {
        try self.writer.connection.reset()
    }

    func committedWriteAheadRanges(logID: Int64, from: UInt64) throws -> [ClosedRange<UInt64>] {
        try self.writer.committedWriteAheadRanges(logID: logID, from: from)
    }

    func maintain() throws {
        _ = try self.maintainer?.run(on: self.writer.connection, now: WriterLoop.wallClockNow())
        try self.ledgerRetention?.run(
            on: self.writer.connection, writeAheadLogID: self.writeAhead?.id, oldestLogged: self.writeAhead?.oldestSequence)
    }
}
