/// Why a database operation failed.
///
/// A struct with an extensible ``Code`` (a new reason breaks no caller) plus context: the server it
/// concerns (`host:port/db`), what rtlsd was doing, the server's SQLSTATE and primary message. The
/// password, the conninfo string, query parameters and row values never go in here, so the
/// description is safe for journald.
public struct DatabaseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The reason, compared in tests and used as a metric label.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case connectionFailed = "connection_failed"
            case connectionLost = "connection_lost"
            case queryFailed = "query_failed"
            case copyFailed = "copy_failed"
            case transactionFailed = "transaction_failed"
            case unexpectedResult = "unexpected_result"
            case migrationFailed = "migration_failed"
            case migrationChanged = "migration_changed"
            case invalidMigrations = "invalid_migrations"
            case storageUnavailable = "storage_unavailable"
            case instanceInUse = "instance_in_use"
        }
        private let base: Base

        /// The server could not be reached or refused the login.
        public static let connectionFailed = Code(base: .connectionFailed)
        /// The connection broke while in use.
        public static let connectionLost = Code(base: .connectionLost)
        /// The server rejected a statement.
        public static let queryFailed = Code(base: .queryFailed)
        /// A `COPY … FROM STDIN` failed (bad data, constraint, lost connection).
        public static let copyFailed = Code(base: .copyFailed)
        /// `BEGIN`, `COMMIT` or `ROLLBACK` failed.
        public static let transactionFailed = Code(base: .transactionFailed)
        /// The server answered with something rtlsd did not expect (row count, column count, value).
        public static let unexpectedResult = Code(base: .unexpectedResult)
        /// A migration file failed to apply; its transaction was rolled back.
        public static let migrationFailed = Code(base: .migrationFailed)
        /// An applied migration file was edited after it was applied (checksum differs).
        public static let migrationChanged = Code(base: .migrationChanged)
        /// The migrations folder is missing, unreadable or holds badly named files.
        public static let invalidMigrations = Code(base: .invalidMigrations)
        /// The configured storage (TimescaleDB) is not available, or differs from what the database uses.
        public static let storageUnavailable = Code(base: .storageUnavailable)
        /// Another live rtlsd session holds this instance's identity (`[database] instance`).
        public static let instanceInUse = Code(base: .instanceInUse)

        /// Stable snake_case name, used as a metric label and in logs.
        public var description: String { self.base.rawValue }
    }

    /// The reason.
    public var code: Code
    /// The server as `host:port/db` (never the password or the full conninfo).
    public var endpoint: String
    /// What rtlsd was doing, e.g. `COPY into location_readings` or `migration 003_timeseries`.
    public var operation: String
    /// The five-character SQLSTATE when the server sent one (`23505`, `57P01` …).
    public var sqlState: String?
    /// The server's (or libpq's) primary message, without DETAIL (which can quote row values).
    public var serverMessage: String

    /// Creates a database error.
    public init(
        _ code: Code, endpoint: String = "", operation: String = "", sqlState: String? = nil,
        serverMessage: String = ""
    ) {
        self.code = code
        self.endpoint = endpoint
        self.operation = operation
        self.sqlState = sqlState
        self.serverMessage = serverMessage
    }

    /// `true` when retrying on a fresh connection may succeed (connection problems, serialization
    /// failures, deadlocks, admin shutdown); `false` when the same statement would fail again.
    public var isTransient: Bool {
        if self.code == .connectionFailed || self.code == .connectionLost { return true }
        guard let state = self.sqlState else { return false }
        // Class 08 connection exception, 40 transaction rollback, 53 insufficient resources,
        // 57 operator intervention (admin shutdown, crash recovery).
        return state.hasPrefix("08") || state.hasPrefix("40") || state.hasPrefix("53") || state.hasPrefix("57")
    }

    public var description: String {
        var s = "PostgreSQL at \(self.endpoint.isEmpty ? "(unknown)" : self.endpoint)"
        s += self.operation.isEmpty ? ": \(self.code)" : ": \(self.operation) failed (\(self.code))"
        if let state = self.sqlState { s += ", SQLSTATE \(state)" }
        if !self.serverMessage.isEmpty { s += ": \(self.serverMessage)" }
        return s
    }
}
