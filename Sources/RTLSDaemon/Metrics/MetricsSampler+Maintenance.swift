import Synchronization

extension MetricsSampler {
    /// The maintenance service's counters and gauges: `rtlsd_maintenance_*` for passes, partitions,
    /// policies and the ledger; `rtlsd_timescaledb_jobs*` for job health (TimescaleDB storage only,
    /// once the jobs have been read).
    static func sample(_ m: MaintenanceStats, into state: inout State) {
        state.advance("rtlsd_maintenance_passes_total", [], to: m.passes.load(ordering: .relaxed))
        state.advance("rtlsd_maintenance_failures_total", [], to: m.failures.load(ordering: .relaxed))
        state.record("rtlsd_maintenance_last_pass_timestamp_seconds", Int(m.lastPassUnixSeconds.load(ordering: .relaxed)))
        state.advance(
            "rtlsd_maintenance_partitions_created_total", [], to: m.partitionsCreated.load(ordering: .relaxed))
        state.advance(
            "rtlsd_maintenance_partitions_dropped_total", [], to: m.partitionsDropped.load(ordering: .relaxed))
        state.advance(
            "rtlsd_maintenance_retention_policies_set_total", [], to: m.retentionPoliciesSet.load(ordering: .relaxed))
        state.advance(
            "rtlsd_maintenance_ledger_rows_deleted_total", [], to: m.ledgerRowsDeleted.load(ordering: .relaxed))
        guard m.jobsChecked.load(ordering: .relaxed) else { return }
        state.record("rtlsd_timescaledb_jobs", m.jobs.load(ordering: .relaxed))
        state.record("rtlsd_timescaledb_jobs_failing", m.jobsFailing.load(ordering: .relaxed))
        state.record("rtlsd_timescaledb_jobs_failing_unhandled", m.jobsUnhandled.load(ordering: .relaxed))
        state.advance(
            "rtlsd_timescaledb_job_runs_by_rtlsd_total", [("result", "ok")], to: m.jobRunsSucceeded.load(ordering: .relaxed))
        state.advance(
            "rtlsd_timescaledb_job_runs_by_rtlsd_total", [("result", "failed")],
            to: m.jobRunsFailed.load(ordering: .relaxed))
    }
}
