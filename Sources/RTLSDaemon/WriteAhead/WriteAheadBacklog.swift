public import Logging
public import RTLSCore

/// The writer's side of the write-ahead log: what is logged but not yet in the database, and when
/// log segments may go.
///
/// Every reading the writer sees is already in the log, numbered, and batches cover contiguous
/// number ranges (the ring keeps log order). So a batch the database does not take is kept as
/// `(batch id, range)` only, and read back from the log for replay. No second copy on disk: an
/// outage costs memory of 24 bytes per batch, and the ring keeps draining at full speed.
///
/// After a crash, ``WriteAheadLog/recovered`` holds the numbers the last run logged. Before the
/// first replay, ``prepare(using:nextBatchID:)`` asks the ledger which of them committed (each
/// batch stores its range with its rows, in one transaction) and queues the gaps, oldest first,
/// as new batches. A crash during that replay is handled the same way on the next start: a range
/// is either in the ledger with its rows or in neither, so each reading is stored exactly once.
///
/// Segments are released below the *watermark*: the lowest number that is neither committed nor
/// beyond the live path, i.e. the oldest parked range, else the first number the live path has not
/// handled. Nothing is released until the recovered numbers are reconciled.
///
/// - Important: Owned by the writer thread.
public final class WriteAheadBacklog: BatchBacklog {
    struct Parked {
        var batchID: Int64
        var range: ClosedRange<UInt64>
        /// Readings intake left in the log while the ring was full (not a database outage).
        var catchUp = false
    }

    /// The log.
    public let log: WriteAheadLog
    let reader: WriteAheadReader
    let batchSize: Int
    let logger: Logger
    /// Batches a disk-spool run left in the directory, replayed first.
    private let leftover: Spool?
    var parked: [Parked] = []
    var head = 0
    private var unreconciled: ClosedRange<UInt64>?
    /// The first number the live path (ring → batch) has not stored or parked yet.
    var liveNext: UInt64
    /// The ledger is to be checked against the failover window (`WriteAheadBacklog+Failover.swift`):
    /// at start and after every reconnection. Not part of ``isEmpty``: the writer calls
    /// ``prepare(using:nextBatchID:)`` for it, and segments go on being released meanwhile (those
    /// past the window could not be replayed anyway).
    public internal(set) var windowCheckPending = true
    /// Readings the failover check found missing from the database and queued for replay.
    public internal(set) var failoverReplayedReadings: UInt64 = 0
    /// Readings the failover check found missing from the database but older than the window: lost.
    public internal(set) var failoverLostReadings: UInt64 = 0
    /// Segments starting at or after this may hold rule output not yet committed (`max` when the
    /// rules do not log events).
    private var eventLimit: UInt64
    /// Whether the rule output the last run logged has been written (nothing to do without any).
    private var eventsRecovered: Bool
    /// ``WriteAheadLog/appendedEventRecords`` at the writer's last take of the rule output, and at
    /// the last take that committed: every events record counted by then is in the database. The
    /// writer sets it back to a take's own count before settling a batch taken before the latest
    /// (two batches in flight, `WriterLoop+InFlight.swift`).
    var eventsAtTake: UInt64 = 0
    private var eventsCommittedThrough: UInt64 = 0

    /// Creates the backlog over an open log.
    /// - Parameter batchSize: the most readings a recovered batch holds.
    /// - Parameter leftover: a spool holding batches from a run without the log, replayed first.
    /// - Parameter logsEvents: the rules stage logs its output here (segments then also wait for
    ///   the events in them to commit).
    public init(log: WriteAheadLog, batchSize: Int, logger: Logger, leftover: Spool? = nil, logsEvents: Bool = false) {
        self.eventLimit = logsEvents ? 0 : .max
        self.eventsRecovered = log.eventRecordsAtOpen == 0
        self.log = log
        self.logger = logger
        self.leftover = leftover
        self.reader = WriteAheadReader(log: log)
        self.batchSize = batchSize
        self.unreconciled = log.recovered
        self.liveNext = log.firstSequenceOfRun
    }

    public var isEmpty: Bool {
        self.unreconciled == nil && self.eventsRecovered && self.head == self.parked.count
            && self.leftover?.isEmpty != false
    }
    public var pendingBatches: Int {
        self.parked.count - self.head + (self.unreconciled == nil && self.eventsRecovered ? 0 : 1)
            + (self.leftover?.pendingBatches ?? 0)
    }
    public var bytes: Int64 { self.log.bytes + (self.leftover?.bytes ?? 0) }

    /// Keeps a live batch the database did not take as its range.
    /// - Throws: `io` when a reading in it is not in the log (cannot be replayed from it).
    public func append(_ batch: SpoolBatch) throws(SpoolError) {
        guard let range = Self.range(of: batch.readings) else {
            throw SpoolError(
                .io, path: self.log.configuration.directory,
                detail: "the batch holds readings that are not in the write-ahead log")
        }
        self.parked.append(Parked(batchID: batch.batchID, range: range))
        self.liveNext = max(self.liveNext, range.upperBound + 1)
    }

    /// Keeps the numbers intake left in the log while the ring was full (``IntakeOverflow``) as
    /// batches of at most `batchSize`, to be read back and stored before the live batch after them.
    /// - Important: Call before any later batch is stored or parked (parked ranges stay in order).
    public func parkSkipped(_ range: ClosedRange<UInt64>, nextBatchID: () -> Int64) {
        for chunk in SequenceRanges.chunks([range], size: self.batchSize) {
            self.parked.append(Parked(batchID: nextBatchID(), range: chunk, catchUp: true))
        }
        self.liveNext = max(self.liveNext, range.upperBound + 1)
    }

    /// Whether a parked batch holds numbers below `sequence`.
    public func hasParked(below sequence: UInt64) -> Bool {
        self.head < self.parked.count && self.parked[self.head].range.lowerBound < sequence
    }

    /// Whether the batch ``oldest()`` returns is one intake left in the log (not an outage's).
    public var oldestIsCatchUp: Bool {
        (self.leftover?.isEmpty ?? true) && self.unreconciled == nil && self.head < self.parked.count
            && self.parked[self.head].catchUp
    }

    /// Readings logged and not yet stored: from the oldest parked number (or the first the live
    /// path has not stored) to the newest logged.
    public var backlogReadings: Int64 {
        let oldest = self.head < self.parked.count ? min(self.parked[self.head].range.lowerBound, self.liveNext) : self.liveNext
        return Int64(self.log.nextSequenceNumber) - Int64(oldest)
    }

    public func oldest() throws(SpoolError) -> SpoolBatch? {
        if let leftover = self.leftover, !leftover.isEmpty { return try leftover.oldest() }
        guard self.unreconciled == nil, self.head < self.parked.count else { return nil }
        let next = self.parked[self.head]
        return SpoolBatch(batchID: next.batchID, readings: try self.reader.readings(in: next.range))
    }

    public func commitOldest() {
        if let leftover = self.leftover, !leftover.isEmpty { return leftover.commitOldest() }
        guard self.head < self.parked.count else { return }
        let catchUp = self.parked[self.head].catchUp
        self.head += 1
        if self.head == self.parked.count || self.head > 4096 {
            self.parked.removeFirst(self.head)
            self.head = 0
        }
        // An outage's replay done: no segment needs to stay open for it. A catch-up keeps its place
        // (the next one reads on from there; reopening would scan the segment from its start), and
        // the handle is closed once its segment is deleted.
        if self.parked.isEmpty, !catchUp { self.reader.close() }
        self.release()
    }

    public func sync() { self.log.sync() }


    public func stored(_ readings: [Reading]) {
        guard let last = readings.last?.sequence, last > 0 else { return }
        self.liveNext = max(self.liveNext, last + 1)
        self.release()
    }

    public func eventCheckpoint() -> UInt64? {
        self.eventsAtTake = self.log.appendedEventRecords
        guard self.eventLimit != .max else { return nil }
        return self.log.segmentList().last?.firstSequence ?? self.log.firstSequenceOfRun
    }

    public func eventsCommitted(upTo checkpoint: UInt64) {
        // A take that commits holds what earlier takes carried: everything counted by its start.
        self.eventsCommittedThrough = max(self.eventsCommittedThrough, self.eventsAtTake)
        guard self.eventLimit != .max, checkpoint > self.eventLimit else { return }
        self.eventLimit = checkpoint
        self.release()
    }

    /// Reconciles what a previous run logged with the database, once: the rule output (alerts,
    /// zone events, locations) it logged is written where the database lacks it, and reading
    /// numbers no committed batch covers are queued for replay ahead of anything parked since.
    /// Then, at start and after each ``connectionRenewed()``, checks the failover window.
    public func prepare(using sink: any BatchSink, nextBatchID: () -> Int64) throws {
        if !self.eventsRecovered {
            do {
                let events = try self.reader.eventsLoggedBefore()
                let written = try sink.writeRecoveredEvents(events)
                self.logger.notice(
                    "Write-ahead log: rule output the last run logged is in the database",
                    metadata: [
                        "wal.events.records": "\(self.log.eventRecordsAtOpen)",
                        "wal.events.alerts": "\(events.alerts.count)", "wal.events.alerts_written": "\(written.alerts)",
                        "wal.events.zone_events": "\(events.zoneEvents.count)",
                        "wal.events.zone_events_written": "\(written.zoneEvents)",
                        "wal.events.locations": "\(events.locations.count)",
                    ])
            }
            self.eventsRecovered = true
        }
        guard let recovered = self.unreconciled else {
            if self.windowCheckPending { try self.reconcileWindow(using: sink, nextBatchID: nextBatchID) }
            return
        }
        let committed = try sink.committedWriteAheadRanges(logID: self.log.id, from: recovered.lowerBound)
        let gaps = SequenceRanges.gaps(in: recovered, excluding: committed)
        let batches = SequenceRanges.chunks(gaps, size: self.batchSize).map { Parked(batchID: nextBatchID(), range: $0) }
        self.parked.insert(contentsOf: batches, at: self.head)
        self.unreconciled = nil
        let missing = gaps.reduce(0) { $0 + ($1.upperBound - $1.lowerBound + 1) }
        self.logger.notice(
            missing == 0
                ? "Write-ahead log: every reading the last run logged is in the database"
                : "Write-ahead log: readings the last run logged are not in the database; replaying them",
            metadata: [
                "wal.recovered.first": "\(recovered.lowerBound)", "wal.recovered.last": "\(recovered.upperBound)",
                "wal.replay.readings": "\(missing)", "wal.replay.batches": "\(batches.count)",
            ])
        try self.reconcileWindow(using: sink, nextBatchID: nextBatchID)
        self.release()
    }

    /// At the end of the writer's drain: when every reading this run numbered and every events
    /// record it logged is committed, and nothing from before is left, marks the log drained so the
    /// next start (after a clean stop) reads no segment.
    /// - Returns: whether the log was marked drained.
    @discardableResult
    public func writerStopped() -> Bool {
        let next = self.log.nextSequenceNumber
        let events = self.log.appendedEventRecords
        guard self.isEmpty, self.liveNext == next, events == self.eventsCommittedThrough else {
            self.logger.info(
                "Write-ahead log: not everything it holds is committed; the next start reads it back",
                metadata: [
                    "wal.backlog.batches": "\(self.pendingBatches)", "wal.stored_below": "\(self.liveNext)",
                    "wal.next": "\(next)", "wal.events.appended": "\(events)",
                    "wal.events.committed": "\(self.eventsCommittedThrough)",
                ])
            return false
        }
        self.log.markDrained()
        return true
    }

    func release() {
        guard self.unreconciled == nil, self.eventsRecovered else { return }
        let watermark = self.head < self.parked.count ? min(self.parked[self.head].range.lowerBound, self.liveNext) : self.liveNext
        if self.log.release(below: min(watermark, self.eventLimit)) > 0 { self.reader.closeReleasedSegment() }
    }

    /// Whether the replay reader holds a segment open (for tests).
    var readerHoldsSegmentOpen: Bool { self.reader.holdsSegmentOpen }

    /// The contiguous range a batch covers, `nil` when a reading is not logged or the numbers skip.
    static func range(of readings: [Reading]) -> ClosedRange<UInt64>? {
        guard let first = readings.first?.sequence, first > 0 else { return nil }
        for (i, r) in readings.enumerated() where r.sequence != first + UInt64(i) { return nil }
        return first...(first + UInt64(readings.count) - 1)
    }
}
