import Foundation
import Logging
import RTLSCore
import Synchronization
import Testing

@testable import RTLSDaemon

/// A replay must not keep a deleted segment open: its disk space (up to `segment_bytes`) would stay
/// in use until rtlsd exits.
@Suite struct WriteAheadReaderHandleTests {
    /// This process's open descriptors on files in `dir` that have been deleted.
    static func deletedFilesOpen(in dir: String) -> Int {
        let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return fds.filter { fd in
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + fd)
            else { return false }
            return target.hasPrefix(dir + "/") && target.hasSuffix(" (deleted)")
        }.count
    }

    @Test func replayedSegmentsAreClosedOnceDeleted() throws {
        let dir = WriteAheadLogTests.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let log = try WriteAheadLogTests.open(dir, segmentBytes: 16 << 10)
        let ring = SPSCRing<Reading>(minimumCapacity: 8192)
        let sink = FakeSink()
        sink.alwaysFail = true
        let stats = PipelineStats()
        let backlog = WriteAheadBacklog(log: log, batchSize: 100, logger: Logger(label: "t"))
        let loop = WriterLoop(
            ring: ring, sink: sink, spool: backlog, batchSize: 100, linger: .milliseconds(5), stats: stats,
            logger: Logger(label: "t"))
        let outage = try WriteAheadBacklogTests.fill(log, messages: 200, ring: ring)
        let done = WriteAheadBacklogTests.run(loop)
        WriteAheadBacklogTests.waitUntil { ring.count == 0 && stats.spoolBatches.load(ordering: .relaxed) >= 2 }
        sink.setAlwaysFail(false)
        WriteAheadBacklogTests.waitUntil { sink.stored.count >= outage.count }
        // Live traffic after the replay rolls the log on: the segments the replay read are deleted.
        let live = try WriteAheadBacklogTests.fill(log, messages: 200, ring: ring)
        WriteAheadBacklogTests.waitUntil { sink.stored.count >= outage.count + live.count }
        loop.requestStop(timeout: .seconds(10))
        WriteAheadBacklogTests.waitUntil { done.isSet }
        #expect(stats.readingsReplayed.load(ordering: .relaxed) == UInt64(outage.count))
        #expect(!WriteAheadLogTests.segments(dir).contains(WriteAheadLog.fileName(firstSequence: 1)))
        // The interval syncer may hold a segment for an instant: allow it a moment.
        WriteAheadBacklogTests.waitUntil(2) { Self.deletedFilesOpen(in: dir) == 0 }
        #expect(Self.deletedFilesOpen(in: dir) == 0)
        #expect(!backlog.readerHoldsSegmentOpen)
    }
}

/// Reading consecutive ranges that end inside records (batches of any size over messages of any
/// size) reads each segment once, front to back.
@Suite struct WriteAheadReaderCursorTests {
    @Test func consecutiveRangesThatSplitRecordsDoNotRescanTheSegment() throws {
        let dir = WriteAheadLogTests.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let log = try WriteAheadLogTests.open(dir)
        let all = try WriteAheadBacklogTests.fill(log, messages: 500, per: 10)
        let reader = WriteAheadReader(log: log)
        var read: [Reading] = []
        var first: UInt64 = 1
        while first <= UInt64(all.count) {
            let last = min(first + 6, UInt64(all.count))
            read += try reader.readings(in: first...last)
            first = last + 1
        }
        #expect(read == all)
        #expect(reader.opens == 1)
    }
}
