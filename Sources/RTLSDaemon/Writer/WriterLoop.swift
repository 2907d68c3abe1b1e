import Foundation
public import Logging
public import RTLSCore
import Synchronization

/// The writer thread's loop: drains the ring into batches, flushes a batch when it is full or its
/// oldest reading has waited `linger`, and stores it in the database.
///
/// With a ``Spool``: a batch the database does not take goes to the spool under its batch id and the
/// loop moves on, so the ring keeps draining and MQTT intake continues through an outage. While the
/// database is failing, new batches go straight to the spool until the next retry (capped backoff,
/// reconnecting first). Once it answers, the spool is replayed oldest first, one batch per turn of
/// the loop alongside live batches; a replayed batch that had in fact committed is skipped by the
/// ledger. When the spool is at `max_bytes` (or its disk fails) the batch is held in memory and
/// retried as without a spool: the ring fills and intake slows (backpressure to the broker).
///
/// With the write-ahead log, a full ring does not stop intake (``IntakeOverflow``): readings then
/// stay in the log only, and the ring's numbers skip them. At such a gap the writer reads the
/// skipped numbers back from the log and stores them before the live readings after them, so the
/// database receives readings in log order; once the ring is empty it hands the ring back to intake
/// (`WriterLoop+CatchUp.swift`).
///
/// On stop it drains the ring and the open batch to the database, or to the spool when the database
/// is down, before returning; what is left in the spool is replayed on the next start. Without a
/// spool (or with it full) it gives up at the deadline and says how many readings were not written.
///
/// - Important: `run` blocks; call it on a dedicated thread. The sink and spool are used only from it.
public final class WriterLoop: @unchecked Sendable {
    // SAFETY (@unchecked Sendable): all mutable state is touched only by the thread running `run`;
    // other threads only call `requestStop`, which writes atomics.
    let ring: SPSCRing<Reading>
    let sink: any BatchSink
    let spool: (any BatchBacklog)?
    private let batchSize: Int
    private let linger: Duration
    let stats: PipelineStats
    let logger: Logger
    let stopping = Atomic<Bool>(false)
    private let stopDeadlineNanos = Atomic<Int64>(Int64.max)
    var ids: BatchIDGenerator
    var idInUseLogged = OncePerInterval()
    var failingSince: ContinuousClock.Instant?
    /// Set while the database is failing: no write is tried before this instant.
    var retryAt: ContinuousClock.Instant?
    var backoff: Duration = .milliseconds(100)
    /// Set once ``BatchSink/reconnect()`` succeeded after a failure, cleared by the next failure.
    var reconnected = false
    var spoolFullLogged = false
    /// When the current replay began and how many readings had been replayed before it.
    private var replayStarted: (at: ContinuousClock.Instant, base: UInt64)?
    let clock = ContinuousClock()
    /// Where alerts, zone events and locations come from (the rules stage), if rules are configured.
    let eventSource: (@Sendable (inout EngineOutput) -> Void)?
    /// Events taken with a batch that went to the spool: they ride with the next live batch (the
    /// spool holds readings only; alerts are also in the journal).
    var carriedEvents = EngineOutput()
    /// The backlog's event checkpoint at the oldest take whose events are carried, and at the
    /// take being written: once committed, log segments before it may go (``BatchBacklog``).
    var carriedCheckpoint: UInt64?
    var takenCheckpoint: UInt64?
    private var lastEventCheck: ContinuousClock.Instant
    /// The hand-over with intake when the ring is full (write-ahead log only).
    let overflow: IntakeOverflow?
    /// The write-ahead backlog, when the spool is one (readings then carry log numbers).
    let writeAhead: WriteAheadBacklog?
    /// The log number the next reading from the ring should carry: a higher one means intake left
    /// the numbers in between in the log.
    var ringNext: UInt64
    /// Since when the writer has been catching up from the log, ``PipelineStats/readingsCaughtUp``
    /// then, and since when nothing has waited in the log (it says "caught up" after a quiet second).
    var catchingUp: (since: ContinuousClock.Instant, base: UInt64, quietSince: ContinuousClock.Instant?)?
    /// The second connection's worker (`[writer] connections = 2`), `nil` with one connection.
    let second: InFlightWriter?
    /// Set when a write on the second connection failed: until then live batches go on the first
    /// connection alone (`WriterLoop+InFlight.swift`), and how long the next pause lasts.
    var secondPausedUntil: ContinuousClock.Instant?
    var secondPause: Duration = InFlightPause.first
    /// The first pause (5 s; tests shorten it before `run`).
    var secondPauseFirst: Duration = InFlightPause.first {
        didSet { self.secondPause = self.secondPauseFirst }
    }

    /// Creates the loop.
    /// - Parameters:
    ///   - spool: where batches go while the database is down (the disk ``Spool`` or the
    ///     ``WriteAheadBacklog``); `nil` holds them in memory.
    ///   - secondSink: a second connection (`[writer] connections = 2`): live batches are then
    ///     written two at a time, one on each (`WriterLoop+InFlight.swift`). Used only by a thread
    ///     of its own that `run` starts and ends.
    public init(
        ring: SPSCRing<Reading>, sink: any BatchSink, spool: (any BatchBacklog)? = nil, batchSize: Int, linger: Duration,
        stats: PipelineStats, logger: Logger,
        eventSource: (@Sendable (inout EngineOutput) -> Void)? = nil, ids: BatchIDGenerator = BatchIDGenerator(),
        overflow: IntakeOverflow? = nil, secondSink: (any BatchSink)? = nil
    ) {
        self.second = secondSink.map { InFlightWriter(sink: $0) }
        self.ids = ids
        self.writeAhead = spool as? WriteAheadBacklog
        self.overflow = self.writeAhead == nil ? nil : overflow
        self.ringNext = self.writeAhead?.log.firstSequenceOfRun ?? 0
        self.eventSource = eventSource
        self.lastEventCheck = ContinuousClock().now
        self.ring = ring
        self.sink = sink
        self.spool = spool
        self.batchSize = batchSize
        self.linger = linger
        self.stats = stats
        self.logger = logger
        self.publishSpoolStats()
    }

    /// Asks the loop to drain and return, giving up on what is still unwritten after `timeout`.
    public func requestStop(timeout: Duration) {
        let deadline = self.clock.now.advanced(by: timeout)
        self.stopDeadlineNanos.store(Self.nanos(deadline), ordering: .relaxed)
        self.stopping.store(true, ordering: .releasing)
    }

    /// `true` once a stop was requested and its deadline has passed.
    public var pastStopDeadline: Bool {
        self.stopping.load(ordering: .acquiring)
            && Self.nanos(self.clock.now) > self.stopDeadlineNanos.load(ordering: .relaxed)
    }

    /// Runs until a stop is requested and everything queued has been written, spooled or abandoned.
    public func run() {
        var batch: [Reading] = []
        batch.reserveCapacity(self.batchSize)
        var openedAt: ContinuousClock.Instant?
        var lastStatsPublished = self.clock.now
        if let spool = self.spool, spool.pendingBatches > 0 {
            self.logger.notice(
                "Spool holds batches from before; replaying them into the database",
                metadata: ["spool.batches": "\(spool.pendingBatches)", LogKey.spoolBytes: "\(spool.bytes)"])
        }
        while true {
            self.stats.writerHeartbeat.add(1, ordering: .relaxed)
            self.settleInFlightIfDone()
            let stopping = self.stopping.load(ordering: .acquiring)
            let drained = batch.count
            let moved = self.ring.drain(into: &batch, maxCount: self.batchSize - batch.count)
            if moved > 0, self.overflow != nil, self.catchUpGaps(in: &batch, from: drained) { openedAt = nil }
            if !batch.isEmpty, openedAt == nil { openedAt = self.clock.now }
            let full = batch.count >= self.batchSize
            // While the database is failing, batches go to the spool: let them fill for up to a second
            // so replay commits fewer, larger transactions.
            let linger = self.retryAt == nil ? self.linger : max(self.linger, .seconds(1))
            let lingered = openedAt.map { self.clock.now - $0 >= linger } ?? false
            if !batch.isEmpty, full || lingered || stopping {
                self.flush(&batch)
                openedAt = nil
                continue
            }
            if batch.isEmpty, self.eventSource != nil, self.retryAt == nil || stopping,
                stopping || self.clock.now - self.lastEventCheck >= self.linger
            {
                self.lastEventCheck = self.clock.now
                self.flushEventsOnly()
            }
            if stopping && batch.isEmpty && self.ring.count == 0 {
                self.settleInFlight()
                self.catchUpAtStop()
                break
            }
            if !stopping, self.replayOne() { continue }
            if self.clock.now - lastStatsPublished >= .seconds(1) {
                // The write-ahead log grows with live traffic too, not only on spool events.
                lastStatsPublished = self.clock.now
                self.publishSpoolStats()
            }
            if moved == 0 {
                self.handBackRing(after: &batch)
                if batch.isEmpty { openedAt = nil }
                _ = self.ring.waitForElements(upTo: .milliseconds(5))
            }
        }
        self.settleInFlight()
        self.second?.stop()
        self.spool?.sync()
        self.spool?.writerStopped()
        let abandoned = self.stats.readingsAbandoned.load(ordering: .relaxed)
        self.logger.info(
            "Writer stopped",
            metadata: [
                "readings.written": "\(self.stats.readingsWritten.load(ordering: .relaxed))",
                "readings.abandoned": "\(abandoned)", "spool.batches": "\(self.spool?.pendingBatches ?? 0)",
                LogKey.spoolBytes: "\(self.spool?.bytes ?? 0)",
            ])
    }

    /// Stores one batch: in the database if it answers, else in the spool, else (no spool, or spool
    /// full) by retrying with capped backoff until it is stored or the stop deadline passes. With a
    /// second connection and all well, the batch is written beside the one in flight instead
    /// (`WriterLoop+InFlight.swift`).
    func flush(_ batch: inout [Reading]) {
        if self.canHandOver { return self.flushBesideInFlight(&batch) }
        self.settleInFlight()
        let batchID = self.nextBatchID()
        let events = self.takeEvents()
        self.store(&batch, events: events, batchID: batchID, attempt: nil)
    }

    /// ``flush(_:)`` after the batch got its id and events.
    /// - Parameter attempt: the result of a first write already made (on the second connection, or
    ///   beside it); `nil` to make it here.
    func store(_ batch: inout [Reading], events: EngineOutput, batchID: Int64, attempt: WriteAttempt?) {
        var attempt = attempt
        func write() -> Bool {
            defer { attempt = nil }
            if let made = attempt {
                return self.finish(made, batch, events: events, batchID: batchID, replayed: false)
            }
            return self.tryWrite(batch, events: events, batchID: batchID, replayed: false)
        }
        if self.spool != nil {
            if write() {
                self.eventsCommitted()
                batch.removeAll(keepingCapacity: true)
                return
            }
            if self.trySpool(batch, batchID: batchID) {
                self.carry(events)
                batch.removeAll(keepingCapacity: true)
                return
            }
        }
        while true {
            if attempt == nil, let retryAt = self.retryAt, self.clock.now < retryAt {
                let wait = retryAt - self.clock.now
                Thread.sleep(
                    forTimeInterval: Double(wait.components.seconds) + Double(wait.components.attoseconds) / 1e18)
            }
            if write() {
                self.eventsCommitted()
                batch.removeAll(keepingCapacity: true)
                return
            }
            self.stats.writerHeartbeat.add(1, ordering: .relaxed)
            if self.pastStopDeadline {
                let lost = batch.count + self.ring.count
                self.stats.readingsAbandoned.add(UInt64(lost), ordering: .relaxed)
                self.logger.error(
                    "Drain timeout reached with the database unavailable: readings not written",
                    metadata: [
                        "readings.abandoned": "\(lost)", LogKey.batchRows: "\(batch.count)",
                        "events.abandoned": "\(events.alerts.count + events.zoneEvents.count)",
                    ])
                batch.removeAll(keepingCapacity: true)
                var discard: [Reading] = []
                while self.ring.drain(into: &discard, maxCount: 65_536) > 0 { discard.removeAll(keepingCapacity: true) }
                return
            }
        }
    }

    /// Replays the oldest spooled batch if there is one and the database may answer.
    /// - Returns: `true` when a batch was written or skipped (more may follow at once).
    func replayOne() -> Bool {
        guard let spool = self.spool, !spool.isEmpty || self.writeAhead?.windowCheckPending == true else { return false }
        // Replays and the ledger check go on one connection, after the batch in flight.
        self.settleInFlight()
        // Checking the ledger needs a live session too, not only writing.
        guard self.reconnectIfFailing() else { return false }
        do {
            try spool.prepare(using: self.sink, nextBatchID: { self.nextBatchID() })
        } catch {
            self.stats.writeFailures.add(1, ordering: .relaxed)
            self.recordFailure(error, rows: 0)
            self.scheduleRetry()
            return false
        }
        let batch: SpoolBatch
        do {
            guard let oldest = try spool.oldest() else { return false }
            batch = oldest
        } catch {
            self.stats.spoolCorruptRecords.add(1, ordering: .relaxed)
            self.logger.error("\(error)", metadata: [LogKey.errorCode: "\(error.code)"])
            spool.commitOldest()
            self.publishSpoolStats()
            return true
        }
        let attempt = (at: self.clock.now, base: self.stats.readingsReplayed.load(ordering: .relaxed))
        let catchUp = self.writeAhead?.oldestIsCatchUp ?? false
        // A batch intake left in the log is stored like a live one (its commit lag is storage's).
        guard self.tryWrite(batch.readings, events: EngineOutput(), batchID: batch.batchID, replayed: !catchUp) else {
            return false
        }
        if catchUp {
            self.stats.readingsCaughtUp.add(UInt64(batch.readings.count), ordering: .relaxed)
        } else if self.replayStarted == nil {
            self.replayStarted = attempt
        }
        spool.commitOldest()
        self.publishSpoolStats()
        if spool.isEmpty, let started = self.replayStarted {
            self.replayStarted = nil
            let elapsed = self.clock.now - started.at
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let rows = self.stats.readingsReplayed.load(ordering: .relaxed) - started.base
            self.logger.notice(
                "Spool replayed: every batch kept during the outage is in the database",
                metadata: [
                    "replay.rows": "\(rows)", "replay.seconds": "\(String(format: "%.2f", seconds))",
                    "replay.rows_per_second": "\(Int(Double(rows) / max(seconds, 0.001)))",
                ])
        }
        return true
    }

    /// One write attempt, unless the database is in backoff; reconnects first after a failure.
    /// - Returns: `true` when the batch is stored (or was before, or was dead-lettered).
    func tryWrite(_ batch: [Reading], events: EngineOutput, batchID: Int64, replayed: Bool) -> Bool {
        guard self.reconnectIfFailing() else { return false }
        let started = self.clock.now
        let result = Result { try self.sink.write(batch, events: events, batchID: batchID) }
        let attempt = WriteAttempt(result: result, commit: self.clock.now - started)
        return self.finish(attempt, batch, events: events, batchID: batchID, replayed: replayed)
    }

    /// Counts a write attempt's outcome and does what it calls for (a new id for an id in use).
    /// - Returns: `true` when the batch is stored (or was before, or was dead-lettered).
    func finish(_ attempt: WriteAttempt, _ batch: [Reading], events: EngineOutput, batchID: Int64, replayed: Bool) -> Bool {
        let outcome: BatchOutcome
        switch attempt.result {
        case .success(let result):
            outcome = result
            self.stats.tallies.recordBatch(rows: batch.count, commit: attempt.commit)
        case .failure(let error):
            self.stats.writeFailures.add(1, ordering: .relaxed)
            self.recordFailure(error, rows: batch.count)
            self.scheduleRetry()
            return false
        }
        self.spool?.stored(batch)
        switch outcome {
        case .stored:
            self.recordSuccess(batch, replayed: replayed)
        case .alreadyCommitted:
            self.stats.batchesAlreadyCommitted.add(1, ordering: .relaxed)
            self.recordSuccess([], replayed: replayed)
        case .deadLettered(let rows):
            self.stats.readingsDeadLettered.add(UInt64(rows), ordering: .relaxed)
            self.recordSuccess(Array(batch.prefix(batch.count - rows)), replayed: replayed)
        case .idInUse:
            return self.rewriteUnderNewID(batch, events: events, batchID: batchID, replayed: replayed)
        }
        return true
    }

    private static func nanos(_ instant: ContinuousClock.Instant) -> Int64 {
        let d = instant - ContinuousClock.Instant.zeroReference
        return d.components.seconds &* 1_000_000_000 &+ d.components.attoseconds / 1_000_000_000
    }
}

extension ContinuousClock.Instant {
    fileprivate static let zeroReference = ContinuousClock().now
}
