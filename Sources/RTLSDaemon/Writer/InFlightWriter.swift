import Foundation
import RTLSCore
import RTLSSystemd
import Synchronization

/// A batch handed to the ``InFlightWriter``: what the writer loop needs to settle it afterwards as
/// if it had written it itself.
struct InFlightBatch: Sendable {
    var readings: [Reading]
    var events: EngineOutput
    var batchID: Int64
    /// The backlog's event checkpoint taken with the events (``WriterLoop/takeEvents()``), and the
    /// write-ahead log's events records counted at that take.
    var checkpoint: UInt64?
    var eventsAtTake: UInt64 = 0
    /// The write's result and how long it took, once the worker is done.
    var result: Result<BatchOutcome, any Error>?
    var commit: Duration = .zero
}

/// The writer's second database connection (`[writer] connections = 2`): a thread of its own that
/// writes one live batch on its own ``BatchSink`` while the writer loop drains the ring and writes
/// the next batch on the first connection, so one batch's COMMIT (the WAL flush) no longer holds
/// back the next.
///
/// The loop hands over at most one batch (``submit(_:)``) and takes it back with its result
/// (``settle()``) before it hands over another, settling batches in the order it numbered them. A
/// failed write leaves the sink to reconnect before its next write, on this thread.
///
/// - Important: ``submit(_:)``, ``settle()``, ``poll()``, ``isBusy`` and ``stop()`` are for the writer loop's
///   thread only; the sink is used only by this worker's thread.
final class InFlightWriter: @unchecked Sendable {
    // SAFETY (@unchecked Sendable): `sink` is touched only by the worker thread (the loop never calls
    // it); the batch and the flags live in a Mutex; the semaphores hand the batch over (submit →
    // worker) and back (worker → settle), so the loop and the worker never use a batch at once.
    // `busy` is the loop's own (read and written only on the loop thread).
    private let sink: any BatchSink
    /// The batch, whether to end, and whether the sink is to reconnect before its next write (it
    /// connects on its first: a fresh ``DatabaseSink`` is not connected).
    private let slot = Mutex<(batch: InFlightBatch?, stop: Bool, reconnect: Bool)>((nil, false, true))
    private let workReady = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)
    private let exited = DispatchSemaphore(value: 0)
    private var busy = false
    private var started = false

    /// Creates the worker for `sink` (started by the first ``submit(_:)``).
    init(sink: any BatchSink) {
        self.sink = sink
    }

    /// Whether a batch is in flight (handed over and not yet settled).
    var isBusy: Bool { self.busy }

    /// Hands `batch` to the worker thread; returns at once.
    /// - Important: Only when ``isBusy`` is false.
    func submit(_ batch: InFlightBatch) {
        precondition(!self.busy, "InFlightWriter: a batch is already in flight")
        if !self.started {
            self.started = true
            // Started by the writer thread, it inherits that thread's nice level (`[writer] storage_nice`).
            let thread = Thread { [self] in
                ThreadName.setCurrent("rtlsd-writer-2")
                self.run(on: self.sink)
            }
            thread.name = "rtlsd-writer-2"
            thread.start()
        }
        self.busy = true
        self.slot.withLock { $0.batch = batch }
        self.workReady.signal()
    }

    /// Waits for the batch in flight and returns it with its result; `nil` when none is.
    func settle() -> InFlightBatch? {
        guard self.busy else { return nil }
        self.done.wait()
        self.busy = false
        return self.slot.withLock { slot in
            defer { slot.batch = nil }
            return slot.batch
        }
    }

    /// The batch in flight with its result if the worker is done with it (does not wait).
    func poll() -> InFlightBatch? {
        guard self.busy, self.done.wait(timeout: .now()) == .success else { return nil }
        self.busy = false
        return self.slot.withLock { slot in
            defer { slot.batch = nil }
            return slot.batch
        }
    }

    /// The next write reconnects first (the loop's own connection was renewed after a failure: this
    /// one is likely broken too).
    func renewConnection() {
        self.slot.withLock { $0.reconnect = true }
    }

    /// Settles what is in flight (the caller must have done so) and ends the worker thread.
    func stop() {
        precondition(!self.busy, "InFlightWriter: settle the batch in flight before stopping")
        guard self.started else { return }
        self.started = false
        self.slot.withLock { $0.stop = true }
        self.workReady.signal()
        self.exited.wait()
    }

    private func run(on sink: any BatchSink) {
        let clock = ContinuousClock()
        while true {
            self.workReady.wait()
            let (next, reconnect) = self.slot.withLock { slot in
                defer { slot.reconnect = false }
                return (slot.stop ? nil : slot.batch, slot.reconnect)
            }
            guard var batch = next else { break }
            let start = clock.now
            batch.result = Result {
                if reconnect { try sink.reconnect() }
                return try sink.write(batch.readings, events: batch.events, batchID: batch.batchID)
            }
            batch.commit = clock.now - start
            self.slot.withLock { slot in
                if case .failure = batch.result { slot.reconnect = true }
                slot.batch = batch
            }
            self.done.signal()
        }
        self.exited.signal()
    }
}
