import Foundation
import Logging
import RTLSCore
import RTLSPostgres

/// The production ``BatchSink``: the writer thread's one libpq connection.
///
/// The connection is made by ``connect(claimingInstance:)`` — at start if PostgreSQL answers, else
/// by the writer's first retry — and each time it brings the schema up to date (migrations under
/// their advisory lock, so several daemons may start at once), claims the instance identity (a
/// second live rtlsd with the same `[database] instance` is refused), reads the ledger's highest id
/// for the instance, and creates partitions ahead (partitioned storage). Until then every call fails
/// as "not connected", which the writer treats like an outage: readings stay in the write-ahead log
/// (or the spool). Everything periodic (partitions ahead, retention, ledger pruning, TimescaleDB
/// jobs) is the ``MaintenanceLoop``'s, on a connection of its own.
final class DatabaseSink: BatchSink {
    private let conninfo: String
    private let catalog: MigrationCatalog
    private let config: DaemonConfig
    private let writeAhead: WriteAheadLog?
    let logger: Logger
    private var writer: ReadingBatchWriter?
    private var floor: Int64?
    /// How the time series are stored, known once connected.
    private(set) var storage: Storage?
    /// The migrations the last ``connect(claimingInstance:)`` applied.
    private(set) var applied: [MigrationRunner.Applied] = []
    /// Counters for unknown gateways/zones and the reference cache (see `DatabaseSink+References`).
    let stats: PipelineStats?
    /// The allow-lists; read once per batch.
    let policy: ReferencePolicySource
    var policyGeneration: UInt64 = 0
    /// One line per unknown gateway or zone name per minute.
    var unknownLimiter = RateLimiter<String>(maxKeys: 1_000)
    /// Evictions of the current writer's cache already added to `stats`.
    var evictionsReported: UInt64 = 0
    var cacheBoundLogged = false
    /// The site model kept in the reference tables (see `DatabaseSink+Facility`).
    let site: SiteSource
    var siteGeneration: UInt64 = 0
    /// When this instance last wrote its `rtlsd_instance_status` row, and the backlog it showed.
    var statusWrittenAt: ContinuousClock.Instant?
    var statusBacklog: UInt64 = 0
    let startedAt = DaemonClock.now()
    /// The host name for `rtlsd_instance_status.host`, read once.
    let host = DaemonConfig.defaultInstance
    /// `false` for the writer's second connection (`[writer] connections = 2`): the first one holds
    /// the instance identity, reads the ledger floor and writes the status row.
    let isPrimary: Bool

    init(
        conninfo: String, config: DaemonConfig, writeAhead: WriteAheadLog? = nil, logger: Logger,
        stats: PipelineStats? = nil, policy: ReferencePolicySource = ReferencePolicySource(), site: SiteSource? = nil,
        isPrimary: Bool = true
    ) throws {
        self.isPrimary = isPrimary
        self.site = site ?? SiteSource(SiteSource.record(config: config, site: nil))
        self.stats = stats
        self.policy = policy
        self.conninfo = conninfo
        self.catalog = try MigrationCatalog(directory: config.database.migrationsDirectory)
        self.config = config
        self.writeAhead = writeAhead
        self.logger = logger
    }

    /// The instance name ledger rows carry.
    var instance: String { self.config.database.instance }

    /// Connects, applies pending migrations, claims the instance (unless `claimingInstance` is
    /// false: `rtlsd migrate`), reads the ledger floor and creates today's partitions and those ahead
    /// (so the first batches do not land in the default partition; nothing is dropped here).
    /// - Throws: ``DatabaseError``: transient ones (unreachable) mean "try again later";
    ///   `instanceInUse`, migration and storage errors need a person.
    func connect(claimingInstance: Bool = true) throws {
        let connection = try PGConnection(conninfo: self.conninfo)
        let report = try MigrationRunner(catalog: self.catalog, mode: self.config.timescaleMode).run(on: connection)
        let writer = ReadingBatchWriter(
            connection: connection, instance: self.instance, writeAheadLogID: self.writeAhead?.id,
            tagCacheCapacity: self.config.database.referenceCacheEntries)
        (self.policyGeneration, self.evictionsReported, self.siteGeneration) = (0, 0, 0)
        if claimingInstance {
            if self.isPrimary { try self.claim(on: writer) }
            try self.syncSite(on: writer)
        }
        self.storage = report.storage
        self.applied = report.applied
        self.writer = writer
        guard self.isPrimary else {
            return self.logger.info("Second writer connection ready", metadata: ["db.instance": "\(self.instance)"])
        }
        self.logger.info(
            "Database schema ready",
            metadata: [
                "db.storage": "\(report.storage)", "migrations.applied": "\(report.applied.count)",
                "db.instance": "\(self.instance)",
            ])
        if report.storage == .partitioned {
            _ = try PartitionMaintainer(
                configuration: .init(daysAhead: self.config.database.partitionsAheadDays, retentionDays: [:])
            ).run(on: connection, now: DaemonClock.now())
        }
    }

    /// How long a start waits for the instance identity before refusing (see ``claim(on:)``).
    static let claimPatience: Duration = .seconds(5)

    /// Takes the instance identity on `writer`'s session and reads the ledger floor.
    private func claim(on writer: ReadingBatchWriter) throws {
        // A daemon restarted right after a crash or SIGKILL can find its previous session still
        // holding the identity for a moment (the server has not yet seen that client go): retry for
        // a few seconds before taking it for another running rtlsd.
        var claimed = try writer.claimInstance()
        let deadline = ContinuousClock.now.advanced(by: Self.claimPatience)
        if !claimed {
            self.logger.notice(
                "Instance identity held by another session; waiting briefly in case it is this instance's previous run, just ended",
                metadata: ["db.instance": "\(self.instance)", "wait.s": "\(Self.claimPatience.components.seconds)"])
        }
        while !claimed, ContinuousClock.now < deadline {
            Thread.sleep(forTimeInterval: 0.1)
            claimed = try writer.claimInstance()
        }
        guard claimed else {
            let error = DatabaseError(
                .instanceInUse, endpoint: writer.connection.endpoint, operation: "claiming the instance identity",
                serverMessage: "another running rtlsd uses [database] instance = \"\(self.instance)\"; "
                    + "give each daemon writing to this database its own instance name")
            self.logger.critical("\(error)", metadata: [LogKey.errorCode: "\(error.code)"])
            throw error
        }
        self.floor = try writer.highestBatchID()
    }

    /// Writes the batch; when PostgreSQL refuses it for good (it answered with a non-transient
    /// SQLSTATE such as a CHECK violation), the batch is bisected so the refused rows alone go to
    /// `dead_letter` and the rest is stored: one bad row never blocks the writer or the spool.
    func write(_ batch: [Reading], events: EngineOutput, batchID: Int64) throws -> BatchOutcome {
        let writer = try self.connected()
        self.applyPolicy(to: writer)
        try self.syncSite(on: writer)
        defer { self.report(writer) }
        var committed = 0
        defer { if self.isPrimary { self.reportStatus(on: writer, committedNow: committed) } }
        do {
            let result = try writer.write(batch, events: events, batchID: batchID)
            if result.idInUse { return .idInUse }
            committed = batch.count
            return result.alreadyCommitted ? .alreadyCommitted : .stored
        } catch {
            guard ReadingBatchWriter.isPermanent(error, on: writer.connection) else { throw error }
            // The readings are isolated row by row; the events go with the batch's own ledger row.
            let result = try writer.writeIsolatingRejects(batch, events: events, batchID: batchID, error: error)
            return result.alreadyCommitted ? .alreadyCommitted : .deadLettered(rows: result.deadLettered)
        }
    }

    func reconnect() throws {
        guard let writer = self.writer else { return try self.connect() }
        try writer.connection.reset()
        // A new session: the identity's advisory lock went with the old one.
        if self.isPrimary { try self.claim(on: writer) }
        // It may be another server (a promoted standby): write the site again.
        self.siteGeneration = 0
        try self.syncSite(on: writer)
    }

    func committedWriteAheadRanges(logID: Int64, from: UInt64) throws -> [ClosedRange<UInt64>] {
        try self.connected().committedWriteAheadRanges(logID: logID, from: from)
    }

    func highestWriteAheadNumber(logID: Int64, below: UInt64) throws -> UInt64? {
        try self.connected().highestWriteAheadNumber(logID: logID, below: below)
    }

    func highestBatchID() throws -> Int64 {
        try self.connected().highestBatchID()
    }

    func writeRecoveredEvents(_ events: EngineOutput) throws -> (alerts: Int, zoneEvents: Int) {
        let counts = try self.connected().writeMissingEvents(events)
        return (counts.alerts, counts.zoneEvents)
    }

    func takeLedgerFloor() -> Int64? {
        defer { self.floor = nil }
        return self.floor
    }

    private func connected() throws(DatabaseError) -> ReadingBatchWriter {
        guard let writer = self.writer else {
            throw DatabaseError(
                .connectionFailed, operation: "writing", serverMessage: "not connected yet (PostgreSQL unreachable)")
        }
        return writer
    }
}
