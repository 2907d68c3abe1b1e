import Foundation
public import Logging
import RTLSCore
import RTLSPostgres
import Synchronization

/// The maintenance thread's loop, on a libpq connection of its own (never the writer's):
///
/// - every ``MaintenanceSettings/interval`` (and at start) a *pass*: with the partitioned storage,
///   daily partitions created ahead and those older than `retention_*_days` dropped
///   (``PartitionMaintainer``); with TimescaleDB, the retention policies set to those days
///   (``TimescaleRetention``); then the `ingest_batches` ledger pruned (``LedgerRetention``);
/// - every ``MaintenanceSettings/jobCheckInterval`` with TimescaleDB, a *job check*: which policy
///   jobs fail in the background worker (a log line when one starts or stops failing, gauges, and
///   `/ready`), and, with `run_failed_jobs`, `CALL run_job` for each failing job once per its
///   schedule interval (see `MaintenanceLoop+Jobs.swift`).
///
/// A failed pass is retried at the next job check. The session's `lock_timeout` bounds how long a
/// partition DDL may wait for its lock: the writer's COPY would queue behind a waiting DDL, so a
/// long analyst query makes the pass fail and retry rather than stall the writer.
///
/// - Important: `run` blocks; call it on a dedicated thread. Other threads only call ``requestStop()``.
public final class MaintenanceLoop: @unchecked Sendable {
    // SAFETY (@unchecked Sendable): every mutable property is touched only by the thread running
    // `run`; other threads call `requestStop`, which writes an atomic.
    let settings: MaintenanceSettings
    let stats: MaintenanceStats
    let logger: Logger
    /// The write-ahead log, whose oldest sequence bounds the ledger prune (thread-safe reads).
    private let writeAhead: WriteAheadLog?
    private let stopping = Atomic<Bool>(false)
    private let clock = ContinuousClock()
    private var connection: PGConnection?
    /// Cancels the connection's statement in progress when a stop is asked for (from another thread).
    private let canceller = Mutex<PGCancelHandle?>(nil)
    private var unreachableLogged = false
    var storage: Storage?
    private var lastPass: ContinuousClock.Instant?
    private var passFailed = false
    /// Per failing job: when rtlsd last ran it and whether that run succeeded.
    var ownRuns: [Int: (at: ContinuousClock.Instant, ok: Bool)] = [:]
    /// Jobs reported failing in the log (a line when one starts failing and when it recovers).
    var reportedFailing: Set<Int> = []

    /// Creates the loop.
    /// - Parameters:
    ///   - writeAhead: the write-ahead log, if any: its ledger ranges still needed are kept.
    public init(settings: MaintenanceSettings, stats: MaintenanceStats, writeAhead: WriteAheadLog?, logger: Logger) {
        self.settings = settings
        self.stats = stats
        self.writeAhead = writeAhead
        self.logger = logger
    }

    /// Asks ``run()`` to return, cancelling the statement in progress (if any: a `CALL run_job` of
    /// a compression policy can take minutes), so a stop never waits for maintenance.
    public func requestStop() {
        self.stopping.store(true, ordering: .releasing)
        if let handle = self.canceller.withLock({ $0 }) {
            let result = handle.cancelStatement()
            if !result.sent {
                self.logger.debug("Maintenance statement not cancelled", metadata: [LogKey.errorMessage: "\(result.reason)"])
            }
        }
    }

    /// `true` once a stop was asked for (a statement failing then was most likely cancelled by it).
    var isStopping: Bool { self.stopping.load(ordering: .acquiring) }

    /// Runs passes and job checks until ``requestStop()``.
    public func run() {
        while !self.stopping.load(ordering: .acquiring) {
            let next = self.tick()
            self.sleep(next)
        }
        self.setConnection(nil)
    }

    /// One turn: connect if needed, a pass if one is due, a job check with TimescaleDB.
    /// - Returns: how long to wait before the next turn.
    func tick() -> Duration {
        guard let connection = self.connect() else { return min(self.settings.jobCheckInterval, .seconds(5)) }
        if self.storage == nil {
            do {
                self.storage = try MigrationRunner.storage(of: connection)
            } catch {
                self.failed(error, on: connection)
                return min(self.settings.jobCheckInterval, .seconds(5))
            }
            // Not migrated yet: the writer applies the migrations when it connects.
            guard let storage = self.storage else { return min(self.settings.jobCheckInterval, .seconds(2)) }
            self.stats.storage.store(storage == .timescaledb ? 2 : 1, ordering: .relaxed)
        }
        if self.passFailed || self.lastPass.map({ self.clock.now - $0 >= self.settings.interval }) ?? true {
            do {
                self.passFailed = true
                try self.pass(on: connection)
                self.passFailed = false
                self.lastPass = self.clock.now
            } catch {
                self.failed(error, on: connection)
            }
        }
        // Job health is read even when the pass failed (a lock timeout must not hide failing jobs).
        if self.storage == .timescaledb, connection.isConnected {
            do {
                try self.checkJobs(on: connection)
            } catch {
                self.failed(error, on: connection)
            }
        }
        return self.settings.jobCheckInterval
    }

    /// Sets the connection and the handle that cancels its statements.
    private func setConnection(_ connection: PGConnection?) {
        self.connection = connection
        self.canceller.withLock { $0 = connection?.cancelHandle() }
    }

    private func failed(_ error: any Error, on connection: PGConnection) {
        if self.isStopping {
            self.logger.notice("Maintenance statement cancelled by the stop", metadata: [LogKey.errorMessage: "\(error)"])
            return
        }
        self.stats.failures.add(1, ordering: .relaxed)
        self.logger.warning(
            "Database maintenance failed; retried at the next job check",
            metadata: [
                LogKey.errorMessage: "\(error)",
                "maintenance.retry_s": "\(self.settings.jobCheckInterval.components.seconds)",
            ])
        if !connection.isConnected { self.setConnection(nil) }
    }

    /// Partitions and retention for the storage in use, then the ledger.
    private func pass(on connection: PGConnection) throws(DatabaseError) {
        let started = self.clock.now
        var metadata: Logger.Metadata = ["db.storage": "\(self.storage.map { "\($0)" } ?? "unknown")"]
        switch self.storage {
        case .partitioned:
            let report = try PartitionMaintainer(
                configuration: .init(
                    daysAhead: self.settings.partitionsAheadDays, retentionDays: self.settings.retentionDays)
            ).run(on: connection, now: DaemonClock.now())
            self.stats.partitionsCreated.add(UInt64(report.created.count), ordering: .relaxed)
            self.stats.partitionsDropped.add(UInt64(report.dropped), ordering: .relaxed)
            metadata["partitions.created"] = "\(report.created.count)"
            metadata["partitions.dropped"] = "\(report.dropped)"
        case .timescaledb:
            let changes = try TimescaleRetention(retentionDays: self.settings.retentionDays).run(on: connection)
            self.stats.retentionPoliciesSet.add(UInt64(changes.count), ordering: .relaxed)
            for change in changes {
                self.logger.notice(
                    "TimescaleDB retention policy set from [database] retention_*_days",
                    metadata: [
                        "db.table": "\(change.table)", "job.id": "\(change.jobID)",
                        "retention.before": "\(change.before ?? "none")", "retention.days": "\(change.days)",
                    ])
            }
            metadata["retention.policies_set"] = "\(changes.count)"
        case nil:
            return
        }
        if self.settings.ledgerRetentionDays > 0 {
            let deleted = try LedgerRetention(days: self.settings.ledgerRetentionDays).run(
                on: connection, instance: self.settings.instance, writeAheadLogID: self.writeAhead?.id,
                // The row covering the number just before the log's oldest stays too: after a failover
                // it shows that nothing before the failover window is missing (WriteAheadBacklog+Failover).
                oldestLogged: self.writeAhead.map { $0.oldestSequence > 1 ? $0.oldestSequence - 1 : $0.oldestSequence })
            self.stats.ledgerRowsDeleted.add(UInt64(deleted), ordering: .relaxed)
            metadata["ledger.deleted"] = "\(deleted)"
        }
        self.stats.passes.add(1, ordering: .relaxed)
        self.stats.lastPassUnixSeconds.store(DaemonClock.now().microseconds / 1_000_000, ordering: .relaxed)
        let ms = (self.clock.now - started).components
        metadata["maintenance.ms"] = "\(ms.seconds * 1000 + ms.attoseconds / 1_000_000_000_000_000)"
        self.logger.info("Database maintenance done", metadata: metadata)
    }

    /// The service's connection, opened (with its session settings) when there is none.
    private func connect() -> PGConnection? {
        if let connection = self.connection, connection.isConnected { return connection }
        self.setConnection(nil)
        do {
            let connection = try PGConnection(conninfo: self.settings.conninfo)
            let ms = self.settings.lockTimeout.components
            let lockTimeout = ms.seconds * 1000 + ms.attoseconds / 1_000_000_000_000_000
            try connection.execute(
                "SET application_name = 'rtlsd-maintenance'; SET lock_timeout = \(lockTimeout)",
                operation: "setting up the maintenance session")
            self.setConnection(connection)
            if self.unreachableLogged {
                self.unreachableLogged = false
                self.logger.notice("Maintenance connection to the database back")
            }
            return connection
        } catch {
            self.stats.failures.add(1, ordering: .relaxed)
            if !self.unreachableLogged {
                self.unreachableLogged = true
                self.logger.warning(
                    "Maintenance cannot reach the database; retrying (the writer is not affected)",
                    metadata: [LogKey.errorMessage: "\(error)"])
            }
            return nil
        }
    }

    /// Waits `duration`, returning early once a stop is requested.
    private func sleep(_ duration: Duration) {
        let deadline = self.clock.now.advanced(by: duration)
        while !self.stopping.load(ordering: .acquiring), self.clock.now < deadline {
            let left = min(deadline - self.clock.now, .milliseconds(100))
            Thread.sleep(forTimeInterval: Double(left.components.attoseconds) / 1e18 + Double(left.components.seconds))
        }
    }
}
