import Logging
import RTLSCore
import Synchronization

/// The writer's bookkeeping after each attempt: reconnecting with backoff, spooling what the database
/// did not take, and the counters and log lines of success and failure.
extension WriterLoop {
    /// After a failure, once the backoff allows: reconnects (once per failure). A new session may be
    /// another server (a promoted standby), so the write-ahead backlog is told to check its ledger.
    /// - Returns: `false` while in backoff or when reconnecting failed.
    func reconnectIfFailing() -> Bool {
        guard let retryAt = self.retryAt, !self.reconnected else { return true }
        if self.clock.now < retryAt { return false }
        do {
            try self.sink.reconnect()
        } catch {
            self.logger.debug("Database reconnect failed", metadata: [LogKey.errorMessage: "\(error)"])
            self.scheduleRetry()
            return false
        }
        self.reconnected = true
        self.second?.renewConnection()
        self.writeAhead?.connectionRenewed()
        return true
    }

    /// Puts a batch the database did not take into the spool.
    /// - Returns: `false` when the spool is full or failing (the caller holds the batch in memory).
    func trySpool(_ batch: [Reading], batchID: Int64) -> Bool {
        guard let spool = self.spool else { return false }
        do {
            try spool.append(SpoolBatch(batchID: batchID, readings: batch))
        } catch {
            if error.code == .full { self.stats.spoolFullEvents.add(1, ordering: .relaxed) }
            if !self.spoolFullLogged {
                self.spoolFullLogged = true
                self.logger.critical(
                    "\(error)", metadata: [LogKey.errorCode: "\(error.code)", LogKey.spoolBytes: "\(spool.bytes)"])
            }
            return false
        }
        self.stats.readingsSpooled.add(UInt64(batch.count), ordering: .relaxed)
        self.publishSpoolStats()
        return true
    }

    func scheduleRetry() {
        self.reconnected = false
        self.retryAt = self.clock.now.advanced(by: self.backoff)
        self.backoff = min(self.backoff * 2, .seconds(5))
    }

    func publishSpoolStats() {
        guard let spool = self.spool else { return }
        if let writeAhead = self.writeAhead {
            self.stats.writeAheadBacklogReadings.store(writeAhead.backlogReadings, ordering: .relaxed)
            self.stats.readingsFailoverReplayed.store(writeAhead.failoverReplayedReadings, ordering: .relaxed)
            self.stats.readingsFailoverLost.store(writeAhead.failoverLostReadings, ordering: .relaxed)
        }
        self.stats.spoolBytes.store(spool.bytes, ordering: .relaxed)
        self.stats.spoolBatches.store(Int64(spool.pendingBatches), ordering: .relaxed)
    }

    func recordSuccess(_ batch: [Reading], replayed: Bool) {
        self.retryAt = nil
        self.reconnected = false
        self.backoff = .milliseconds(100)
        self.stats.readingsWritten.add(UInt64(batch.count), ordering: .relaxed)
        if replayed { self.stats.readingsReplayed.add(UInt64(batch.count), ordering: .relaxed) }
        self.stats.batchesWritten.add(1, ordering: .relaxed)
        if !replayed, let oldest = batch.lazy.map({ $0.receivedAt.microseconds }).min() {
            self.stats.lastCommitLagMicroseconds.store(DaemonClock.now().microseconds - oldest, ordering: .relaxed)
        }
        if !self.stats.databaseUp.load(ordering: .relaxed) { self.stats.databaseUp.store(true, ordering: .relaxed) }
        if let since = self.failingSince {
            self.failingSince = nil
            self.spoolFullLogged = false
            self.logger.notice(
                "Database writes resumed",
                metadata: [
                    "outage.seconds": "\((self.clock.now - since).components.seconds)",
                    "spool.batches": "\(self.spool?.pendingBatches ?? 0)",
                ])
        }
    }

    func recordFailure(_ error: any Error, rows: Int) {
        self.stats.databaseUp.store(false, ordering: .relaxed)
        guard self.failingSince == nil else { return }
        self.failingSince = self.clock.now
        let what =
            switch self.spool {
            case nil: "batch kept in memory and retried with backoff, MQTT intake slows when the ring fills"
            case is WriteAheadBacklog: "batches stay in the write-ahead log and are replayed when it answers"
            default: "batches go to the spool and are replayed when it answers"
            }
        self.logger.error(
            "Database write failed; \(what)", metadata: [LogKey.errorMessage: "\(error)", LogKey.batchRows: "\(rows)"])
    }
}
