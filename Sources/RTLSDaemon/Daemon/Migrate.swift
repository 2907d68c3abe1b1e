public import Logging
import RTLSPostgres

/// `rtlsd migrate`: applies the migrations and reports what ran.
public enum Migrate {
    /// Applies pending migrations and returns a one-line summary.
    /// - Throws: `ConfigError` for an unreadable password file, or the database's error.
    public static func run(config: DaemonConfig, logger: Logger) throws -> String {
        let connection = try PGConnection(conninfo: try config.databaseConninfo(environment: currentEnvironment()))
        let report = try MigrationRunner(
            catalog: try MigrationCatalog(directory: config.database.migrationsDirectory), mode: config.timescaleMode
        ).run(on: connection)
        if report.storage == .partitioned {
            _ = try DatabaseSink(connection: connection, config: config, storage: report.storage).maintain()
        }
        let applied = report.applied.map(\.fileName)
        return applied.isEmpty
            ? "schema up to date (storage: \(report.storage)); nothing to apply"
            : "applied \(applied.count) migration(s) (storage: \(report.storage)): \(applied.joined(separator: ", "))"
    }
}
