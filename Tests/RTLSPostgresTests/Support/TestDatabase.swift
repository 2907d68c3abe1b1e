import Foundation
import RTLSPostgres

/// A private schema in the test database for one test, reached through `RTLSD_TEST_PG_DSN`.
///
/// Each test gets its own schema (first in `search_path`, then `public` where extensions live), so
/// tests run in parallel without seeing each other's tables; the schema is dropped afterwards.
/// Without the variable the test prints one `SKIP:` line and does nothing.
enum TestDatabase {
    /// The repository's `sql/` folder, found from this file's path.
    static var migrationsDirectory: String {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }  // Support, RTLSPostgresTests, Tests, <repo>
        return url.appendingPathComponent("sql").path
    }

    static var dsn: String? {
        guard let dsn = ProcessInfo.processInfo.environment["RTLSD_TEST_PG_DSN"], !dsn.isEmpty else { return nil }
        return dsn
    }

    /// Runs `body` with a connection whose `search_path` is a fresh schema; prints SKIP without a DSN.
    static func withSchema(
        _ test: String = #function, _ body: (PGConnection, String) throws -> Void
    ) throws {
        guard let dsn = Self.dsn else {
            print("SKIP: \(test): RTLSD_TEST_PG_DSN is not set")
            return
        }
        let schema = "t_\(UInt64.random(in: 0...UInt64.max))"
        let admin = try PGConnection(conninfo: dsn)
        try admin.execute("CREATE SCHEMA \(schema)")
        defer { try? admin.execute("DROP SCHEMA \(schema) CASCADE") }
        let connection = try PGConnection(conninfo: "\(dsn) options='-c search_path=\(schema),public'")
        try body(connection, schema)
    }

    /// `withSchema` plus the migrations applied (partitioned storage unless told otherwise).
    static func withMigratedSchema(
        _ test: String = #function, mode: TimescaleDBMode = .off, _ body: (PGConnection, String) throws -> Void
    ) throws {
        try Self.withSchema(test) { connection, schema in
            let catalog = try MigrationCatalog(directory: Self.migrationsDirectory)
            _ = try MigrationRunner(catalog: catalog, mode: mode).run(on: connection)
            try body(connection, schema)
        }
    }
}
