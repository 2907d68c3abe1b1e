import RTLSCore
import RTLSPostgres

/// The production ``BatchSink``: the writer thread's one libpq connection.
final class DatabaseSink: BatchSink {
    private var connection: PGConnection
    private let conninfo: String
    private var writer: ReadingBatchWriter
    private let maintainer: PartitionMaintainer?

    init(connection: PGConnection, conninfo: String, config: DaemonConfig, storage: Storage) throws {
        self.connection = connection
        self.conninfo = conninfo
        self.writer = ReadingBatchWriter()
        self.maintainer =
            storage == .partitioned
            ? PartitionMaintainer(
                daysAhead: config.database.partitionsAheadDays,
                retention: .init(
                    locationDays: config.database.retentionLocationDays, sensorDays: config.database.retentionSensorDays,
                    alertDays: config.database.retentionAlertDays))
            : nil
    }

    func write(_ batch: [Reading], batchID: Int64) throws {
        _ = try self.writer.write(batch, batchID: batchID, on: self.connection)
    }

    func reconnect() throws {
        self.writer.forgetCachedIDs()
        try self.connection.reset()
    }

    func maintain() throws {
        try self.maintainer?.run(on: self.connection)
    }
}
