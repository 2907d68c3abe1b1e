import RTLSCore
import RTLSPostgres

/// The production ``BatchSink``: the writer thread's one libpq connection.
final class DatabaseSink: BatchSink {
    private let writer: ReadingBatchWriter
    private let maintainer: PartitionMaintainer?

    init(connection: PGConnection, config: DaemonConfig, storage: Storage) {
        self.writer = ReadingBatchWriter(connection: connection)
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

    func write(_ batch: [Reading], batchID: Int64) throws {
        _ = try self.writer.write(batch, batchID: batchID)
    }

    func reconnect() throws {
        try self.writer.connection.reset()
    }

    func maintain() throws {
        _ = try self.maintainer?.run(on: self.writer.connection, now: WriterLoop.wallClockNow())
    }
}
