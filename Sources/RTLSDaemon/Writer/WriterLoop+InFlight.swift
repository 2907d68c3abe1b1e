import Logging
import RTLSCore
import Synchronization

/// The result of one write and how long it took.
struct WriteAttempt {
    var result: Result<BatchOutcome, any Error>
    var commit: Duration
}

/// Two batches in flight (`[writer] connections = 2`): while one live batch is written on the second
/// connection (``InFlightWriter``), the loop drains the ring and writes the next on its own, so a
/// batch's COMMIT (the wait for PostgreSQL's WAL flush) no longer holds back the next one.
///
/// Batches are numbered, and their outcomes settled, in ring order: the batch on the second
/// connection is always the older one, and it is settled (stored, parked, its events committed or
/// carried) before the one written beside it. They may commit in either order; each has its own
/// ledger row (id, write-ahead range, fingerprint), so a later range committed before an earlier
/// one that failed is what an outage's replay already produces: the failed one is parked (or kept
/// in memory) and replayed under its id, the write-ahead log is released only below the oldest
/// parked number, and `asset_locations` keeps the newest location per tag whichever commits last.
///
/// Only in the healthy state: no failure being retried, nothing parked or spooled (no replay or crash
/// reconciliation pending), no carried events, not stopping. Anything else first waits for the batch
/// in flight and then goes on exactly as with one connection.
extension WriterLoop {
    /// Whether the next live batch may be written while another is in flight.
    var canHandOver: Bool {
        guard self.second != nil, self.retryAt == nil, !self.stopping.load(ordering: .acquiring) else { return false }
        guard self.carriedEvents.isEmpty, self.carriedCheckpoint == nil else { return false }
        if let until = self.secondPausedUntil, self.clock.now < until { return false }
        // A pending failover-window check is not a replay yet: live batches go ahead of it with one
        // connection too, and ``replayOne()`` settles the batch in flight before checking.
        return self.spool?.isEmpty ?? true
    }

    /// Hands `batch` to the second connection when it is free; else writes it here beside the one
    /// in flight, then settles both, the older first.
    func flushBesideInFlight(_ batch: inout [Reading]) {
        guard let second = self.second else { return }
        let batchID = self.nextBatchID()
        let events = self.takeEvents()
        let checkpoint = self.takenCheckpoint
        self.takenCheckpoint = nil
        var next = InFlightBatch(
            readings: batch, events: events, batchID: batchID, checkpoint: checkpoint,
            eventsAtTake: self.writeAhead?.eventsAtTake ?? 0)
        if !second.isBusy {
            second.submit(next)
            batch = []
            batch.reserveCapacity(next.readings.count)
            return
        }
        let started = self.clock.now
        next.result = Result { try self.sink.write(next.readings, events: next.events, batchID: next.batchID) }
        next.commit = self.clock.now - started
        self.settleInFlight()
        self.settle(next)
        batch.removeAll(keepingCapacity: true)
    }

    /// Waits for the batch on the second connection, if any, and settles it.
    func settleInFlight() {
        if let done = self.second?.settle() { self.settleFromSecond(done) }
    }

    /// Settles the batch on the second connection if its write has returned (does not wait).
    func settleInFlightIfDone() {
        if let done = self.second?.poll() { self.settleFromSecond(done) }
    }

    /// A batch written on the second connection. When that write failed, the second connection
    /// rests (5 s, doubling to 5 min while it keeps failing): a database that refuses one more
    /// session (`max_connections` on a central server shared by many daemons) would otherwise fail
    /// every other batch, each parked and replayed on the first connection, with a failure logged
    /// every time. The batch itself takes the failure path like any other.
    private func settleFromSecond(_ done: InFlightBatch) {
        switch done.result {
        case .failure(let error):
            self.secondPausedUntil = self.clock.now + self.secondPause
            self.logger.warning(
                "Writer's second database connection failed: live batches go on one connection for a while",
                metadata: [
                    "writer.second_pause_s": "\(self.secondPause.components.seconds)", LogKey.errorMessage: "\(error)",
                ])
            self.secondPause = min(self.secondPause * 2, InFlightPause.longest)
        case .success:
            if self.secondPausedUntil != nil {
                self.secondPausedUntil = nil
                self.logger.notice("Writer's second database connection works again: two batches in flight")
            }
            self.secondPause = self.secondPauseFirst
        case nil:
            break
        }
        self.settle(done)
    }

    /// What ``flush(_:)`` does after its first write, for a batch written on either connection: on
    /// failure the batch is parked (or kept and retried), its events carried, and the database retried
    /// with backoff.
    private func settle(_ done: InFlightBatch) {
        guard let result = done.result else { preconditionFailure("InFlightWriter returned a batch it did not write") }
        var readings = done.readings
        // As if this batch's take were the last: a commit vouches for the events counted by its own take.
        self.takenCheckpoint = done.checkpoint
        self.writeAhead?.eventsAtTake = done.eventsAtTake
        self.store(&readings, events: done.events, batchID: done.batchID, attempt: WriteAttempt(result: result, commit: done.commit))
    }
}

/// How long the second connection rests after a failed write (``WriterLoop/settleFromSecond``).
enum InFlightPause {
    static let first: Duration = .seconds(5)
    static let longest: Duration = .seconds(300)
}
