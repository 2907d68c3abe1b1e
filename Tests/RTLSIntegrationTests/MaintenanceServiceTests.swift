import Foundation
import Logging
import RTLSCore
import RTLSDaemon
import RTLSMQTT
import RTLSPostgres
import Synchronization
import Testing

/// The maintenance service of an in-process daemon against the real broker and database (the
/// partitioned storage, as CI has no TimescaleDB): `[database] retention_*_days` and
/// `ledger_retention_days` take effect, and maintenance works on a connection of its own, so the
/// writer keeps committing while maintenance is stuck.
@Suite(.serialized) struct MaintenanceServiceTests {
    private static let utcDay: DateFormatter = {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd"
        return f
    }()

    private static func partition(_ table: String, daysAgo: Int) -> String {
        "\(table)_p\(Self.utcDay.string(from: Date().addingTimeInterval(-Double(daysAgo) * 86_400)))"
    }

    @Test func retentionDaysDropOldPartitionsAndTheLedgerIsPruned() async throws {
        guard let env = TestEnvironment.load("maintenanceRetention") else { return }
        let conninfo = try env.freshDatabase("maint_ret")
        let db = try PGConnection(conninfo: conninfo)
        _ = try MigrationRunner(catalog: try MigrationCatalog(directory: "\(env.repo)/sql"), mode: .off).run(on: db)
        // Days 10, 5 and 2 ago, with a row each; one more 20 days ago lands in the default partition.
        for days in [10, 5, 2] {
            try db.query(
                "SELECT rtls_create_daily_partition('location_readings', (now() AT TIME ZONE 'UTC')::date - $1::int)",
                [String(days)])
        }
        try db.execute(
            """
            INSERT INTO location_readings (time, received_at, tag_id, kind, flags)
            SELECT now() - d * interval '1 day', now(), 1, 1, 0 FROM unnest(ARRAY[10, 5, 2, 20]) AS d;
            INSERT INTO ingest_batches (instance, batch_id, committed_at, location_rows, sensor_rows)
            VALUES ('maint-it', 1, now() - interval '40 days', 1, 0), ('maint-it', 2, now() - interval '40 days', 1, 0),
                   ('maint-it', 3, now() - interval '1 day', 1, 0)
            """)
        let old = [Self.partition("location_readings", daysAgo: 10), Self.partition("location_readings", daysAgo: 5)]
        let kept = Self.partition("location_readings", daysAgo: 2)
        let exists = { (name: String) throws -> Bool in
            try db.query("SELECT to_regclass($1) IS NOT NULL", [name]).first?.first == "t"
        }
        #expect(try old.allSatisfy(exists) && exists(kept))

        var logger = Logger(label: "rtlsd-test")
        logger.logLevel = .error
        let daemon = try await Daemon.prepare(
            config: try env.config(
                conninfo: conninfo, clientID: "rtlsd-it-maint-\(UInt32.random(in: 0...UInt32.max))",
                topic: "rtls-maint-ret/+gateway/readings",
                database: """
                    instance = "maint-it"
                    retention_location_days = 3
                    ledger_retention_days = 30
                    """),
            logger: logger, handleSignals: false)
        async let finished = daemon.run()
        // The first pass runs at start.
        #expect(try await eventually(timeout: .seconds(20)) { try !old.contains(where: exists) })
        #expect(try exists(kept))
        #expect(try db.scalar("SELECT count(*) FROM location_readings") == 1)
        #expect(try db.query("SELECT batch_id FROM ingest_batches ORDER BY batch_id") == [["3"]])
        await daemon.shutdown()
        _ = try await finished
    }

    /// Maintenance's backend while it waits for the partition lock (a session holds it).
    static let waiting = """
        SELECT pid, query_start FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = 'rtlsd-maintenance'
          AND wait_event_type = 'Lock' AND wait_event = 'advisory'
        """

    /// A daemon whose maintenance will wait on the partition lock (held by `holder`) with a
    /// 120 s lock timeout: the writer has connected, migrated and created its partitions first.
    static func daemonWithMaintenanceBlocked(
        _ env: TestEnvironment, name: String, topic: String
    ) async throws -> (daemon: Daemon, holder: PGConnection, watch: PGConnection) {
        let conninfo = try env.freshDatabase("maint_\(name)")
        var logger = Logger(label: "rtlsd-test")
        logger.logLevel = .error
        let daemon = try await Daemon.prepare(
            config: try env.config(
                conninfo: conninfo, clientID: "rtlsd-it-maint-\(name)-\(UInt32.random(in: 0...UInt32.max))",
                topic: "\(topic)/+gateway/readings",
                database: """
                    job_check_interval = "1s"
                    maintenance_interval = "1s"
                    maintenance_lock_timeout = "120s"
                    """),
            logger: logger, handleSignals: false)
        let holder = try PGConnection(conninfo: conninfo)
        try holder.query("SELECT pg_advisory_lock(hashtext('rtlsd.partitions'))")
        return (daemon, holder, try PGConnection(conninfo: conninfo))
    }

    @Test func theWriterKeepsCommittingWhileMaintenanceWaitsOnItsOwnConnection() async throws {
        guard let env = TestEnvironment.load("maintenanceOffTheWriter") else { return }
        let topic = "rtls-maint-busy"
        let (daemon, holder, watch) = try await Self.daemonWithMaintenanceBlocked(env, name: "busy", topic: topic)
        async let finished = daemon.run()
        #expect(try await eventually(timeout: .seconds(15)) { daemon.stats.brokerUp.load(ordering: .relaxed) })
        #expect(try await eventually(timeout: .seconds(15)) { try !watch.query(Self.waiting).isEmpty })
        let blocked = try watch.query(Self.waiting)

        let publisher = try await env.publisher("maint-busy")
        let baseMs = Int64(Date().timeIntervalSince1970 * 1000)
        for message in 0..<20 {
            let items = (0..<50).map { i in
                "{\"ts\":\(baseMs + Int64(message * 50 + i)),\"tag\":\"mb-\(i)\",\"kind\":\"ble\",\"rssi\":-60}"
            }
            try publisher.publish(topic: "\(topic)/gw-1/readings", text: "[" + items.joined(separator: ",") + "]")
        }
        #expect(await publisher.waitForPublishes(timeout: .seconds(30)))
        publisher.stop()
        #expect(try await eventually(timeout: .seconds(30)) { try watch.scalar("SELECT count(*) FROM location_readings") == 1000 })
        // Counted just after the commit returns, so a moment after the rows are visible.
        #expect(try await eventually(timeout: .seconds(5)) { daemon.stats.batchesWritten.load(ordering: .relaxed) >= 1 })
        // Maintenance was waiting the whole time: the same backend, the same statement.
        #expect(try watch.query(Self.waiting) == blocked)

        try holder.query("SELECT pg_advisory_unlock(hashtext('rtlsd.partitions'))")
        #expect(try await eventually(timeout: .seconds(15)) { try watch.query(Self.waiting).isEmpty })
        await daemon.shutdown()
        _ = try await finished
    }

    /// A stop cancels the statement maintenance is waiting in (here a partition DDL behind a lock,
    /// with a 120 s lock timeout; a `CALL run_job` of a compression policy can take as long): the
    /// daemon stops in seconds, not when the statement ends.
    @Test func aStopCancelsTheMaintenanceStatementInProgress() async throws {
        guard let env = TestEnvironment.load("maintenanceCancelledByStop") else { return }
        let (daemon, holder, watch) = try await Self.daemonWithMaintenanceBlocked(env, name: "stop", topic: "rtls-maint-stop")
        async let finished = daemon.run()
        #expect(try await eventually(timeout: .seconds(15)) { try !watch.query(Self.waiting).isEmpty })
        let clock = ContinuousClock()
        let began = clock.now
        await daemon.shutdown()
        _ = try await finished
        let took = clock.now - began
        // Without the cancel the stop waits for the lock (held here for good) until lock_timeout, 120 s.
        #expect(took < .seconds(30), "the stop took \(took)")
        #expect(try await eventually(timeout: .seconds(5)) { try watch.query(Self.waiting).isEmpty })
        try holder.query("SELECT pg_advisory_unlock(hashtext('rtlsd.partitions'))")
    }
}
