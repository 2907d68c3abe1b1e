import RTLSPostgres
import Testing

/// ``TimescaleRetention`` and ``TimescaleJob`` against a server with TimescaleDB; each test prints
/// one SKIP line where the extension is not offered (the repository's CI).
@Suite("TimescaleDB maintenance")
struct TimescaleMaintenanceTests {
    /// `withSchema` with the TimescaleDB migrations, or nil after a SKIP line; the schema's jobs are
    /// deleted afterwards (a running job makes DROP SCHEMA fail).
    private static func withTimescaleSchema(_ test: String, _ body: (PGConnection) throws -> Void) throws {
        try TestDatabase.withSchema(test) { connection, _ in
            guard try MigrationRunner.timescaleDBAvailable(on: connection) else {
                print("SKIP: \(test): the server does not offer the timescaledb extension")
                return
            }
            let catalog = try MigrationCatalog(directory: TestDatabase.migrationsDirectory)
            _ = try MigrationRunner(catalog: catalog, mode: .on).run(on: connection)
            defer {
                _ = try? connection.execute(
                    "SELECT delete_job(job_id) FROM timescaledb_information.jobs WHERE hypertable_schema = current_schema()")
            }
            try body(connection)
        }
    }

    private static func dropAfter(_ table: String, on connection: PGConnection) throws -> [String?] {
        try connection.query(
            """
            SELECT config->>'drop_after' FROM timescaledb_information.jobs
            WHERE proc_name = 'policy_retention' AND hypertable_schema = current_schema() AND hypertable_name = $1
            """, [table]
        ).map { $0[0] }
    }

    @Test("retention_*_days replace the schema's 2/5/7-year policies; a second pass changes nothing")
    func retentionPoliciesFollowTheConfiguredDays() throws {
        try Self.withTimescaleSchema("retentionPoliciesFollowTheConfiguredDays") { connection in
            #expect(try Self.dropAfter("location_readings", on: connection) == ["2 years"])
            let retention = TimescaleRetention(retentionDays: ["location_readings": 30, "sensor_readings": 90])
            let changes = try retention.run(on: connection)
            #expect(changes.map(\.table) == ["location_readings", "sensor_readings"])
            #expect(changes.map(\.before) == ["2 years", "5 years"])
            #expect(try Self.dropAfter("location_readings", on: connection) == ["30 days"])
            #expect(try Self.dropAfter("sensor_readings", on: connection) == ["90 days"])
            #expect(try Self.dropAfter("alerts", on: connection) == ["7 years"])
            #expect(try retention.run(on: connection).isEmpty)
            // A table without a policy gets one.
            try connection.execute("SELECT remove_retention_policy('alerts')")
            let added = try TimescaleRetention(retentionDays: ["alerts": 400]).run(on: connection)
            #expect(added.count == 1 && added.first?.before == nil)
            #expect(try Self.dropAfter("alerts", on: connection) == ["400 days"])
        }
    }

    @Test("a policy job run from the session drops what the configured retention says")
    func runningTheRetentionJobDropsOldChunks() throws {
        try Self.withTimescaleSchema("runningTheRetentionJobDropsOldChunks") { connection in
            try connection.execute(
                """
                INSERT INTO location_readings (time, received_at, tag_id, kind, flags)
                SELECT now() - d * interval '1 day', now(), 1, 1, 0 FROM generate_series(1, 60) AS d
                """)
            _ = try TimescaleRetention(retentionDays: ["location_readings": 30]).run(on: connection)
            let schemaJobs = Set(
                try connection.query(
                    "SELECT job_id FROM timescaledb_information.jobs WHERE hypertable_schema = current_schema()"
                ).compactMap { $0[0].flatMap { Int($0) } })
            let jobs = try TimescaleJob.list(on: connection).filter { schemaJobs.contains($0.id) }
            #expect(jobs.count == 10)
            let retention = try #require(jobs.first { $0.procedure == "policy_retention" && $0.relation == "location_readings" })
            #expect(retention.scheduleSeconds == 86_400)
            #expect(try retention.run(on: connection))
            let oldest = try connection.query("SELECT min(time) > now() - interval '31 days' FROM location_readings")
            #expect(oldest == [["t"]])
            #expect(try connection.query("SELECT count(*) FROM location_readings") == [["30"]])
        }
    }
}
