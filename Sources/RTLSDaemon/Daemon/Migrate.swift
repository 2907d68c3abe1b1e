public import Logging
import RTLSPostgres

/// `rtlsd migrate`: applies the migrations and reports what ran.
public enum Migrate {
    /// Applies pending migrations and returns a one-line summary.
    /// - Throws: `ConfigError` for an unreadable password file, or the database's error.
    public static func run(config: DaemonConfig, logger: Logger) throws -> String {
        let sink = try DatabaseSink(
            conninfo: try config.databaseConninfo(environment: currentEnvironment()), config: config, logger: logger)
        try sink.connect(claimingInstance: false)
        let report = (applied: sink.applied, storage: sink.storage.map { "\($0)" } ?? "unknown")
        let applied = report.applied.map(\.fileName)
        return applied.isEmpty
            ? "schema up to date (storage: \(report.storage)); nothing to apply"
            : "applied \(applied.count) migration(s) (storage: \(report.storage)): \(applied.joined(separator: ", "))"
    }
}
