/// One scheduled TimescaleDB job (a compression, retention or refresh policy) and how its
/// background runs went, from `timescaledb_information.jobs`, `job_stats` and `job_errors`.
public struct TimescaleJob: Sendable, Hashable {
    /// `job_id`.
    public var id: Int
    /// `proc_name`: `policy_compression`, `policy_retention`, `policy_refresh_continuous_aggregate`…
    public var procedure: String
    /// The hypertable, or the continuous aggregate's view for a refresh policy; `""` for none.
    public var relation: String
    /// `schedule_interval` in seconds.
    public var scheduleSeconds: Int64
    /// `last_run_status` of the background worker's last run (`Success`, `Failed`), `nil` before one.
    public var lastRunStatus: String?
    /// `total_failures` of background runs.
    public var totalFailures: Int64
    /// The background scheduler has not started it for more than a schedule interval (and 5
    /// minutes) after `next_start`: no worker picks it up.
    public var overdue: Bool
    /// The newest `job_errors.err_message`, when that view exists and has one.
    public var lastError: String?

    /// The background worker's last run failed, or no worker runs it: rtlsd may run it itself.
    public var failing: Bool { self.lastRunStatus == "Failed" || self.overdue }

    /// The database's policy jobs (id ≥ 1000: TimescaleDB's own telemetry and history jobs are left
    /// out), oldest first.
    /// - Throws: ``DatabaseError`` (the TimescaleDB views missing means the extension is not there).
    public static func list(on connection: PGConnection) throws(DatabaseError) -> [TimescaleJob] {
        let hasErrors = try connection.query(
            "SELECT to_regclass('timescaledb_information.job_errors') IS NOT NULL", operation: "looking for job_errors"
        ).first?.first == "t"
        let lastError =
            hasErrors
            ? """
            (SELECT e.err_message FROM timescaledb_information.job_errors e
             WHERE e.job_id = j.job_id ORDER BY e.start_time DESC LIMIT 1)
            """ : "NULL::text"
        let rows = try connection.query(
            """
            SELECT j.job_id, j.proc_name, coalesce(c.view_name, j.hypertable_name, ''),
                   extract(epoch FROM j.schedule_interval)::bigint,
                   s.last_run_status, coalesce(s.total_failures, 0),
                   coalesce(s.next_start < now() - greatest(j.schedule_interval, interval '5 minutes'), false),
                   \(lastError)
            FROM timescaledb_information.jobs j
            LEFT JOIN timescaledb_information.job_stats s ON s.job_id = j.job_id
            LEFT JOIN timescaledb_information.continuous_aggregates c
                   ON c.materialization_hypertable_schema = j.hypertable_schema
                  AND c.materialization_hypertable_name = j.hypertable_name
            WHERE j.scheduled AND j.job_id >= 1000
            ORDER BY j.job_id
            """, operation: "reading TimescaleDB job status")
        return rows.compactMap { row in
            guard let id = row[0].flatMap({ Int($0) }) else { return nil }
            return TimescaleJob(
                id: id, procedure: row[1] ?? "", relation: row[2] ?? "", scheduleSeconds: row[3].flatMap { Int64($0) } ?? 0,
                lastRunStatus: row[4], totalFailures: row[5].flatMap { Int64($0) } ?? 0, overdue: row[6] == "t",
                lastError: row[7])
        }
    }

    /// Runs the job now in this session (`CALL run_job(id)`), as the background worker would.
    ///
    /// A session-level advisory lock keyed on the job keeps two rtlsd instances from running the same
    /// job at once; when another holds it, nothing runs and this returns `false`. TimescaleDB does
    /// not record a session's run in `job_stats`: the job still shows the worker's last status.
    /// - Returns: `true` when the job ran to the end here.
    /// - Throws: ``DatabaseError`` with the job's error when it fails.
    public func run(on connection: PGConnection) throws(DatabaseError) -> Bool {
        let locked = try connection.query(
            "SELECT pg_try_advisory_lock(hashtext('rtlsd.run_job'), $1::int)", [String(self.id)],
            operation: "locking TimescaleDB job \(self.id)")
        guard locked.first?.first == "t" else { return false }
        defer {
            _ = try? connection.query(
                "SELECT pg_advisory_unlock(hashtext('rtlsd.run_job'), $1::int)", [String(self.id)],
                operation: "unlocking TimescaleDB job \(self.id)")
        }
        // The simple protocol: a policy procedure commits between chunks, which needs a top-level CALL.
        try connection.execute("CALL run_job(\(self.id))", operation: "running TimescaleDB job \(self.id) (\(self.procedure))")
        return true
    }
}
