import Foundation
import Logging
import RTLSCore
import RTLSDaemon
import Synchronization
import Testing

/// A fake database for the writer's pure batching/retry logic (no I/O).
final class FakeSink: BatchSink, @unchecked Sendable {
    let lock = NSLock()
    var batches: [(id: Int64, rows: [Reading])] = []
    var failuresLeft = 0
    var alwaysFail = false
    var reconnects = 0
    var attemptedIDs: [Int64] = []

    /// Ids already committed, with their rows' sequence numbers: a second write of the same batch is
    /// skipped, of a different one under the same id refused as `idInUse`, as the ledger does.
    var committed: [Int64: [String]] = [:]
    var committedIDs: Dictionary<Int64, [String]>.Keys { self.committed.keys }
    /// The ledger's highest id is reported once, as a fresh connection does.
    var floorReported = false
    /// When set, the write commits but reports failure (connection lost before the COMMIT reply).
    var failAfterCommit = false

    func write(_ batch: [Reading], events: EngineOutput, batchID: Int64) throws -> BatchOutcome {
        self.lock.lock()
        defer { self.lock.unlock() }
        self.attemptedIDs.append(batchID)
        if self.alwaysFail || self.failuresLeft > 0 {
            self.failuresLeft -= 1
            throw FakeError()
        }
        if let rows = self.committed[batchID] {
            return rows == Self.content(batch) ? .alreadyCommitted : .idInUse
        }
        self.committed[batchID] = Self.content(batch)
        self.batches.append((batchID, batch))
        if self.failAfterCommit {
            self.failAfterCommit = false
            throw FakeError()
        }
        return .stored
    }
    static func content(_ batch: [Reading]) -> [String] { batch.map { "\($0.time.microseconds)/\($0.sequence)" } }
    func setAlwaysFail(_ value: Bool) {
        self.lock.lock()
        self.alwaysFail = value
        self.lock.unlock()
    }
    func reconnect() throws {
        self.lock.lock()
        self.reconnects += 1
        self.lock.unlock()
    }
    /// Rule output recovered from a write-ahead log (`writeRecoveredEvents`), as the sink got it.
    var recoveredEvents: [EngineOutput] = []
    func writeRecoveredEvents(_ events: EngineOutput) throws -> (alerts: Int, zoneEvents: Int) {
        self.lock.lock()
        defer { self.lock.unlock() }
        if self.alwaysFail { throw FakeError() }
        self.recoveredEvents.append(events)
        return (events.alerts.count, events.zoneEvents.count)
    }
    func highestBatchID() throws -> Int64 {
        self.lock.lock()
        defer { self.lock.unlock() }
        return self.committed.keys.max() ?? 0
    }
    func takeLedgerFloor() -> Int64? {
        self.lock.lock()
        defer { self.lock.unlock() }
        guard !self.floorReported else { return nil }
        self.floorReported = true
        return self.committed.keys.max() ?? 0
    }
    /// The ranges of stored batches whose readings carry write-ahead numbers, as the ledger keeps them.
    func committedWriteAheadRanges(logID: Int64, from: UInt64) throws -> [ClosedRange<UInt64>] {
        self.lock.lock()
        defer { self.lock.unlock() }
        if self.alwaysFail { throw FakeError() }
        return self.batches.compactMap { batch in
            guard let first = batch.rows.first?.sequence, let last = batch.rows.last?.sequence, first > 0, last >= from
            else { return nil }
            return first...last
        }
    }
    struct FakeError: Error {}
    var stored: [Reading] {
        self.lock.lock()
        defer { self.lock.unlock() }
        return self.batches.flatMap(\.rows)
    }
}

@Suite struct WriterLoopTests {
    static func reading(_ i: Int) -> Reading {
        Reading(
            time: Timestamp(microseconds: Int64(i)), receivedAt: Timestamp(microseconds: Int64(i)), kind: .ble,
            tag: TagID("tag-\(i)") ?? TagID())
    }

    func runLoop(_ loop: WriterLoop) -> Thread {
        let t = Thread { loop.run() }
        t.start()
        return t
    }

    @Test func fullBatchesAndLingerFlushAndDrainOnStop() {
        let ring = SPSCRing<Reading>(minimumCapacity: 4096)
        let sink = FakeSink()
        let stats = PipelineStats()
        let loop = WriterLoop(
            ring: ring, sink: sink, batchSize: 100, linger: .milliseconds(50), stats: stats,
            logger: Logger(label: "test"))
        for i in 0..<1050 { #expect(ring.push(Self.reading(i))) }
        let done = Atomic<Bool>(false)
        let t = Thread {
            loop.run()
            done.store(true, ordering: .releasing)
        }
        t.start()
        loop.requestStop(timeout: .seconds(10))
        while !done.load(ordering: .acquiring) { Thread.sleep(forTimeInterval: 0.001) }
        let stored = sink.stored
        #expect(stored.count == 1050)
        #expect(stored.map(\.time.microseconds) == (0..<1050).map(Int64.init))
        #expect(sink.batches.allSatisfy { $0.rows.count <= 100 })
        #expect(stats.readingsWritten.load(ordering: .relaxed) == 1050)
        let ids = sink.batches.map(\.id)
        #expect(ids == ids.sorted() && Set(ids).count == ids.count)
    }

    /// A ledger that already holds ids 1…5 (an earlier run whose counter was lost, or a clock-based
    /// id scheme before): new batches are numbered above them, and none is taken for committed.
    @Test func batchIDsStartAboveTheLedgersHighest() {
        let ring = SPSCRing<Reading>(minimumCapacity: 1024)
        let sink = FakeSink()
        for id in Int64(1)...5 { _ = try? sink.write([Self.reading(Int(id) + 10_000)], events: EngineOutput(), batchID: id) }
        let loop = WriterLoop(
            ring: ring, sink: sink, batchSize: 10, linger: .milliseconds(1), stats: PipelineStats(), logger: Logger(label: "t"))
        for i in 0..<30 { #expect(ring.push(Self.reading(i))) }
        loop.requestStop(timeout: .seconds(10))
        loop.run()
        #expect(sink.batches.dropFirst(5).map(\.id) == [6, 7, 8])
        #expect(sink.stored.count == 35)
    }

    /// An id the ledger holds for a different batch (the floor was not known, e.g. a restored
    /// directory while the database was down): the batch is written again under a new id, counted.
    @Test func anIDHeldByAnotherBatchIsWrittenUnderANewID() {
        let ring = SPSCRing<Reading>(minimumCapacity: 1024)
        let sink = FakeSink()
        _ = try? sink.write([Self.reading(99_999)], events: EngineOutput(), batchID: 1)
        sink.floorReported = true  // the writer numbered its batch before it learned the floor
        let stats = PipelineStats()
        let loop = WriterLoop(
            ring: ring, sink: sink, batchSize: 10, linger: .milliseconds(1), stats: stats, logger: Logger(label: "t"))
        for i in 0..<10 { #expect(ring.push(Self.reading(i))) }
        loop.requestStop(timeout: .seconds(10))
        loop.run()
        #expect(sink.attemptedIDs == [1, 1, 2])
        #expect(sink.stored.count == 11)
        #expect(stats.batchIDsInUse.load(ordering: .relaxed) == 1)
        #expect(stats.batchesAlreadyCommitted.load(ordering: .relaxed) == 0)
    }

    @Test func failedBatchIsKeptAndRetriedWithTheSameID() {
        let ring = SPSCRing<Reading>(minimumCapacity: 1024)
        let sink = FakeSink()
        sink.failuresLeft = 3
        let stats = PipelineStats()
        let loop = WriterLoop(
            ring: ring, sink: sink, batchSize: 10, linger: .milliseconds(1), stats: stats, logger: Logger(label: "t"))
        for i in 0..<10 { #expect(ring.push(Self.reading(i))) }
        loop.requestStop(timeout: .seconds(30))
        loop.run()
        #expect(sink.stored.count == 10)
        #expect(sink.attemptedIDs.count == 4)
        #expect(Set(sink.attemptedIDs).count == 1)
        #expect(sink.reconnects == 3)
        #expect(stats.writeFailures.load(ordering: .relaxed) == 3)
        #expect(stats.readingsAbandoned.load(ordering: .relaxed) == 0)
    }

    @Test func stopDeadlineWithDatabaseDownCountsAbandonedReadings() {
        let ring = SPSCRing<Reading>(minimumCapacity: 1024)
        let sink = FakeSink()
        sink.alwaysFail = true
        let stats = PipelineStats()
        let loop = WriterLoop(
            ring: ring, sink: sink, batchSize: 10, linger: .milliseconds(1), stats: stats, logger: Logger(label: "t"))
        for i in 0..<25 { #expect(ring.push(Self.reading(i))) }
        loop.requestStop(timeout: .milliseconds(300))
        loop.run()
        #expect(sink.stored.isEmpty)
        #expect(stats.readingsAbandoned.load(ordering: .relaxed) == 25)
        #expect(ring.count == 0)
    }
}
