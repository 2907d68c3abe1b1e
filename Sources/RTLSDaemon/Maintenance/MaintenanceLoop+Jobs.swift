import Logging
import RTLSCore
import RTLSPostgres
import Synchronization

extension MaintenanceLoop {
    /// Reads the policy jobs' health, reports changes, and runs failing ones when allowed.
    ///
    /// TimescaleDB's background worker can fail every run while the same job succeeds from a session
    /// (PostgreSQL 15.20 with TimescaleDB 2.25: `cannot drop portal "" while it is being set up`,
    /// the work lands but `job_stats` says Failed). A session's `run_job` is not recorded in
    /// `job_stats`, so the job keeps showing Failed; rtlsd remembers its own runs: a failing job
    /// whose last `run_job` by rtlsd succeeded counts as handled, and `/ready` fails only while a
    /// failing job is not handled.
    func checkJobs(on connection: PGConnection) throws(DatabaseError) {
        let jobs = try TimescaleJob.list(on: connection)
        let failing = jobs.filter(\.failing)
        for job in failing where !self.reportedFailing.contains(job.id) {
            self.reportedFailing.insert(job.id)
            self.logger.warning(
                "TimescaleDB job fails in the background worker; \(self.settings.runFailedJobs ? "rtlsd runs it with CALL run_job once per schedule interval" : "run_failed_jobs = false: rtlsd does not run it, /ready fails")",
                metadata: Self.metadata(job))
        }
        let failingIDs = Set(failing.map(\.id))
        for id in self.reportedFailing.subtracting(failingIDs) {
            self.reportedFailing.remove(id)
            self.ownRuns[id] = nil
            self.logger.notice("TimescaleDB job runs in the background worker again", metadata: ["job.id": "\(id)"])
        }
        if self.settings.runFailedJobs {
            for job in failing where self.isDue(job) {
                self.runOwn(job, on: connection)
            }
        }
        let unhandled = failing.filter { !self.settings.runFailedJobs || self.ownRuns[$0.id]?.ok != true }
        self.stats.jobs.store(jobs.count, ordering: .relaxed)
        self.stats.jobsFailing.store(failing.count, ordering: .relaxed)
        self.stats.jobsUnhandled.store(unhandled.count, ordering: .relaxed)
        self.stats.failingJobIDs.withLock { $0 = failing.map(\.id) }
        self.stats.jobsChecked.store(true, ordering: .relaxed)
    }

    /// A failing job is due when rtlsd has not run it, or last ran it a schedule interval ago
    /// (a failed run of its own is retried at the next check).
    private func isDue(_ job: TimescaleJob) -> Bool {
        guard let own = self.ownRuns[job.id], own.ok else { return true }
        return ContinuousClock().now - own.at >= .seconds(max(job.scheduleSeconds, 1))
    }

    private func runOwn(_ job: TimescaleJob, on connection: PGConnection) {
        let clock = ContinuousClock()
        let started = clock.now
        do {
            guard try job.run(on: connection) else { return }  // another rtlsd is running it
            let previous = self.ownRuns[job.id]
            self.ownRuns[job.id] = (started, true)
            self.stats.jobRunsSucceeded.add(1, ordering: .relaxed)
            let elapsed = (clock.now - started).components
            var metadata = Self.metadata(job)
            metadata["job.error"] = nil
            metadata["job.ms"] = "\(elapsed.seconds * 1000 + elapsed.attoseconds / 1_000_000_000_000_000)"
            // The first run of a failing job (or the first after a failed one) at info, later ones at debug.
            if previous?.ok == true {
                self.logger.debug("TimescaleDB job run by rtlsd", metadata: metadata)
            } else {
                self.logger.info("TimescaleDB job run by rtlsd (CALL run_job) succeeded", metadata: metadata)
            }
        } catch {
            if self.isStopping {
                self.logger.notice("TimescaleDB job run by rtlsd cancelled by the stop", metadata: Self.metadata(job))
                return
            }
            let previous = self.ownRuns[job.id]
            self.ownRuns[job.id] = (started, false)
            self.stats.jobRunsFailed.add(1, ordering: .relaxed)
            if previous?.ok != false {
                var metadata = Self.metadata(job)
                metadata[LogKey.errorMessage] = "\(error)"
                self.logger.error("TimescaleDB job run by rtlsd (CALL run_job) failed too; retried at the next check", metadata: metadata)
            }
        }
    }

    private static func metadata(_ job: TimescaleJob) -> Logger.Metadata {
        var metadata: Logger.Metadata = [
            "job.id": "\(job.id)", "job.proc": "\(job.procedure)", "db.table": "\(job.relation)",
            "job.failures": "\(job.totalFailures)", "job.schedule_s": "\(job.scheduleSeconds)",
        ]
        if job.overdue { metadata["job.overdue"] = "true" }
        if let error = job.lastError { metadata["job.error"] = "\(error)" }
        return metadata
    }
}
