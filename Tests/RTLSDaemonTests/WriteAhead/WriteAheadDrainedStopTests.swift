import Foundation
import Logging
import RTLSCore
import Testing

@testable import RTLSDaemon

/// A clean stop with everything committed leaves nothing to replay: the next start reads no
/// segment. Any doubt (a batch not committed, a segment changed since) means the full scan.
@Suite struct WriteAheadDrainedStopTests {
    /// Runs a writer over `log` with `sink` until everything in `readings` was handled and it stopped.
    static func drain(_ log: WriteAheadLog, _ sink: FakeSink, messages: Int) throws -> (WriteAheadBacklog, [Reading]) {
        let ring = SPSCRing<Reading>(minimumCapacity: 8192)
        let backlog = WriteAheadBacklog(log: log, batchSize: 64, logger: Logger(label: "t"))
        let loop = WriterLoop(
            ring: ring, sink: sink, spool: backlog, batchSize: 64, linger: .milliseconds(5), stats: PipelineStats(),
            logger: Logger(label: "t"))
        let all = try WriteAheadBacklogTests.fill(log, messages: messages, ring: ring)
        loop.requestStop(timeout: .milliseconds(300))
        loop.run()
        return (backlog, all)
    }

    @Test func cleanDrainedStopIsReopenedWithoutReadingAndNumberingCarriesOn() throws {
        let dir = WriteAheadLogTests.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let sink = FakeSink()
        do {
            let log = try WriteAheadLogTests.open(dir, segmentBytes: 16 << 10)
            let (_, all) = try Self.drain(log, sink, messages: 100)
            #expect(sink.stored == all)
            log.markCleanStop()
        }
        #expect(FileManager.default.fileExists(atPath: dir + "/" + DrainedMarker.fileName))
        let log = try WriteAheadLogTests.open(dir, segmentBytes: 16 << 10)
        #expect(log.openedDrained)
        #expect(log.recovered == nil)
        #expect(log.firstSequenceOfRun == 1_001)
        let backlog = WriteAheadBacklog(log: log, batchSize: 64, logger: Logger(label: "t"))
        #expect(backlog.isEmpty)
        var readings = WriteAheadLogTests.message(7)
        try log.append(&readings, messageKey: 7)
        #expect(readings.map(\.sequence) == [1_001, 1_002, 1_003])
        // The markers are consumed: this run was not stopped, so the next open scans.
        let again = try WriteAheadLogTests.open(dir, segmentBytes: 16 << 10)
        #expect(!again.openedDrained)
        #expect(again.recovered?.upperBound == 1_003)
    }

    @Test func withoutACleanDisconnectTheLogIsScanned() throws {
        let dir = WriteAheadLogTests.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        do {
            let log = try WriteAheadLogTests.open(dir)
            _ = try Self.drain(log, FakeSink(), messages: 20)
        }
        let log = try WriteAheadLogTests.open(dir)
        #expect(!log.openedDrained)
        #expect(log.recovered == 1...200)
        // Redeliveries are expected after an unclean disconnect: the scan remembered the messages.
        #expect(log.recentMessages.count == 20)
    }

    @Test func aBatchTheDatabaseDidNotTakeWritesNoMarker() throws {
        let dir = WriteAheadLogTests.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let sink = FakeSink()
        sink.alwaysFail = true
        do {
            let log = try WriteAheadLogTests.open(dir)
            let (backlog, _) = try Self.drain(log, sink, messages: 20)
            #expect(!backlog.isEmpty)
            log.markCleanStop()
        }
        #expect(!FileManager.default.fileExists(atPath: dir + "/" + DrainedMarker.fileName))
        let log = try WriteAheadLogTests.open(dir)
        #expect(!log.openedDrained)
        #expect(log.recovered == 1...200)
    }

    @Test func aSegmentChangedAfterTheMarkerIsScanned() throws {
        let dir = WriteAheadLogTests.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        do {
            let log = try WriteAheadLogTests.open(dir)
            _ = try Self.drain(log, FakeSink(), messages: 20)
            log.markCleanStop()
            // Appended after the marker (cannot happen in rtlsd: the marker is the drain's last act).
            var late = WriteAheadLogTests.message(99)
            try log.append(&late, messageKey: 99)
        }
        let log = try WriteAheadLogTests.open(dir)
        #expect(!log.openedDrained)
        #expect(log.recovered == 1...203)
    }

    @Test func markerRoundTripsAndRejectsGarbage() {
        let marker = DrainedMarker(nextSequence: 42, files: [("wal-00000000000000000001.log", 1_234)])
        var text = "next 42\n"
        text += "wal-00000000000000000001.log 1234\n"
        #expect(DrainedMarker.parse(text) == marker)
        #expect(DrainedMarker.parse("next x\n") == nil)
        #expect(DrainedMarker.parse("next 1\nwal-1.log\n") == nil)
    }
}
