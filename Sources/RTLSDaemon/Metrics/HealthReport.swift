public import RTLSCore
public import RTLSHTTP
import Synchronization

/// The answers of `/health` and `/ready` on the metrics listener, for a monitor or a load balancer.
///
/// - `/health`: is the process alive? 200 with `"status":"alive"` while the writer thread goes round
///   its loop; 503 `"stalled"` when its heartbeat has not moved for ``stallSeconds``.
/// - `/ready`: can it do its job? 200 `"ready"` when the broker is connected (subscribed), the
///   database takes writes, and the backlog is below its threshold (the ring under 90 % full, the
///   spool under half its `max_bytes`), and no TimescaleDB policy job fails unhandled (its
///   background runs fail and rtlsd's own `run_job` did not succeed, or `run_failed_jobs = false`);
///   otherwise 503 `"not_ready"`. Each check is in `checks`, with the figures behind it; the
///   `timescaledb_jobs` check also lists the failing jobs rtlsd handles (`failing`, `handled`).
///
/// Both are JSON (`application/json`).
public final class HealthReport: Sendable {
    /// How long the writer's heartbeat may stand still before `/health` says stalled.
    public static let stallSeconds: Int64 = 30
    /// Ring fill (0…1) at or above which `/ready` fails its backlog check.
    public static let maxRingFill = 0.9
    /// Spool fill (0…1 of `max_bytes`) at or above which `/ready` fails its backlog check.
    public static let maxSpoolFill = 0.5

    private let stats: PipelineStats
    private let ringFill: @Sendable () -> Double
    private let spoolMaxBytes: Int64?
    private let startedAt: Timestamp
    private let maintenance: MaintenanceStats?
    /// The last heartbeat value seen and when it was first seen.
    private let heartbeat = Mutex<(value: UInt64, since: Timestamp)>((0, Timestamp(microseconds: 0)))

    /// Creates the report.
    /// - Parameters:
    ///   - stats: the pipeline's counters (broker, database, writer heartbeat, spool bytes).
    ///   - ringFill: the ring's fill, 0…1.
    ///   - spoolMaxBytes: `[spool] max_bytes` when a spool is configured.
    ///   - maintenance: the maintenance service's figures (TimescaleDB jobs), when it runs.
    public init(
        stats: PipelineStats, ringFill: @escaping @Sendable () -> Double, spoolMaxBytes: Int64?,
        maintenance: MaintenanceStats? = nil
    ) {
        self.maintenance = maintenance
        self.stats = stats
        self.ringFill = ringFill
        self.spoolMaxBytes = spoolMaxBytes
        self.startedAt = DaemonClock.now()
        self.heartbeat.withLock { $0 = (stats.writerHeartbeat.load(ordering: .relaxed), self.startedAt) }
    }

    /// `/health` at `now`.
    public func health(now: Timestamp = DaemonClock.now()) -> MetricsHTTPResponder.Reply {
        let beat = self.stats.writerHeartbeat.load(ordering: .relaxed)
        let still = self.heartbeat.withLock { state -> Int64 in
            if state.value != beat { state = (beat, now) }
            return (now.microseconds - state.since.microseconds) / 1_000_000
        }
        let alive = still < Self.stallSeconds
        let uptime = (now.microseconds - self.startedAt.microseconds) / 1_000_000
        let body =
            "{\"status\":\"\(alive ? "alive" : "stalled")\",\"uptime_s\":\(uptime),"
            + "\"writer_heartbeat_age_s\":\(still),\"writer_stall_limit_s\":\(Self.stallSeconds)}\n"
        return Self.reply(alive, body)
    }

    /// `/ready` now.
    public func ready() -> MetricsHTTPResponder.Reply {
        let broker = self.stats.brokerUp.load(ordering: .relaxed)
        let database = self.stats.databaseUp.load(ordering: .relaxed)
        let ring = self.ringFill()
        let spoolBytes = self.stats.spoolBytes.load(ordering: .relaxed)
        let spoolFill = self.spoolMaxBytes.map { Double(spoolBytes) / Double(max(1, $0)) } ?? 0
        let backlog = ring < Self.maxRingFill && spoolFill < Self.maxSpoolFill
        let jobs = self.jobsCheck()
        let ok = broker && database && backlog && jobs.ok
        let body =
            "{\"status\":\"\(ok ? "ready" : "not_ready")\",\"checks\":{"
            + "\"broker\":{\"ok\":\(broker)},"
            + "\"database\":{\"ok\":\(database)},"
            + "\"backlog\":{\"ok\":\(backlog),\"ring_fill\":\(Self.fixed(ring)),\"ring_fill_limit\":\(Self.maxRingFill),"
            + "\"spool_bytes\":\(spoolBytes),\"spool_max_bytes\":\(self.spoolMaxBytes.map(String.init) ?? "null"),"
            + "\"spool_fill_limit\":\(Self.maxSpoolFill)},"
            + "\"timescaledb_jobs\":\(jobs.json)}}\n"
        return Self.reply(ok, body)
    }

    /// The `timescaledb_jobs` check: ok unless a failing job is unhandled; `checked` false until the
    /// maintenance service has read the jobs (and always with the partitioned storage).
    private func jobsCheck() -> (ok: Bool, json: String) {
        guard let m = self.maintenance, m.jobsChecked.load(ordering: .relaxed) else {
            let storage = self.maintenance?.storage.load(ordering: .relaxed) == 1 ? "partitioned" : "unknown"
            return (true, "{\"ok\":true,\"checked\":false,\"storage\":\"\(storage)\"}")
        }
        let failing = m.jobsFailing.load(ordering: .relaxed)
        let unhandled = m.jobsUnhandled.load(ordering: .relaxed)
        let ids = m.failingJobIDs.withLock { $0.map(String.init).joined(separator: ",") }
        let json =
            "{\"ok\":\(unhandled == 0),\"checked\":true,\"jobs\":\(m.jobs.load(ordering: .relaxed)),"
            + "\"failing\":\(failing),\"handled\":\(failing - unhandled),\"unhandled\":\(unhandled),"
            + "\"failing_job_ids\":[\(ids)],\"runs_by_rtlsd_ok\":\(m.jobRunsSucceeded.load(ordering: .relaxed)),"
            + "\"runs_by_rtlsd_failed\":\(m.jobRunsFailed.load(ordering: .relaxed))}"
        return (unhandled == 0, json)
    }

    private static func reply(_ ok: Bool, _ body: String) -> MetricsHTTPResponder.Reply {
        MetricsHTTPResponder.Reply(
            status: ok ? "200 OK" : "503 Service Unavailable", contentType: "application/json", body: body)
    }

    private static func fixed(_ v: Double) -> String { String((v * 1000).rounded() / 1000) }
}
