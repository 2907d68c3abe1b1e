/// Brings a database's schema up to date from the numbered files in `sql/`.
///
/// Each file runs in its own transaction together with its `schema_migrations` row (version, name,
/// variant, applied_at, checksum = md5 of the text), so a failed file leaves nothing behind and a
/// second run applies nothing. A session advisory lock keeps two rtlsd instances from migrating at
/// once; the second waits and then finds nothing to do. Versions with a `.timescaledb` and a
/// `.partitioned` file get the one matching the storage, chosen once for a fresh database (see
/// ``TimescaleDBMode``) and read back from `schema_migrations` afterwards.
///
/// Which storage a database uses: `SELECT storage FROM rtls_storage;` (a view from migration 003).
public struct MigrationRunner: Sendable {
    /// One migration this run applied.
    public struct Applied: Sendable, Hashable {
        /// Version number.
        public let version: Int
        /// File name that was applied.
        public let fileName: String
    }

    /// What a run did.
    public struct Report: Sendable, Hashable {
        /// Migrations applied by this run, in order; empty when the schema was current.
        public let applied: [Applied]
        /// The storage the database uses.
        public let storage: Storage
    }

    /// Advisory lock key: the ASCII of "rtlsmigr".
    static let lockKey: Int64 = 0x7274_6C73_6D69_6772

    /// The migration files.
    public let catalog: MigrationCatalog
    /// Storage choice for a fresh database.
    public let mode: TimescaleDBMode

    /// Creates a runner for the files of `catalog`.
    public init(catalog: MigrationCatalog, mode: TimescaleDBMode = .auto) {
        self.catalog = catalog
        self.mode = mode
    }

    /// Applies every migration the database lacks.
    ///
    /// - Returns: what was applied and the storage in use.
    /// - Throws: ``DatabaseError/Code-swift.struct/migrationFailed`` (a file failed; rolled back),
    ///   ``DatabaseError/Code-swift.struct/migrationChanged`` (an applied file was edited),
    ///   ``DatabaseError/Code-swift.struct/storageUnavailable`` (the mode cannot be honoured), or a
    ///   connection/query error.
    /// - Important: call on the thread that owns `connection`, outside a transaction.
    public func run(on connection: PGConnection) throws(DatabaseError) -> Report {
        try connection.query("SELECT pg_advisory_lock($1)", [String(Self.lockKey)], operation: "migration lock")
        defer { _ = try? connection.query("SELECT pg_advisory_unlock($1)", [String(Self.lockKey)]) }

        try connection.execute(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version     int PRIMARY KEY,
                name        text NOT NULL,
                variant     text NOT NULL,
                applied_at  timestamptz NOT NULL DEFAULT now(),
                checksum    text NOT NULL
            )
            """, operation: "creating schema_migrations")
        let rows = try connection.query(
            "SELECT version, variant, checksum FROM schema_migrations ORDER BY version",
            operation: "reading schema_migrations")
        var applied: [Int: (variant: String, checksum: String)] = [:]
        for row in rows {
            guard row.count == 3, let v = row[0].flatMap({ Int($0) }), let variant = row[1], let sum = row[2] else {
                throw DatabaseError(
                    .unexpectedResult, endpoint: connection.endpoint,
                    operation: "reading schema_migrations", serverMessage: "malformed row")
            }
            applied[v] = (variant, sum)
        }
        let storage = try self.chooseStorage(recorded: applied.values.map(\.variant), connection: connection)

        var done: [Applied] = []
        for step in self.catalog.steps {
            guard let file = step.file(for: storage) else { continue }
            let sql = try self.catalog.sql(of: file)
            if let record = applied[step.version] {
                try self.verify(file, sql: sql, record: record, connection: connection)
                continue
            }
            try self.apply(file, sql: sql, connection: connection)
            done.append(Applied(version: file.version, fileName: file.fileName))
        }
        return Report(applied: done, storage: storage)
    }

    /// The storage a migrated database uses, from the `rtls_storage` view; `nil` before migration 003.
    public static func storage(of connection: PGConnection) throws(DatabaseError) -> Storage? {
        let rows = try connection.query(
            "SELECT storage FROM rtls_storage WHERE to_regclass('rtls_storage') IS NOT NULL",
            operation: "reading rtls_storage")
        return rows.first?.first?.flatMap { Storage(rawValue: $0) }
    }

    /// `true` when the timescaledb extension can be used here: already created in this database,
    /// or offered by the server (`pg_available_extensions`) AND loaded through
    /// `shared_preload_libraries`, without which `CREATE EXTENSION timescaledb` fails. A server with
    /// the package installed but not preloaded therefore gets the partitioned storage under `auto`.
    ///
    /// Preloading is detected by a setting TimescaleDB's loader defines only when preloaded
    /// (`timescaledb.max_background_workers` in `pg_settings`), not by reading
    /// `shared_preload_libraries`, which only superusers and `pg_read_all_settings` may read.
    public static func timescaleDBAvailable(on connection: PGConnection) throws(DatabaseError) -> Bool {
        try !connection.query(
            """
            SELECT 1 WHERE EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb')
               OR (EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb')
                   AND EXISTS (SELECT 1 FROM pg_settings WHERE name = 'timescaledb.max_background_workers'))
            """, operation: "checking extensions"
        ).isEmpty
    }

    // MARK: - Steps

    private func chooseStorage(recorded: [String], connection: PGConnection) throws(DatabaseError) -> Storage {
        if let existing = recorded.lazy.compactMap(Storage.init(rawValue:)).first {
            let conflict =
                (self.mode == .on && existing != .timescaledb) || (self.mode == .off && existing != .partitioned)
            guard !conflict else {
                throw DatabaseError(
                    .storageUnavailable, endpoint: connection.endpoint, operation: "choosing storage",
                    serverMessage: "the database already uses \(existing) storage but timescaledb = \"\(self.mode)\"; "
                        + "set timescaledb = \"auto\" (converting existing data is a manual migration)")
            }
            return existing
        }
        switch self.mode {
        case .off: return .partitioned
        case .auto: return try Self.timescaleDBAvailable(on: connection) ? .timescaledb : .partitioned
        case .on:
            guard try Self.timescaleDBAvailable(on: connection) else {
                throw DatabaseError(
                    .storageUnavailable, endpoint: connection.endpoint, operation: "choosing storage",
                    serverMessage: "timescaledb = \"on\" but the server does not offer the timescaledb extension; "
                        + "install it (and add it to shared_preload_libraries) or set timescaledb = \"auto\"")
            }
            return .timescaledb
        }
    }

    private func apply(_ file: MigrationFile, sql: String, connection: PGConnection) throws(DatabaseError) {
        let operation = "migration \(file.fileName)"
        do {
            try connection.begin()
            try connection.execute(sql, operation: operation)
            try connection.query(
                "INSERT INTO schema_migrations (version, name, variant, checksum) VALUES ($1, $2, $3, md5($4))",
                [String(file.version), file.name, file.variant, sql], operation: operation)
            try connection.commit()
        } catch {
            if connection.isInTransaction { try? connection.rollback() }
            throw DatabaseError(
                error.code == .connectionLost ? .connectionLost : .migrationFailed, endpoint: error.endpoint,
                operation: "\(operation) (rolled back)", sqlState: error.sqlState, serverMessage: error.serverMessage)
        }
    }

    private func verify(
        _ file: MigrationFile, sql: String, record: (variant: String, checksum: String), connection: PGConnection
    ) throws(DatabaseError) {
        let sum = try connection.query("SELECT md5($1)", [sql], operation: "checksum of \(file.fileName)")
        guard sum.first?.first == record.checksum, record.variant == file.variant else {
            throw DatabaseError(
                .migrationChanged, endpoint: connection.endpoint, operation: "checking \(file.fileName)",
                serverMessage: "version \(file.version) was applied from a different file (variant \(record.variant), "
                    + "md5 \(record.checksum)); applied migrations must not be edited, add a new NNN_*.sql instead")
        }
    }
}
