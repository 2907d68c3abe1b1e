import Logging
import RTLSCore
import RTLSPostgres
import Synchronization

extension DatabaseSink {
    /// How often the writer refreshes its `rtlsd_instance_status` row while it writes.
    static let statusInterval: Duration = .seconds(10)

    /// Writes the site model to the reference tables when it changed since the last sync (a reload)
    /// or the connection is new, and points the writer at the facility's id.
    /// - Throws: transient ``DatabaseError``s (the batch is retried). A refusal that retrying cannot
    ///   mend is logged and the writer goes on with the facility row alone: readings are never held
    ///   back for the site tables.
    func syncSite(on writer: ReadingBatchWriter) throws {
        guard let next = self.site.newer(than: self.siteGeneration) else { return }
        let result: SiteSync.Result
        do {
            result = try SiteSync.sync(next.record, on: writer.connection)
        } catch {
            guard !error.isTransient else { throw error }
            self.siteGeneration = next.generation
            let id = try SiteSync.facilityID(named: next.record.facility, connection: writer.connection)
            writer.useFacility(id)
            self.logger.error(
                "Site not written to the reference tables; readings are stored under the facility all the same",
                metadata: [LogKey.errorMessage: "\(error)", "facility": "\(next.record.facility)"])
            return
        }
        writer.useFacility(result.facilityID)
        self.siteGeneration = next.generation
        let metadata: Logger.Metadata = [
            "facility": "\(next.record.facility)", "facility.id": "\(result.facilityID)",
            "facility.timezone": "\(next.record.timeZone)", "site.zones": "\(next.record.zones.count)",
            "site.rows_changed": "\(result.changed)",
        ]
        if result.adopted {
            self.logger.notice(
                "Reference rows from before migration 009 adopted by this facility (the unnamed facility was renamed)",
                metadata: metadata)
        }
        self.logger.info("Site written to the reference tables", metadata: metadata)
    }

    /// Upserts this instance's `rtlsd_instance_status` row (received, written, backlog, spool) after
    /// a batch: at most every ``statusInterval``, and at once when the backlog has just drained (so
    /// the row does not keep showing the last burst); a failure is only logged (the next batch
    /// tries again).
    /// - Parameter committedNow: readings of the batch just committed (the writer loop counts them
    ///   in `readingsWritten` only after this returns).
    func reportStatus(on writer: ReadingBatchWriter, committedNow: Int) {
        guard let stats = self.stats else { return }
        let received = stats.readingsDecoded.load(ordering: .relaxed)
        let written = stats.readingsWritten.load(ordering: .relaxed) &+ UInt64(committedNow)
        let replayed = stats.readingsReplayed.load(ordering: .relaxed)
        let deadLettered = stats.readingsDeadLettered.load(ordering: .relaxed)
        let spoolBytes = max(0, stats.spoolBytes.load(ordering: .relaxed))
        let lagMicros = stats.lastCommitLagMicroseconds.load(ordering: .relaxed)
        // Readings received in this run and not committed yet: in the ring, a batch or the log.
        let settled = (written - min(written, replayed)) &+ deadLettered
        let backlog = received > settled ? received - settled : 0
        let now = ContinuousClock.now
        let due = self.statusWrittenAt.map { now - $0 >= Self.statusInterval } ?? true
        guard due || (backlog == 0 && self.statusBacklog != 0) else { return }
        self.statusWrittenAt = now
        self.statusBacklog = backlog
        do {
            try writer.connection.query(
                """
                INSERT INTO rtlsd_instance_status AS s (instance, facility_id, host, started_at, updated_at,
                    readings_received, readings_written, backlog_readings, spool_bytes, commit_lag_ms)
                VALUES ($1, $2::int, $3, to_timestamp($4::double precision / 1e6), now(), $5, $6, $7, $8, $9)
                ON CONFLICT (instance) DO UPDATE SET facility_id = EXCLUDED.facility_id, host = EXCLUDED.host,
                    started_at = EXCLUDED.started_at, updated_at = now(),
                    readings_received = EXCLUDED.readings_received, readings_written = EXCLUDED.readings_written,
                    backlog_readings = EXCLUDED.backlog_readings, spool_bytes = EXCLUDED.spool_bytes,
                    commit_lag_ms = EXCLUDED.commit_lag_ms
                """,
                [
                    self.instance, writer.facilityID.map { String($0) }, self.host,
                    String(self.startedAt.microseconds), String(received), String(written), String(backlog),
                    String(spoolBytes), String(lagMicros / 1000),
                ], operation: "updating rtlsd_instance_status")
        } catch {
            self.logger.debug("Instance status not updated", metadata: [LogKey.errorMessage: "\(error)"])
        }
    }
}
