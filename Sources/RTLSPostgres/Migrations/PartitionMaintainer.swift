public import RTLSCore

/// Keeps the daily partitions of the partitioned storage: creates them ahead, drops expired ones.
///
/// For every partitioned table in the current schema it creates `<table>_pYYYYMMDD` for the UTC days
/// [today − 1, today + ``Configuration/daysAhead``] (idempotent: existing partitions are left alone)
/// and drops partitions older than the table's retention. Rows outside the created range (a device
/// clock days off, a spool replayed after a week) land in `<table>_default`; they move into their
/// day's partition if it is created later, and expired ones are deleted from the default partition
/// by the retention pass. Run it at start-up and then every few hours (it is cheap when nothing
/// changes). With TimescaleDB storage it does nothing: chunks and retention policies do this job.
///
/// The work is done by the SQL functions `rtls_create_daily_partition` and
/// `rtls_drop_daily_partitions_before` (migration 003), so an operator can run the same by hand.
public struct PartitionMaintainer: Sendable {
    /// How far ahead to create partitions and how long to keep them.
    public struct Configuration: Sendable, Hashable {
        /// Days after today to create partitions for (default 3).
        public var daysAhead: Int
        /// Retention in days per table; tables not listed are never pruned.
        public var retentionDays: [String: Int]

        /// The defaults: 3 days ahead; location 2 years, sensor 5 years, alerts and zone events 7 years.
        public init(daysAhead: Int = 3, retentionDays: [String: Int] = Configuration.defaultRetentionDays) {
            self.daysAhead = max(0, daysAhead)
            self.retentionDays = retentionDays
        }

        /// Default retention, matching the TimescaleDB variant's retention policies.
        public static let defaultRetentionDays: [String: Int] = [
            "location_readings": 2 * 365, "sensor_readings": 5 * 365 + 1,
            "alerts": 7 * 365 + 2, "zone_events": 7 * 365 + 2,
        ]
    }

    /// What one pass did.
    public struct Report: Sendable, Hashable {
        /// Partitions created, by name.
        public var created: [String] = []
        /// Number of partitions dropped by retention.
        public var dropped: Int = 0
        /// Partitioned tables looked at (empty with TimescaleDB storage).
        public var tables: [String] = []
    }

    /// The settings.
    public let configuration: Configuration

    /// Creates a maintainer.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Runs one pass.
    ///
    /// - Parameters:
    ///   - connection: an idle connection (each table is its own statement, hence its own transaction).
    ///   - now: the current time; days are UTC days.
    /// - Returns: what was created and dropped.
    /// - Throws: ``DatabaseError`` from the statements; partitions made before the failure stay.
    public func run(on connection: PGConnection, now: Timestamp) throws(DatabaseError) -> Report {
        var report = Report()
        guard try MigrationRunner.storage(of: connection) == .partitioned else { return report }
        let tables = try connection.query(
            """
            SELECT c.relname FROM pg_partitioned_table p
            JOIN pg_class c ON c.oid = p.partrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND to_regclass(quote_ident(c.relname || '_default')) IS NOT NULL
            ORDER BY c.relname
            """, operation: "listing partitioned tables"
        ).compactMap { $0.first ?? nil }
        report.tables = tables
        let today = "(timestamptz 'epoch' + $2::bigint * interval '1 microsecond') AT TIME ZONE 'UTC'"
        for table in tables {
            let created = try connection.query(
                """
                SELECT $1 || '_p' || to_char(d, 'YYYYMMDD')
                FROM generate_series((\(today))::date - 1, (\(today))::date + $3::int, interval '1 day') AS d
                WHERE rtls_create_daily_partition($1, d::date)
                """, [table, String(now.microseconds), String(self.configuration.daysAhead)],
                operation: "creating partitions of \(table)")
            report.created += created.compactMap { $0.first ?? nil }
            if let days = self.configuration.retentionDays[table] {
                let dropped = try connection.query(
                    "SELECT rtls_drop_daily_partitions_before($1, (\(today))::date - $3::int)",
                    [table, String(now.microseconds), String(days)], operation: "dropping old partitions of \(table)")
                report.dropped += dropped.first?.first?.flatMap { Int($0) } ?? 0
            }
        }
        return report
    }
}
