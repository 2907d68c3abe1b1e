import Foundation
import Logging
import RTLSCore
import Synchronization
import Testing

@testable import RTLSDaemon

/// One database seen through two connections: a ledger keyed by batch id, shared, as the server's is.
final class SharedLedger: @unchecked Sendable {
    // SAFETY (@unchecked Sendable): every field is read and written under `lock`.
    private let lock = NSLock()
    private var committed: [Int64: [UInt64]] = [:]
    private var order: [(id: Int64, rows: [Reading], events: Int)] = []

    func commit(_ batch: [Reading], events: EngineOutput, batchID: Int64) -> BatchOutcome {
        self.lock.lock()
        defer { self.lock.unlock() }
        let content = batch.map(\.sequence)
        if let rows = self.committed[batchID] { return rows == content ? .alreadyCommitted : .idInUse }
        self.committed[batchID] = content
        self.order.append((batchID, batch, events.locations.count))
        return .stored
    }
    /// Batches in commit order.
    var batches: [(id: Int64, rows: [Reading], events: Int)] {
        self.lock.lock()
        defer { self.lock.unlock() }
        return self.order
    }
    var highest: Int64 {
        self.lock.lock()
        defer { self.lock.unlock() }
        return self.committed.keys.max() ?? 0
    }
    func ranges(from: UInt64) -> [ClosedRange<UInt64>] {
        self.batches.compactMap { b in
            guard let first = b.rows.first?.sequence, let last = b.rows.last?.sequence, first > 0, last >= from else {
                return nil
            }
            return first...last
        }
    }
}

/// A connection to the ``SharedLedger``: can be held (a slow COMMIT) and made to fail its next writes.
final class LedgerConnection: BatchSink, @unchecked Sendable {
    // SAFETY (@unchecked Sendable): `open`, `failuresLeft`, `writes`, `reconnects` are guarded by `gate`.
    let ledger: SharedLedger
    private let gate = NSCondition()
    private var open = true
    private var failuresLeft = 0
    private var writes = 0
    private var reconnects = 0

    init(_ ledger: SharedLedger) { self.ledger = ledger }

    func hold() { self.gate.withLock { self.open = false } }
    func release() {
        self.gate.withLock {
            self.open = true
            self.gate.broadcast()
        }
    }
    func failNext(_ count: Int) { self.gate.withLock { self.failuresLeft = count } }
    var writeCount: Int { self.gate.withLock { self.writes } }
    var reconnectCount: Int { self.gate.withLock { self.reconnects } }

    func write(_ batch: [Reading], events: EngineOutput, batchID: Int64) throws -> BatchOutcome {
        let fail = self.gate.withLock {
            while !self.open { self.gate.wait() }
            self.writes += 1
            self.failuresLeft -= 1
            return self.failuresLeft >= 0
        }
        if fail { throw FakeSink.FakeError() }
        return self.ledger.commit(batch, events: events, batchID: batchID)
    }
    func reconnect() throws { self.gate.withLock { self.reconnects += 1 } }
    func highestBatchID() throws -> Int64 { self.ledger.highest }
    func takeLedgerFloor() -> Int64? { nil }
    func writeRecoveredEvents(_ events: EngineOutput) throws -> (alerts: Int, zoneEvents: Int) { (0, 0) }
    func committedWriteAheadRanges(logID: Int64, from: UInt64) throws -> [ClosedRange<UInt64>] {
        self.ledger.ranges(from: from)
    }
}

/// `[writer] connections = 2`: two live batches in flight, settled in ring order, exactly once.
@Suite struct WriterLoopInFlightTests {
    static func harness(_ dir: String, batchSize: Int = 100, events: Bool = false) throws -> (
        WriterLoop, SPSCRing<Reading>, WriteAheadLog, LedgerConnection, LedgerConnection, PipelineStats
    ) {
        let log = try WriteAheadLogTests.open(dir, segmentBytes: 16 << 10)
        let ledger = SharedLedger()
        let (first, second) = (LedgerConnection(ledger), LedgerConnection(ledger))
        let ring = SPSCRing<Reading>(minimumCapacity: 8192)
        let stats = PipelineStats()
        // One location per take: the events of each batch, to see them ride once.
        let source: @Sendable (inout EngineOutput) -> Void = { out in
            out.locations.append(
                AssetLocation(
                    tag: TagID("t"), asset: SiteName(), zoneIndex: 0, zone: ZoneName(), floor: SiteName(),
                    method: .ble, time: Timestamp(microseconds: 1), gateway: GatewayID(), since: Timestamp(microseconds: 1)))
        }
        let loop = WriterLoop(
            ring: ring, sink: first, spool: WriteAheadBacklog(log: log, batchSize: batchSize, logger: Logger(label: "t")),
            batchSize: batchSize, linger: .milliseconds(5), stats: stats, logger: Logger(label: "t"),
            eventSource: events ? source : nil, secondSink: second)
        return (loop, ring, log, first, second, stats)
    }

    @Test func bothConnectionsWriteAndEveryReadingIsStoredOnce() throws {
        let dir = WriteAheadLogTests.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (loop, ring, log, first, second, stats) = try Self.harness(dir)
        // The second connection is slow at first, so the first surely writes beside it.
        second.hold()
        let all = try WriteAheadBacklogTests.fill(log, messages: 300, ring: ring)
        let done = WriteAheadBacklogTests.run(loop)
        WriteAheadBacklogTests.waitUntil { first.writeCount > 0 }
        second.release()
        WriteAheadBacklogTests.waitUntil { ring.count == 0 }
        loop.requestStop(timeout: .seconds(10))
        WriteAheadBacklogTests.waitUntil { done.isSet }
        #expect(done.isSet)
        let batches = first.ledger.batches
        #expect(batches.flatMap(\.rows).sorted { $0.sequence < $1.sequence } == all)
        #expect(Set(batches.map(\.id)).count == batches.count)
        #expect(first.writeCount > 0 && second.writeCount > 0)
        #expect(stats.readingsWritten.load(ordering: .relaxed) == UInt64(all.count))
        #expect(stats.writeFailures.load(ordering: .relaxed) == 0)
        // Every batch committed: the log keeps only its newest segment.
        #expect(WriteAheadLogTests.segments(dir).count == 1)
    }

    /// The older batch (on the second connection) commits after the newer one: the newer is not
    /// counted, and the log not released past the older, until the older is settled.
    @Test func aNewerBatchCommittingFirstWaitsForTheOlderToSettle() throws {
        let dir = WriteAheadLogTests.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (loop, ring, log, first, second, stats) = try Self.harness(dir)
        second.hold()
        let all = try WriteAheadBacklogTests.fill(log, messages: 20, ring: ring)
        let done = WriteAheadBacklogTests.run(loop)
        // Batch 1 waits on the second connection; batch 2 commits on the first beside it.
        WriteAheadBacklogTests.waitUntil { first.ledger.batches.count == 1 }
        Thread.sleep(forTimeInterval: 0.05)
        let early = first.ledger.batches
        #expect(early.count == 1)
        #expect(early.first?.rows.first?.sequence == 101)
        #expect(stats.readingsWritten.load(ordering: .relaxed) == 0)
        second.release()
        WriteAheadBacklogTests.waitUntil { stats.readingsWritten.load(ordering: .relaxed) == UInt64(all.count) }
        loop.requestStop(timeout: .seconds(10))
        WriteAheadBacklogTests.waitUntil { done.isSet }
        let batches = first.ledger.batches
        #expect(batches.map { $0.rows.first?.sequence } == [101, 1])
        #expect(batches.flatMap(\.rows).sorted { $0.sequence < $1.sequence } == all)
        #expect(stats.readingsWritten.load(ordering: .relaxed) == UInt64(all.count))
    }

    /// The older of two batches in flight fails while the newer commits: the older is parked as its
    /// range, replayed from the log under its own id, and its events ride with a later batch; every
    /// reading and every take's events are stored once, and the second connection reconnects.
    @Test func aFailedInFlightBatchIsParkedAndReplayedOnce() throws {
        let dir = WriteAheadLogTests.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (loop, ring, log, first, second, stats) = try Self.harness(dir, events: true)
        loop.secondPauseFirst = .milliseconds(1)  // the rest after a failure (5 s) is another test's
        second.hold()
        second.failNext(1)
        var all = try WriteAheadBacklogTests.fill(log, messages: 40, ring: ring)
        let done = WriteAheadBacklogTests.run(loop)
        WriteAheadBacklogTests.waitUntil { first.ledger.batches.count == 1 }
        second.release()
        WriteAheadBacklogTests.waitUntil { stats.readingsWritten.load(ordering: .relaxed) == UInt64(all.count) }
        // Healthy again: more live batches use the second connection, which reconnects first.
        all += try WriteAheadBacklogTests.fill(log, messages: 40, ring: ring)
        WriteAheadBacklogTests.waitUntil { stats.readingsWritten.load(ordering: .relaxed) == UInt64(all.count) }
        loop.requestStop(timeout: .seconds(10))
        WriteAheadBacklogTests.waitUntil { done.isSet }
        let batches = first.ledger.batches
        #expect(batches.flatMap(\.rows).sorted { $0.sequence < $1.sequence } == all)
        #expect(stats.writeFailures.load(ordering: .relaxed) == 1)
        #expect(stats.readingsReplayed.load(ordering: .relaxed) == 100)
        // Batch 1 (numbers 1…100) committed after batch 2, under its own id, replayed.
        #expect(batches.first?.rows.first?.sequence == 101)
        #expect(batches.contains { $0.rows.first?.sequence == 1 && $0.id == batches.map(\.id).min() })
        // One location per take: the failed batch's take is carried, none is lost or doubled. The
        // takes are those of the live batches (replays take none) and of events-only flushes.
        // Ledger rows: the live batches but the failed one, its replay, the events-only flushes.
        #expect(batches.map(\.events).reduce(0, +) == batches.count)
        #expect(second.reconnectCount == 2)
        #expect(second.writeCount >= 2)
        #expect(WriteAheadLogTests.segments(dir).count == 1)
    }

    /// With two connections a later range can commit before an earlier one that failed (parked): the
    /// log is kept from the parked range on, and after a crash the ledger's ranges with a hole make
    /// exactly the hole replay.
    @Test func aLaterRangeCommittedBeforeAnEarlierOneKeepsTheEarlierInTheLog() throws {
        let dir = WriteAheadLogTests.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let log = try WriteAheadLogTests.open(dir, segmentBytes: 16 << 10)
        let all = try WriteAheadBacklogTests.fill(log, messages: 300)
        let segments = WriteAheadLogTests.segments(dir).count
        #expect(segments > 2)
        let backlog = WriteAheadBacklog(log: log, batchSize: 1500, logger: Logger(label: "t"))
        try backlog.append(SpoolBatch(batchID: 1, readings: Array(all[0..<1500])))
        backlog.stored(Array(all[1500...]))
        #expect(WriteAheadLogTests.segments(dir).count == segments)
        #expect(backlog.backlogReadings == Int64(all.count))
        #expect(try backlog.oldest()?.readings == Array(all[0..<1500]))
        backlog.commitOldest()
        #expect(WriteAheadLogTests.segments(dir).count == 1)

        // The same order of commits, then a crash: the ledger holds 1501…3000 only.
        let crashed = WriteAheadLogTests.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: crashed) }
        let again = try WriteAheadBacklogTests.fill(WriteAheadLogTests.open(crashed, segmentBytes: 16 << 10), messages: 300)
        let ledger = SharedLedger()
        _ = ledger.commit(Array(again[1500...]), events: EngineOutput(), batchID: 2)
        let reopened = WriteAheadBacklog(
            log: try WriteAheadLogTests.open(crashed, segmentBytes: 16 << 10), batchSize: 1500, logger: Logger(label: "t"))
        try reopened.prepare(using: LedgerConnection(ledger), nextBatchID: { 10 })
        #expect(try reopened.oldest()?.readings == Array(again[0..<1500]))
        reopened.commitOldest()
        #expect(try reopened.oldest() == nil)
        #expect(reopened.isEmpty)
    }
}
