import Foundation
import Logging
import RTLSCore
import Synchronization
import Testing

@testable import RTLSDaemon

extension FakeSink {
    /// Drops the stored batches whose readings match `lost`, as a promoted standby lacks the old
    /// primary's last commits (rows and ledger rows alike).
    func forget(where lost: (Reading) -> Bool) {
        self.lock.lock()
        defer { self.lock.unlock() }
        for batch in self.batches where batch.rows.contains(where: lost) { self.committed[batch.id] = nil }
        self.batches.removeAll { $0.rows.contains(where: lost) }
    }
}

/// The failover window: committed segments stay for a while, and after a reconnection the writer
/// replays what it had committed and the server's ledger lacks.
@Suite struct WriteAheadFailoverTests {
    static func open(_ dir: String, window: Duration, windowBytes: Int64 = 1 << 30, maxBytes: Int64 = 1 << 30) throws
        -> WriteAheadLog
    {
        try WriteAheadLog(
            configuration: SpoolConfiguration(
                directory: dir, maxBytes: maxBytes, segmentBytes: 16 << 10, sync: .interval(.milliseconds(100)),
                failoverWindow: window, failoverWindowBytes: windowBytes),
            logger: Logger(label: "t"))
    }

    @Test func committedSegmentsStayForTheWindowThenGo() throws {
        let dir = WriteAheadLogTests.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let log = try Self.open(dir, window: .seconds(60))
        _ = try WriteAheadBacklogTests.fill(log, messages: 300)
        let segments = WriteAheadLogTests.segments(dir).count
        #expect(segments > 3)
        let t0 = ContinuousClock.now
        #expect(log.release(below: .max, now: t0) == 0)
        #expect(log.release(below: .max, now: t0 + .seconds(59)) == 0)
        #expect(log.oldestSequence == 1)
        #expect(log.release(below: .max, now: t0 + .seconds(60)) == segments - 1)
        #expect(WriteAheadLogTests.segments(dir).count == 1)
    }

    @Test func theWindowKeepsAtMostItsBytes() throws {
        let dir = WriteAheadLogTests.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let log = try Self.open(dir, window: .seconds(600), windowBytes: 40 << 10)
        _ = try WriteAheadBacklogTests.fill(log, messages: 300)
        let segments = log.segmentList()
        log.release(below: .max)
        let kept = log.segmentList().dropLast()
        #expect(!kept.isEmpty)
        #expect(kept.count < segments.count - 1)
        #expect(kept.reduce(0) { $0 + $1.bytes } <= 40 << 10)
    }

    @Test func segmentsKeptForTheWindowGiveWayWhenTheLogIsFull() throws {
        let dir = WriteAheadLogTests.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let log = try Self.open(dir, window: .seconds(600), windowBytes: 64 << 10, maxBytes: 128 << 10)
        _ = try WriteAheadBacklogTests.fill(log, messages: 150)
        log.release(below: .max)
        #expect(log.oldestSequence == 1)
        // Past max_bytes without the committed segments: appends go on, the window shrinks.
        _ = try WriteAheadBacklogTests.fill(log, messages: 150)
        #expect(log.oldestSequence > 1)
        #expect(log.bytes <= 128 << 10)
    }

    /// Stores everything, then the "server" loses the last commits; after a write failure and a
    /// reconnection the writer replays exactly those readings.
    @Test func aReconnectionReplaysWhatTheServerLostWithinTheWindow() throws {
        let dir = WriteAheadLogTests.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let log = try Self.open(dir, window: .seconds(300))
        let ring = SPSCRing<Reading>(minimumCapacity: 8192)
        let sink = FakeSink()
        let stats = PipelineStats()
        let backlog = WriteAheadBacklog(log: log, batchSize: 100, logger: Logger(label: "t"))
        let loop = WriterLoop(
            ring: ring, sink: sink, spool: backlog, batchSize: 100, linger: .milliseconds(5), stats: stats,
            logger: Logger(label: "t"))
        let first = try WriteAheadBacklogTests.fill(log, messages: 200, ring: ring)
        let done = WriteAheadBacklogTests.run(loop)
        WriteAheadBacklogTests.waitUntil { sink.stored.count >= first.count }
        // Failover: the primary dies (writes fail), the promoted standby lacks readings 1201...2000.
        sink.setAlwaysFail(true)
        let second = try WriteAheadBacklogTests.fill(log, messages: 50, ring: ring)
        WriteAheadBacklogTests.waitUntil { stats.spoolBatches.load(ordering: .relaxed) >= 1 }
        sink.forget { $0.sequence > 1200 }
        #expect(sink.stored.count == 1200)
        sink.setAlwaysFail(false)
        let all = first + second
        WriteAheadBacklogTests.waitUntil { sink.stored.count >= all.count }
        loop.requestStop(timeout: .seconds(10))
        WriteAheadBacklogTests.waitUntil { done.isSet }
        #expect(sink.stored.map(\.sequence).sorted() == all.map(\.sequence))
        #expect(stats.readingsFailoverReplayed.load(ordering: .relaxed) == 800)
        #expect(stats.readingsFailoverLost.load(ordering: .relaxed) == 0)
        // Checked again (another reconnection): nothing is missing now.
        backlog.connectionRenewed()
        try backlog.prepare(using: sink, nextBatchID: { 9_999 })
        #expect(backlog.isEmpty)
        #expect(backlog.failoverReplayedReadings == 800)
    }

    /// Readings lost before the window cannot be replayed: counted and reported, never invented.
    @Test func aLossOlderThanTheWindowIsCountedAsLost() throws {
        let dir = WriteAheadLogTests.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let log = try Self.open(dir, window: .zero, windowBytes: 0)
        let ring = SPSCRing<Reading>(minimumCapacity: 8192)
        let sink = FakeSink()
        let backlog = WriteAheadBacklog(log: log, batchSize: 100, logger: Logger(label: "t"))
        let loop = WriterLoop(
            ring: ring, sink: sink, spool: backlog, batchSize: 100, linger: .milliseconds(5), stats: PipelineStats(),
            logger: Logger(label: "t"))
        let all = try WriteAheadBacklogTests.fill(log, messages: 300, ring: ring)
        loop.requestStop(timeout: .seconds(10))
        loop.run()
        #expect(sink.stored.count == all.count)
        let oldest = log.oldestSequence
        #expect(oldest > 1)
        // The server lost everything from 501 on, including numbers whose segments are gone.
        sink.forget { $0.sequence > 500 }
        backlog.connectionRenewed()
        try backlog.prepare(using: sink, nextBatchID: { 10_000 })
        #expect(backlog.failoverLostReadings == oldest - 501)
        #expect(backlog.failoverReplayedReadings == UInt64(all.count) - oldest + 1)
        #expect(backlog.pendingBatches > 0)
    }
}
