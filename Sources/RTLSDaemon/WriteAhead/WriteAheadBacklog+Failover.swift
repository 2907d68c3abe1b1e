import Logging

/// Failover: the database may lose commits rtlsd saw succeed.
///
/// With asynchronous streaming replication a standby promoted after the primary died lacks the
/// primary's last commits (those not yet streamed). rtlsd connects to it through the multi-host
/// conninfo and carries on, but batches it had stored are gone. Each committed batch recorded its
/// write-ahead range in the ledger in the same transaction as its rows, and the log keeps committed
/// segments for the failover window (`WriteAheadLog+FailoverWindow.swift`), so after every
/// (re)connection the writer compares what it believes committed — every number from the oldest
/// one still in the log up to what the live path stored, less what is parked — with the ranges the
/// server's ledger holds, and queues the gaps for replay, oldest first, like an outage's batches.
/// A replayed range is then in the ledger with its rows, so a second check (another reconnect, a
/// crash during the replay) finds nothing: every reading is stored once.
///
/// Numbers before the window cannot be replayed. When the server's ledger does not cover the
/// number just before the oldest one in the log (ledger retention keeps that row), the readings
/// from its highest range below to there are reported lost: a critical line and a counter.
extension WriteAheadBacklog {
    /// The writer has a new session (a reconnection, or the first connection): the server may be
    /// another one, a promoted standby missing commits. The next ``prepare(using:nextBatchID:)``
    /// checks the failover window against its ledger.
    public func connectionRenewed() {
        self.windowCheckPending = true
    }

    /// Queues for replay the numbers within the window that this rtlsd stored and the server's
    /// ledger lacks, and reports those lost before the window.
    func reconcileWindow(using sink: any BatchSink, nextBatchID: () -> Int64) throws {
        let oldest = self.log.oldestSequence
        guard self.liveNext > oldest else {
            self.windowCheckPending = false
            return
        }
        let window = oldest...(self.liveNext - 1)
        let committed = try sink.committedWriteAheadRanges(logID: self.log.id, from: oldest > 1 ? oldest - 1 : oldest)
        var lost: ClosedRange<UInt64>?
        if oldest > 1, !committed.contains(where: { $0.contains(oldest - 1) }) {
            let below = try sink.highestWriteAheadNumber(logID: self.log.id, below: oldest) ?? 0
            if below + 1 < oldest { lost = (below + 1)...(oldest - 1) }
        }
        let pending = self.parked[self.head...].map(\.range)
        let gaps = SequenceRanges.gaps(in: window, excluding: committed + pending)
        let batches = SequenceRanges.chunks(gaps, size: self.batchSize).map { Parked(batchID: nextBatchID(), range: $0) }
        if !batches.isEmpty {
            // In log order with what is parked: the release watermark is the first parked number.
            self.parked.append(contentsOf: batches)
            self.parked[self.head...].sort { $0.range.lowerBound < $1.range.lowerBound }
        }
        self.windowCheckPending = false
        let missing = gaps.reduce(0) { $0 + ($1.upperBound - $1.lowerBound + 1) }
        self.failoverReplayedReadings += missing
        let metadata: Logger.Metadata = [
            "wal.window.first": "\(window.lowerBound)", "wal.window.last": "\(window.upperBound)",
            "wal.failover.readings": "\(missing)", "wal.failover.batches": "\(batches.count)",
            "wal.failover.ranges": "\(gaps.count)",
        ]
        if missing > 0 {
            self.logger.warning(
                "Database lacks readings rtlsd had committed (a promoted standby that had not received the old primary's last commits?); replaying them from the write-ahead log",
                metadata: metadata)
        } else {
            self.logger.info("Ledger checked against the write-ahead failover window: nothing missing", metadata: metadata)
        }
        if let lost {
            let count = lost.upperBound - lost.lowerBound + 1
            self.failoverLostReadings += count
            self.logger.critical(
                "Database lacks readings committed before the write-ahead failover window: they are no longer in the log and are lost; raise [spool] failover_window_s / failover_window_bytes or use synchronous replication (README \"Primary failover\")",
                metadata: [
                    "wal.lost.first": "\(lost.lowerBound)", "wal.lost.last": "\(lost.upperBound)",
                    "wal.lost.readings": "\(count)", "wal.window.first": "\(oldest)",
                ])
        }
    }
}
