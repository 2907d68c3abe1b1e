import Foundation
import Logging
import RTLSCore
import Synchronization

/// Catching up from the write-ahead log after intake left readings there (``IntakeOverflow``).
extension WriterLoop {
    /// Looks at the readings just drained from the ring (`batch[start...]`) for a skip in their log
    /// numbers. At one, the readings before it are flushed, the skipped numbers are read back from
    /// the log and stored, and `batch` keeps the readings from the skip on (a new batch).
    /// - Returns: whether `batch` was cut (it holds a new batch).
    func catchUpGaps(in batch: inout [Reading], from start: Int) -> Bool {
        var cut = false
        var i = start
        while i < batch.count {
            let sequence = batch[i].sequence
            if sequence > self.ringNext, self.ringNext > 0 {
                var rest = Array(batch[i...])
                batch.removeSubrange(i...)
                if !batch.isEmpty { self.flush(&batch) }
                self.catchUp(self.ringNext...(sequence - 1))
                swap(&batch, &rest)
                cut = true
                i = 0
            }
            if sequence != 0 { self.ringNext = sequence + 1 }
            i += 1
        }
        return cut
    }

    /// Stores the numbers intake left in the log, oldest first, before anything after them. When
    /// the database fails meanwhile, what is left stays parked and is replayed in order like an
    /// outage's batches (the live batch after it is then parked behind it).
    private func catchUp(_ range: ClosedRange<UInt64>) {
        guard let backlog = self.writeAhead else { return }
        // The batch in flight is below the skipped numbers: stored or parked before them.
        self.settleInFlight()
        self.catchingUp?.quietSince = nil
        if self.catchingUp == nil {
            self.catchingUp = (self.clock.now, self.stats.readingsCaughtUp.load(ordering: .relaxed), nil)
            self.logger.notice(
                "Catching up from the write-ahead log: intake left readings there while the ring was full",
                metadata: [
                    "wal.first": "\(range.lowerBound)", "wal.readings": "\(range.upperBound - range.lowerBound + 1)",
                ])
        }
        backlog.parkSkipped(range, nextBatchID: { self.nextBatchID() })
        self.ringNext = range.upperBound + 1
        while backlog.hasParked(below: self.ringNext), !self.pastStopDeadline, self.replayOne() {}
        self.publishSpoolStats()
    }

    /// With the ring empty: stores what intake left in the log so far and, if intake is still
    /// leaving readings there, hands it the ring back (its next reading tells where the next gap
    /// ends).
    /// - Parameter batch: the open batch, flushed first when there is something to catch up.
    func handBackRing(after batch: inout [Reading]) {
        guard let overflow = self.overflow else { return }
        // In this order: numbers up to `left` are then in the log only, not in the ring.
        let left = overflow.leftThrough
        guard self.ring.count == 0 else { return }
        if left >= self.ringNext, self.ringNext > 0 {
            if !batch.isEmpty { self.flush(&batch) }
            self.catchUp(self.ringNext...left)
        }
        if overflow.isLeft { overflow.requestResume() }
        self.noteCaughtUp()
    }

    /// Says once that the writer has caught up: nothing left in the log waits, and nothing more was
    /// left for a second (under sustained load the writer goes round ring → log many times a second).
    private func noteCaughtUp() {
        guard let episode = self.catchingUp, self.writeAhead?.oldestIsCatchUp != true else { return }
        let now = self.clock.now
        guard let quietSince = episode.quietSince else {
            self.catchingUp?.quietSince = now
            return
        }
        guard now - quietSince >= .seconds(1) else { return }
        self.catchingUp = nil
        let elapsed = quietSince - episode.since
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        self.logger.notice(
            "Writer caught up: the readings intake left in the write-ahead log are stored",
            metadata: [
                "catch_up.readings": "\(self.stats.readingsCaughtUp.load(ordering: .relaxed) - episode.base)",
                "catch_up.seconds": "\(String(format: "%.2f", seconds))",
            ])
    }

    /// At the end of a stop's drain (intake has stopped, the ring is empty): what intake left in
    /// the log is stored too, within the drain timeout; what is not stays in the log for the next
    /// start.
    func catchUpAtStop() {
        guard let overflow = self.overflow else { return }
        let left = overflow.leftThrough
        if left >= self.ringNext, self.ringNext > 0 { self.catchUp(self.ringNext...left) }
    }
}
