/// Makes the TimescaleDB retention policies say what `[database] retention_*_days` says.
///
/// Migration 003 adds one `policy_retention` job per hypertable at 2, 5 and 7 years; this sets each
/// configured table's `drop_after` to its number of days: `alter_job` on the existing job (its id and
/// history stay), or `add_retention_policy` when the table has none. A policy that already drops
/// after the configured interval is left alone, so a pass with nothing to change writes nothing.
/// Intervals compare as PostgreSQL does (`'2 years' = '720 days'`), so "730 days" replaces
/// "2 years". With the partitioned storage ``PartitionMaintainer`` drops the days instead.
public struct TimescaleRetention: Sendable {
    /// One policy this pass set.
    public struct Change: Sendable, Hashable {
        /// The hypertable (in the current schema).
        public var table: String
        /// The retention job's id (new when the table had no policy).
        public var jobID: Int
        /// `drop_after` before, as stored (`"2 years"`); `nil` when the table had no policy.
        public var before: String?
        /// `drop_after` now, in days.
        public var days: Int
    }

    /// Retention in days per hypertable; tables not listed keep whatever policy they have.
    public var retentionDays: [String: Int]

    /// Creates the policy setter.
    public init(retentionDays: [String: Int]) {
        self.retentionDays = retentionDays
    }

    /// Sets the policies that differ from the configured days.
    /// - Parameter connection: an idle connection whose `search_path` starts with rtlsd's schema.
    /// - Returns: the policies changed or added (empty when all were already right).
    /// - Throws: ``DatabaseError`` from the statements; policies set before the failure stay.
    public func run(on connection: PGConnection) throws(DatabaseError) -> [Change] {
        var changes: [Change] = []
        for (table, days) in self.retentionDays.sorted(by: { $0.key < $1.key }) {
            let hypertable = try connection.query(
                """
                SELECT 1 FROM timescaledb_information.hypertables
                WHERE hypertable_schema = current_schema() AND hypertable_name = $1
                """, [table], operation: "looking up hypertable \(table)")
            guard !hypertable.isEmpty else { continue }
            let policies = try connection.query(
                """
                SELECT job_id, config->>'drop_after',
                       coalesce((config->>'drop_after')::interval = make_interval(days => $2::int), false)
                FROM timescaledb_information.jobs
                WHERE proc_name = 'policy_retention' AND hypertable_schema = current_schema()
                  AND hypertable_name = $1
                ORDER BY job_id
                """, [table, String(days)], operation: "reading the retention policy of \(table)")
            if let policy = policies.first, let id = policy[0].flatMap({ Int($0) }) {
                if policy[2] == "t" { continue }
                try connection.query(
                    """
                    SELECT alter_job(job_id, config => jsonb_set(config, '{drop_after}', to_jsonb($2::text)))
                    FROM timescaledb_information.jobs WHERE job_id = $1::int
                    """, [String(id), "\(days) days"], operation: "setting the retention policy of \(table)")
                changes.append(Change(table: table, jobID: id, before: policy[1], days: days))
            } else {
                let added = try connection.query(
                    "SELECT add_retention_policy(quote_ident($1)::regclass, make_interval(days => $2::int))",
                    [table, String(days)], operation: "adding a retention policy to \(table)")
                let id = (added.first?.first ?? nil).flatMap { Int($0) } ?? 0
                changes.append(Change(table: table, jobID: id, before: nil, days: days))
            }
        }
        return changes
    }
}
