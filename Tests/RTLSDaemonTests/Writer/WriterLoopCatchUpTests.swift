import Foundation
import Logging
import RTLSCore
import Synchronization
import Testing

@testable import RTLSDaemon

/// A sink that blocks every write while closed (a database that has stopped answering quickly:
/// a table lock, a checkpoint), then stores like ``FakeSink``.
final class GatedSink: BatchSink, @unchecked Sendable {
    // SAFETY (@unchecked Sendable): `open` is guarded by `gate`; `inner` locks itself.
    let inner = FakeSink()
    private let gate = NSCondition()
    private var open = true

    func close() {
        self.gate.lock()
        self.open = false
        self.gate.unlock()
    }
    func reopen() {
        self.gate.lock()
        self.open = true
        self.gate.broadcast()
        self.gate.unlock()
    }
    func write(_ batch: [Reading], events: EngineOutput, batchID: Int64) throws -> BatchOutcome {
        self.gate.lock()
        while !self.open { self.gate.wait() }
        self.gate.unlock()
        return try self.inner.write(batch, events: events, batchID: batchID)
    }
    func reconnect() throws { try self.inner.reconnect() }
    func highestBatchID() throws -> Int64 { try self.inner.highestBatchID() }
    func takeLedgerFloor() -> Int64? { self.inner.takeLedgerFloor() }
    func writeRecoveredEvents(_ events: EngineOutput) throws -> (alerts: Int, zoneEvents: Int) {
        try self.inner.writeRecoveredEvents(events)
    }
    func committedWriteAheadRanges(logID: Int64, from: UInt64) throws -> [ClosedRange<UInt64>] {
        try self.inner.committedWriteAheadRanges(logID: logID, from: from)
    }
}

/// Intake never waits on a slow database while the write-ahead log has room: readings that find
/// the ring full stay in the log, and the writer stores them from there, in log order, once.
@Suite struct WriterLoopCatchUpTests {
    static let topic = "rtls/gw1/readings"

    static func payload(_ i: Int) -> [UInt8] {
        Array(#"{"ts":\#(1_763_900_000_000 + i),"tag":"t\#(i % 50)","kind":"ble","rssi":-60}"#.utf8)
    }

    /// The position and number of the first stored reading that is not the next log number.
    static func firstOutOfOrder(_ stored: [Reading]) -> (index: Int, sequence: UInt64)? {
        for (i, r) in stored.enumerated() where r.sequence != UInt64(i + 1) { return (i, r.sequence) }
        return nil
    }

    /// Intake (the real pipeline, rtls-json) and the writer over one write-ahead log in `dir`, with
    /// a ring of `ring` slots and a sink that can be blocked.
    static func harness(_ dir: String, ring capacity: Int, batchSize: Int) throws -> (
        IngestPipeline, WriterLoop, WriteAheadBacklog, GatedSink, PipelineStats
    ) {
        let log = try WriteAheadLogTests.open(dir, segmentBytes: 64 << 10)
        let ring = SPSCRing<Reading>(minimumCapacity: capacity)
        let stats = PipelineStats()
        let sink = GatedSink()
        let overflow = IntakeOverflow()
        let backlog = WriteAheadBacklog(log: log, batchSize: batchSize, logger: Logger(label: "t"))
        let loop = WriterLoop(
            ring: ring, sink: sink, spool: backlog, batchSize: batchSize, linger: .milliseconds(5), stats: stats,
            logger: Logger(label: "t"), overflow: overflow)
        let route = DaemonConfig.DecoderRoute(
            pattern: try TopicPattern("rtls/+gateway/readings"), decoderID: "rtls-json", utcOffsetSeconds: 0)
        let pipeline = IngestPipeline(
            routes: [route], ring: ring, stats: stats, logger: Logger(label: "t"), maxMessageBytes: 1 << 20,
            maxClockSkewSeconds: 300, duplicateWindow: 0, writeAhead: log, overflow: overflow)
        return (pipeline, loop, backlog, sink, stats)
    }

    @Test func aBlockedWriterDoesNotStopIntakeAndEverythingIsStoredOnceInOrder() throws {
        let dir = WriteAheadLogTests.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (pipeline, loop, backlog, sink, stats) = try Self.harness(dir, ring: 64, batchSize: 50)
        let done = WriteAheadBacklogTests.run(loop)
        let now = Timestamp(seconds: 1_763_900_000)

        // The database stops answering: 5,000 messages against a 64-slot ring. Intake must finish
        // them all while the writer is blocked (the old code waited on the full ring until the
        // database answered again).
        sink.close()
        let intake = WriteAheadBacklogTests.Finished()
        Thread {
            for i in 0..<5_000 { pipeline.handle(topic: Self.topic, payload: Self.payload(i), receivedAt: now) }
            intake.flag.store(true, ordering: .releasing)
        }.start()
        WriteAheadBacklogTests.waitUntil(10) { intake.isSet }
        let intakeFinishedWhileBlocked = intake.isSet
        #expect(intakeFinishedWhileBlocked)
        if !intakeFinishedWhileBlocked {
            sink.reopen()
            WriteAheadBacklogTests.waitUntil { intake.isSet }
        }
        #expect(stats.readingsDecoded.load(ordering: .relaxed) == 5_000)
        #expect(stats.readingsLeftInLog.load(ordering: .relaxed) >= 5_000 - 64 - 50)
        #expect(stats.tallies.ringFullWaitNanoseconds.load(ordering: .relaxed) == 0)

        // The database answers again: the writer stores the ring and the log's share, in order.
        sink.reopen()
        WriteAheadBacklogTests.waitUntil { sink.inner.stored.count >= 5_000 }
        // More traffic after the catch-up goes through the ring again.
        for i in 5_000..<5_200 { pipeline.handle(topic: Self.topic, payload: Self.payload(i), receivedAt: now) }
        WriteAheadBacklogTests.waitUntil { sink.inner.stored.count >= 5_200 }
        loop.requestStop(timeout: .seconds(10))
        WriteAheadBacklogTests.waitUntil { done.isSet }

        let stored = sink.inner.stored
        #expect(stored.count == 5_200)
        #expect(Self.firstOutOfOrder(stored) == nil)
        #expect(stats.readingsCaughtUp.load(ordering: .relaxed) == stats.readingsLeftInLog.load(ordering: .relaxed))
        #expect(stats.readingsReplayed.load(ordering: .relaxed) == 0)
        #expect(backlog.isEmpty)
        #expect(backlog.writerStopped())
    }

    @Test func readingsLeftInTheLogAfterTheRingsLastAreStoredAtStop() throws {
        let dir = WriteAheadLogTests.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (pipeline, loop, backlog, sink, stats) = try Self.harness(dir, ring: 16, batchSize: 10)
        let done = WriteAheadBacklogTests.run(loop)
        sink.close()
        let intake = WriteAheadBacklogTests.Finished()
        Thread {
            for i in 0..<300 { pipeline.handle(topic: Self.topic, payload: Self.payload(i), receivedAt: Timestamp(seconds: 1)) }
            intake.flag.store(true, ordering: .releasing)
        }.start()
        WriteAheadBacklogTests.waitUntil(10) { intake.isSet }
        #expect(intake.isSet)
        if !intake.isSet {
            sink.reopen()
            WriteAheadBacklogTests.waitUntil { intake.isSet }
        }
        // Intake has stopped (as at shutdown); the database answers while the writer drains.
        loop.requestStop(timeout: .seconds(10))
        sink.reopen()
        WriteAheadBacklogTests.waitUntil { done.isSet }
        #expect(sink.inner.stored.count == 300)
        #expect(Self.firstOutOfOrder(sink.inner.stored) == nil)
        #expect(stats.readingsAbandoned.load(ordering: .relaxed) == 0)
        #expect(backlog.writerStopped())
    }
}
