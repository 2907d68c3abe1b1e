import Foundation
import Logging
import RTLSCore
import Synchronization
import Testing

@testable import RTLSDaemon

/// The writer with the write-ahead log: outages park ranges and replay them from the log, a crash's
/// log is reconciled with the ledger, and every reading is stored exactly once.
@Suite struct WriteAheadBacklogTests {
    /// Logs `messages` messages of `per` readings; returns them numbered.
    static func fill(_ log: WriteAheadLog, messages: Int, per: Int = 10, ring: SPSCRing<Reading>? = nil) throws
        -> [Reading]
    {
        var all: [Reading] = []
        for m in 0..<messages {
            var readings = WriteAheadLogTests.message(m, readings: per)
            try log.append(&readings, messageKey: UInt64(m))
            for r in readings { #expect(ring?.push(r) ?? true) }
            all += readings
        }
        return all
    }

    static func waitUntil(_ seconds: Double = 20, _ condition: () -> Bool) {
        let deadline = Date().addingTimeInterval(seconds)
        while !condition(), Date() < deadline { Thread.sleep(forTimeInterval: 0.005) }
    }

    final class Finished: Sendable {
        let flag = Atomic<Bool>(false)
        var isSet: Bool { self.flag.load(ordering: .acquiring) }
    }

    static func run(_ loop: WriterLoop) -> Finished {
        let done = Finished()
        Thread {
            loop.run()
            done.flag.store(true, ordering: .releasing)
        }.start()
        return done
    }

    @Test func outageParksRangesAndReplaysThemFromTheLog() throws {
        let dir = WriteAheadLogTests.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let log = try WriteAheadLogTests.open(dir, segmentBytes: 16 << 10)
        let ring = SPSCRing<Reading>(minimumCapacity: 4096)
        let sink = FakeSink()
        sink.alwaysFail = true
        let stats = PipelineStats()
        let backlog = WriteAheadBacklog(log: log, batchSize: 100, logger: Logger(label: "t"))
        let loop = WriterLoop(
            ring: ring, sink: sink, spool: backlog, batchSize: 100, linger: .milliseconds(5), stats: stats,
            logger: Logger(label: "t"))
        let all = try Self.fill(log, messages: 200, ring: ring)
        let done = Self.run(loop)
        // The backlog belongs to the writer thread: watch it through the stats it publishes.
        Self.waitUntil { ring.count == 0 && stats.spoolBatches.load(ordering: .relaxed) >= 2 }
        #expect(sink.stored.isEmpty)
        #expect(stats.spoolBatches.load(ordering: .relaxed) >= 2)
        let segmentsDuringOutage = WriteAheadLogTests.segments(dir).count
        sink.setAlwaysFail(false)
        Self.waitUntil { sink.stored.count >= all.count }
        loop.requestStop(timeout: .seconds(10))
        Self.waitUntil { done.isSet }
        let stored = sink.stored.sorted { $0.sequence < $1.sequence }
        #expect(stored == all)
        #expect(backlog.isEmpty)
        #expect(stats.readingsSpooled.load(ordering: .relaxed) == UInt64(all.count))
        #expect(stats.readingsReplayed.load(ordering: .relaxed) == UInt64(all.count))
        // Everything committed: only the newest segment is left.
        #expect(segmentsDuringOutage > 1)
        #expect(WriteAheadLogTests.segments(dir).count == 1)
    }

    @Test func crashRecoveryReplaysExactlyWhatTheLedgerLacks() throws {
        let dir = WriteAheadLogTests.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let all = try Self.fill(try WriteAheadLogTests.open(dir, segmentBytes: 16 << 10), messages: 100)
        // The last run committed 1...200 and 401...600 (two batches each), then died.
        let sink = FakeSink()
        for (id, range) in [(1, 0..<100), (2, 100..<200), (3, 400..<500), (4, 500..<600)] {
            _ = try sink.write(Array(all[range]), events: EngineOutput(), batchID: Int64(id))
        }
        let log = try WriteAheadLogTests.open(dir, segmentBytes: 16 << 10)
        #expect(log.recovered == 1...1000)
        let backlog = WriteAheadBacklog(log: log, batchSize: 150, logger: Logger(label: "t"))
        let stats = PipelineStats()
        let loop = WriterLoop(
            ring: SPSCRing<Reading>(minimumCapacity: 64), sink: sink, spool: backlog, batchSize: 150,
            linger: .milliseconds(5), stats: stats, logger: Logger(label: "t"))
        let done = Self.run(loop)
        Self.waitUntil { sink.stored.count >= all.count }
        loop.requestStop(timeout: .seconds(10))
        Self.waitUntil { done.isSet }
        #expect(sink.stored.sorted { $0.sequence < $1.sequence } == all)
        let replayed = sink.batches.dropFirst(4)
        #expect(replayed.allSatisfy { $0.rows.count <= 150 })
        #expect(replayed.flatMap(\.rows).map(\.sequence) == Array(201...400) + Array(601...1000))
        #expect(stats.readingsReplayed.load(ordering: .relaxed) == 600)
        #expect(backlog.isEmpty)
        // A second crash now: nothing is left to replay.
        let again = WriteAheadBacklog(
            log: try WriteAheadLogTests.open(dir, segmentBytes: 16 << 10), batchSize: 150, logger: Logger(label: "t"))
        try again.prepare(using: sink, nextBatchID: { 99 })
        #expect(again.isEmpty)
    }

    @Test func liveBatchesReleaseSegmentsAndRecordTheirRanges() throws {
        let dir = WriteAheadLogTests.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let log = try WriteAheadLogTests.open(dir, segmentBytes: 16 << 10)
        let ring = SPSCRing<Reading>(minimumCapacity: 8192)
        let sink = FakeSink()
        let loop = WriterLoop(
            ring: ring, sink: sink, spool: WriteAheadBacklog(log: log, batchSize: 64, logger: Logger(label: "t")),
            batchSize: 64, linger: .milliseconds(5), stats: PipelineStats(), logger: Logger(label: "t"))
        let all = try Self.fill(log, messages: 300, ring: ring)
        #expect(WriteAheadLogTests.segments(dir).count > 2)
        loop.requestStop(timeout: .seconds(10))
        loop.run()
        #expect(sink.stored == all)
        // Each batch is one contiguous range of the log.
        for batch in sink.batches {
            #expect(WriteAheadBacklog.range(of: batch.rows) != nil)
        }
        #expect(WriteAheadLogTests.segments(dir).count == 1)
        #expect(try sink.committedWriteAheadRanges(logID: log.id, from: 1).count == sink.batches.count)
    }

    @Test func batchWithUnloggedReadingsIsNotParked() throws {
        let dir = WriteAheadLogTests.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let backlog = WriteAheadBacklog(
            log: try WriteAheadLogTests.open(dir), batchSize: 10, logger: Logger(label: "t"))
        #expect(throws: SpoolError.self) {
            try backlog.append(SpoolBatch(batchID: 1, readings: WriteAheadLogTests.message(1)))
        }
        #expect(backlog.isEmpty)
    }

    @Test func leftoverSpoolBatchesReplayFirst() throws {
        let dir = WriteAheadLogTests.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let spool = try Spool(configuration: SpoolConfiguration(directory: dir), logger: Logger(label: "t"))
        try spool.append(SpoolTests.batch(7, rows: 5))
        let log = try WriteAheadLogTests.open(dir)
        let backlog = WriteAheadBacklog(log: log, batchSize: 10, logger: Logger(label: "t"), leftover: spool)
        #expect(!backlog.isEmpty)
        #expect(try backlog.oldest() == SpoolTests.batch(7, rows: 5))
        backlog.commitOldest()
        #expect(backlog.isEmpty)
    }

    @Test func pipelineLogsBeforeQueueingAndRemembersLoggedMessagesAcrossRestarts() throws {
        let dir = WriteAheadLogTests.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let route = DaemonConfig.DecoderRoute(
            pattern: try TopicPattern("rtls/+gateway/readings"), decoderID: "rtls-json", utcOffsetSeconds: 0)
        let payload = Array(#"[{"ts":1763900000000,"tag":"t1","kind":"ble","rssi":-60},{"ts":1763900000001,"tag":"t2","kind":"ble","rssi":-61}]"#.utf8)
        let now = Timestamp(seconds: 1_763_900_000)
        do {
            let log = try WriteAheadLogTests.open(dir)
            let ring = SPSCRing<Reading>(minimumCapacity: 64)
            let pipeline = IngestPipeline(
                routes: [route], ring: ring, stats: PipelineStats(), logger: Logger(label: "t"),
                maxMessageBytes: 1 << 20, maxClockSkewSeconds: 300, writeAhead: log)
            pipeline.handle(topic: "rtls/gw1/readings", payload: payload, receivedAt: now)
            var queued: [Reading] = []
            _ = ring.drain(into: &queued, maxCount: 64)
            #expect(queued.map(\.sequence) == [1, 2])
            #expect(try WriteAheadReader(log: log).readings(in: 1...2) == queued)
        }
        // Restart: the broker redelivers the message whose PUBACK the crash lost.
        let log = try WriteAheadLogTests.open(dir)
        let ring = SPSCRing<Reading>(minimumCapacity: 64)
        let stats = PipelineStats()
        let pipeline = IngestPipeline(
            routes: [route], ring: ring, stats: stats, logger: Logger(label: "t"), maxMessageBytes: 1 << 20,
            maxClockSkewSeconds: 300, writeAhead: log)
        let reconnected = now.advanced(byMicroseconds: 5_000_000)
        pipeline.connectionEstablished(at: reconnected)
        pipeline.handle(topic: "rtls/gw1/readings", payload: payload, receivedAt: reconnected)
        #expect(stats.duplicatesDropped.load(ordering: .relaxed) == 1)
        #expect(ring.count == 0)
        #expect(log.bytes == (try WriteAheadLogTests.open(dir)).bytes)
        // The same payload again is a new measurement (redelivered at most once).
        pipeline.handle(topic: "rtls/gw1/readings", payload: payload, receivedAt: reconnected)
        #expect(stats.duplicatesDropped.load(ordering: .relaxed) == 1)
        #expect(ring.count == 2)
    }
}
