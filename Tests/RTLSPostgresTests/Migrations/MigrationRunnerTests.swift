import Foundation
import RTLSPostgres
import Synchronization
import Testing

@Suite("MigrationRunner")
struct MigrationRunnerTests {
    @Test("applies every migration once; the second run is a no-op")
    func appliesOnce() throws {
        try TestDatabase.withSchema { connection, _ in
            let catalog = try MigrationCatalog(directory: TestDatabase.migrationsDirectory)
            let runner = MigrationRunner(catalog: catalog, mode: .off)
            let first = try runner.run(on: connection)
            #expect(first.storage == .partitioned)
            #expect(first.applied.map(\.version) == catalog.steps.map(\.version))
            #expect(first.applied.contains { $0.fileName == "003_timeseries.partitioned.sql" })
            let second = try runner.run(on: connection)
            #expect(second.applied.isEmpty)
            #expect(second.storage == .partitioned)
            #expect(try MigrationRunner.storage(of: connection) == .partitioned)
            let recorded = try connection.query("SELECT version, variant, length(checksum) FROM schema_migrations")
            #expect(recorded.count == catalog.steps.count)
            #expect(recorded.contains { $0 == ["3", "partitioned", "32"] })
            // The tables exist and are partitioned with a DEFAULT partition.
            let partitioned = try connection.query(
                """
                SELECT c.relname FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid
                WHERE c.relnamespace = current_schema()::regnamespace ORDER BY 1
                """
            ).compactMap { $0[0] }
            #expect(partitioned == [
                "alert_actions", "alerts", "location_readings", "sensor_readings", "usage_logs", "zone_events",
            ])
            #expect(try connection.query("SELECT to_regclass('location_readings_default') IS NOT NULL") == [["t"]])
        }
    }

    @Test("auto picks partitions when TimescaleDB is not offered; on then fails with storageUnavailable")
    func storageChoice() throws {
        try TestDatabase.withSchema { connection, _ in
            let catalog = try MigrationCatalog(directory: TestDatabase.migrationsDirectory)
            if try MigrationRunner.timescaleDBAvailable(on: connection) {
                print("SKIP: storageChoice: this server offers TimescaleDB (covered by timescaleDBVariant)")
                return
            }
            let error = try #require(throws: DatabaseError.self) {
                try MigrationRunner(catalog: catalog, mode: .on).run(on: connection)
            }
            #expect(error.code == .storageUnavailable)
            #expect(try MigrationRunner(catalog: catalog, mode: .auto).run(on: connection).storage == .partitioned)
        }
    }

    @Test("the TimescaleDB variant applies where the extension exists")
    func timescaleDBVariant() throws {
        try TestDatabase.withSchema { connection, _ in
            guard try MigrationRunner.timescaleDBAvailable(on: connection) else {
                print("SKIP: timescaleDBVariant: the server does not offer the timescaledb extension")
                return
            }
            let catalog = try MigrationCatalog(directory: TestDatabase.migrationsDirectory)
            let report = try MigrationRunner(catalog: catalog, mode: .on).run(on: connection)
            #expect(report.storage == .timescaledb)
            #expect(try MigrationRunner.storage(of: connection) == .timescaledb)
            let hypertables = try connection.query(
                "SELECT hypertable_name FROM timescaledb_information.hypertables "
                    + "WHERE hypertable_schema = current_schema() ORDER BY 1"
            ).compactMap { $0[0] }
            #expect(hypertables == [
                "alert_actions", "alerts", "location_readings", "sensor_readings", "usage_logs", "zone_events",
            ])
            let jobs = try connection.query(
                "SELECT proc_name, count(*) FROM timescaledb_information.jobs "
                    + "WHERE hypertable_schema = current_schema() GROUP BY 1 ORDER BY 1")
            #expect(
                jobs == [
                    ["policy_compression", "4"], ["policy_refresh_continuous_aggregate", "2"],
                    ["policy_retention", "4"],
                ])
            // The policies start at once in the background; a job still running when the schema is
            // dropped makes DROP SCHEMA fail ("tuple concurrently deleted") and leaves it behind.
            try connection.execute(
                "SELECT delete_job(job_id) FROM timescaledb_information.jobs "
                    + "WHERE hypertable_schema = current_schema()")
        }
    }

    @Test("the TimescaleDB check works for a role that may not read shared_preload_libraries")
    func availabilityAsUnprivilegedRole() throws {
        try TestDatabase.withSchema { connection, schema in
            let asAdmin = try MigrationRunner.timescaleDBAvailable(on: connection)
            let role = "r_\(schema)"
            try connection.execute("CREATE ROLE \(role) NOLOGIN")
            defer { try? connection.execute("RESET ROLE; DROP ROLE \(role)") }
            try connection.execute("SET ROLE \(role)")
            let error = try #require(throws: DatabaseError.self) {
                try connection.query("SELECT current_setting('shared_preload_libraries')")
            }
            #expect(error.sqlState == "42501")
            #expect(try MigrationRunner.timescaleDBAvailable(on: connection) == asAdmin)
        }
    }

    @Test("a failing migration rolls back and an edited applied migration is refused")
    func failureAndEdits() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rtls-mig-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        func write(_ name: String, _ sql: String) throws {
            try sql.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try TestDatabase.withSchema { connection, _ in
            try write("001_a.sql", "CREATE TABLE a (x int);")
            try write("002_b.sql", "CREATE TABLE b (x int); SELECT 1/0;")
            let error = try #require(throws: DatabaseError.self) {
                try MigrationRunner(catalog: MigrationCatalog(directory: dir.path), mode: .off).run(on: connection)
            }
            #expect(error.code == .migrationFailed)
            #expect(error.sqlState == "22012")
            #expect(error.description.contains("002_b.sql"))
            #expect(try connection.query("SELECT version FROM schema_migrations") == [["1"]])
            #expect(try connection.query("SELECT to_regclass('b') IS NULL") == [["t"]])

            try write("002_b.sql", "CREATE TABLE b (x int);")
            let fixed = try MigrationRunner(catalog: MigrationCatalog(directory: dir.path), mode: .off).run(
                on: connection)
            #expect(fixed.applied.map(\.version) == [2])

            try write("001_a.sql", "CREATE TABLE a (x bigint);")
            let edited = try #require(throws: DatabaseError.self) {
                try MigrationRunner(catalog: MigrationCatalog(directory: dir.path), mode: .off).run(on: connection)
            }
            #expect(edited.code == .migrationChanged)
        }
    }

    @Test("two runners at once: the advisory lock lets one apply everything and the other nothing")
    func concurrentRunners() throws {
        guard let dsn = TestDatabase.dsn else {
            print("SKIP: concurrentRunners: RTLSD_TEST_PG_DSN is not set")
            return
        }
        try TestDatabase.withSchema { _, schema in
            let results = Mutex<[Result<Int, DatabaseError>]>([])
            DispatchQueue.concurrentPerform(iterations: 2) { _ in
                let result = Result { () throws(DatabaseError) -> Int in
                    let connection = try PGConnection(conninfo: "\(dsn) options='-c search_path=\(schema),public'")
                    let catalog = try MigrationCatalog(directory: TestDatabase.migrationsDirectory)
                    return try MigrationRunner(catalog: catalog, mode: .off).run(on: connection).applied.count
                }
                results.withLock { $0.append(result) }
            }
            let counts = try results.withLock { try $0.map { try $0.get() } }.sorted()
            let steps = try MigrationCatalog(directory: TestDatabase.migrationsDirectory).steps.count
            #expect(counts == [0, steps])
        }
    }
}
