import Foundation
public import Logging
public import RTLSCore
import Synchronization

/// The writer thread's loop: drains the ring into batches, flushes a batch when it is full or its
/// oldest reading has waited `linger`, and keeps a failed batch, reconnecting with capped backoff
/// until it is stored. On stop it drains the ring and the open batch before returning, or gives up
/// at the deadline and says how many readings were not written.
///
/// - Important: `run` blocks; call it on a dedicated thread. The sink is used only from that thread.
public final class WriterLoop: @unchecked Sendable {
    // SAFETY (@unchecked Sendable): all mutable state is touched only by the thread running `run`;
    // other threads only call `requestStop`, which writes atomics.
    private let ring: SPSCRing<Reading>
    private let sink: any BatchSink
    private let batchSize: Int
    private let linger: Duration
    private let stats: PipelineStats
    private let logger: Logger
    private let stopping = Atomic<Bool>(false)
    private let stopDeadlineNanos = Atomic<Int64>(Int64.max)
    private var ids = BatchIDGenerator()
    private var failingSince: ContinuousClock.Instant?
    private let clock = ContinuousClock()
    private let maintenanceInterval: Duration

    /// Creates the loop.
    public init(
        ring: SPSCRing<Reading>, sink: any BatchSink, batchSize: Int, linger: Duration, stats: PipelineStats,
        logger: Logger, maintenanceInterval: Duration = .seconds(3600)
    ) {
        self.ring = ring
        self.sink = sink
        self.batchSize = batchSize
        self.linger = linger
        self.stats = stats
        self.logger = logger
        self.maintenanceInterval = maintenanceInterval
    }

    /// Asks the loop to drain and return, giving up on what is still unwritten after `timeout`.
    public func requestStop(timeout: Duration) {
        let deadline = self.clock.now.advanced(by: timeout)
        self.stopDeadlineNanos.store(Self.nanos(deadline), ordering: .relaxed)
        self.stopping.store(true, ordering: .releasing)
    }

    /// `true` once a stop was requested and its deadline has passed.
    public var pastStopDeadline: Bool {
        self.stopping.load(ordering: .acquiring) && Self.nanos(self.clock.now) > self.stopDeadlineNanos.load(ordering: .relaxed)
    }

    /// Runs until a stop is requested and everything queued has been written (or abandoned).
    public func run() {
        var batch: [Reading] = []
        batch.reserveCapacity(self.batchSize)
        var openedAt: ContinuousClock.Instant?
        var lastMaintenance = self.clock.now
        while true {
            self.stats.writerHeartbeat.add(1, ordering: .relaxed)
            let stopping = self.stopping.load(ordering: .acquiring)
            let moved = self.ring.drain(into: &batch, maxCount: self.batchSize - batch.count)
            if !batch.isEmpty, openedAt == nil { openedAt = self.clock.now }
            let full = batch.count >= self.batchSize
            let lingered = openedAt.map { self.clock.now - $0 >= self.linger } ?? false
            if !batch.isEmpty, full || lingered || stopping {
                self.flush(&batch)
                openedAt = nil
                continue
            }
            if stopping && batch.isEmpty && self.ring.count == 0 { break }
            if self.clock.now - lastMaintenance >= self.maintenanceInterval {
                lastMaintenance = self.clock.now
                self.runMaintenance()
            }
            if moved == 0 {
                _ = self.ring.waitForElements(upTo: .milliseconds(5))
            }
        }
        let abandoned = self.stats.readingsAbandoned.load(ordering: .relaxed)
        self.logger.info(
            "Writer stopped", metadata: ["readings.written": "\(self.stats.readingsWritten.load(ordering: .relaxed))", "readings.abandoned": "\(abandoned)"])
    }

    /// Writes one batch, retrying with capped backoff until it is stored or the stop deadline passes.
    private func flush(_ batch: inout [Reading]) {
        let batchID = self.ids.next(now: Self.wallClockNow())
        var backoff: Duration = .milliseconds(100)
        while true {
            do {
                let started = self.clock.now
                try self.sink.write(batch, batchID: batchID)
                self.stats.tallies.recordBatch(rows: batch.count, commit: self.clock.now - started)
                self.recordSuccess(batch)
                batch.removeAll(keepingCapacity: true)
                return
            } catch {
                self.stats.writeFailures.add(1, ordering: .relaxed)
                self.recordFailure(error, rows: batch.count)
            }
            self.stats.writerHeartbeat.add(1, ordering: .relaxed)
            if self.pastStopDeadline {
                let lost = batch.count + self.ring.count
                self.stats.readingsAbandoned.add(UInt64(lost), ordering: .relaxed)
                self.logger.error(
                    "Drain timeout reached with the database unavailable: readings not written",
                    metadata: ["readings.abandoned": "\(lost)", LogKey.batchRows: "\(batch.count)"])
                batch.removeAll(keepingCapacity: true)
                var discard: [Reading] = []
                while self.ring.drain(into: &discard, maxCount: 65_536) > 0 { discard.removeAll(keepingCapacity: true) }
                return
            }
            Thread.sleep(forTimeInterval: Double(backoff.components.seconds) + Double(backoff.components.attoseconds) / 1e18)
            backoff = min(backoff * 2, .seconds(5))
            do {
                try self.sink.reconnect()
            } catch {
                self.logger.debug("Database reconnect failed", metadata: [LogKey.errorMessage: "\(error)"])
            }
        }
    }

    private func recordSuccess(_ batch: [Reading]) {
        self.stats.readingsWritten.add(UInt64(batch.count), ordering: .relaxed)
        self.stats.batchesWritten.add(1, ordering: .relaxed)
        let oldest = batch.lazy.map(\.receivedAt.microseconds).min() ?? 0
        self.stats.lastCommitLagMicroseconds.store(Self.wallClockNow().microseconds - oldest, ordering: .relaxed)
        if !self.stats.databaseUp.load(ordering: .relaxed) { self.stats.databaseUp.store(true, ordering: .relaxed) }
        if let since = self.failingSince {
            self.failingSince = nil
            self.logger.notice("Database writes resumed", metadata: ["outage.seconds": "\((self.clock.now - since).components.seconds)"])
        }
    }

    private func recordFailure(_ error: any Error, rows: Int) {
        self.stats.databaseUp.store(false, ordering: .relaxed)
        guard self.failingSince == nil else { return }
        self.failingSince = self.clock.now
        self.logger.error(
            "Database write failed; batch kept in memory and retried with backoff, MQTT intake slows when the ring fills",
            metadata: [LogKey.errorMessage: "\(error)", LogKey.batchRows: "\(rows)"])
    }

    private func runMaintenance() {
        do {
            try self.sink.maintain()
        } catch {
            self.logger.warning("Database maintenance failed", metadata: [LogKey.errorMessage: "\(error)"])
        }
    }

    private static func nanos(_ instant: ContinuousClock.Instant) -> Int64 {
        let d = instant - ContinuousClock.Instant.zeroReference
        return d.components.seconds &* 1_000_000_000 &+ d.components.attoseconds / 1_000_000_000
    }

    static func wallClockNow() -> Timestamp {
        Timestamp(microseconds: Int64((Date().timeIntervalSince1970 * 1_000_000).rounded()))
    }
}

extension ContinuousClock.Instant {
    fileprivate static let zeroReference = ContinuousClock().now
}
