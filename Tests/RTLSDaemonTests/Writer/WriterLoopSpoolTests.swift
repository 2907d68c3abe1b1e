import Foundation
import Logging
import RTLSCore
import RTLSDaemon
import Synchronization
import Testing

/// The writer with a spool: outage → spool, recovery → ordered replay, exactly once, full spool.
@Suite struct WriterLoopSpoolTests {
    static func directory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("rtlsd-wspool-\(UUID().uuidString)").path
    }

    static func waitUntil(_ condition: () -> Bool) {
        for _ in 0..<10_000 where !condition() { Thread.sleep(forTimeInterval: 0.001) }
    }

    @Test func outageSpoolsWithoutBlockingTheRingAndReplaysExactlyOnce() throws {
        let dir = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let ring = SPSCRing<Reading>(minimumCapacity: 1024)
        let sink = FakeSink()
        sink.alwaysFail = true
        let stats = PipelineStats()
        let spool = try Spool(configuration: SpoolConfiguration(directory: dir), logger: Logger(label: "t"))
        let loop = WriterLoop(
            ring: ring, sink: sink, spool: spool, batchSize: 100, linger: .milliseconds(1), stats: stats,
            logger: Logger(label: "t"))
        let done = Atomic<Bool>(false)
        let thread = Thread {
            loop.run()
            done.store(true, ordering: .releasing)
        }
        thread.start()
        // Five ring-fulls pass through while the database is down: nothing blocks.
        var pushed = 0
        for i in 0..<5000 {
            while !ring.push(WriterLoopTests.reading(i), waitingUpTo: .milliseconds(2000)) {}
            pushed += 1
        }
        Self.waitUntil { stats.readingsSpooled.load(ordering: .relaxed) == 5000 }
        #expect(stats.readingsSpooled.load(ordering: .relaxed) == 5000)
        #expect(stats.spoolBytes.load(ordering: .relaxed) > 0)
        #expect(sink.stored.isEmpty)
        sink.setAlwaysFail(false)
        Self.waitUntil { stats.spoolBatches.load(ordering: .relaxed) == 0 && sink.stored.count == 5000 }
        loop.requestStop(timeout: .seconds(10))
        while !done.load(ordering: .acquiring) { Thread.sleep(forTimeInterval: 0.001) }
        let stored = sink.stored
        #expect(stored.count == 5000)
        #expect(Set(stored.map { $0.time.microseconds }).count == 5000)
        #expect(stored.map { $0.time.microseconds } == (0..<5000).map(Int64.init))
        #expect(stats.readingsReplayed.load(ordering: .relaxed) == 5000)
        #expect(stats.spoolBytes.load(ordering: .relaxed) == 0)
        #expect(spool.isEmpty)
    }

    @Test func batchThatCommittedBeforeTheErrorIsSkippedOnReplay() throws {
        let dir = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let ring = SPSCRing<Reading>(minimumCapacity: 1024)
        let sink = FakeSink()
        sink.failAfterCommit = true
        let stats = PipelineStats()
        let spool = try Spool(configuration: SpoolConfiguration(directory: dir), logger: Logger(label: "t"))
        let loop = WriterLoop(
            ring: ring, sink: sink, spool: spool, batchSize: 10, linger: .milliseconds(1), stats: stats,
            logger: Logger(label: "t"))
        for i in 0..<10 { #expect(ring.push(WriterLoopTests.reading(i))) }
        let thread = Thread { loop.run() }
        thread.start()
        Self.waitUntil { stats.batchesAlreadyCommitted.load(ordering: .relaxed) == 1 }
        loop.requestStop(timeout: .seconds(5))
        Self.waitUntil { thread.isFinished }
        #expect(sink.stored.count == 10)
        #expect(stats.batchesAlreadyCommitted.load(ordering: .relaxed) == 1)
        #expect(Set(sink.attemptedIDs).count == 1)
        #expect(spool.isEmpty)
    }

    @Test func stopWithTheDatabaseDownDrainsIntoTheSpoolAndTheNextRunReplaysIt() throws {
        let dir = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let ring = SPSCRing<Reading>(minimumCapacity: 1024)
        let sink = FakeSink()
        sink.alwaysFail = true
        let stats = PipelineStats()
        let config = SpoolConfiguration(directory: dir)
        do {
            let spool = try Spool(configuration: config, logger: Logger(label: "t"))
            let loop = WriterLoop(
                ring: ring, sink: sink, spool: spool, batchSize: 100, linger: .seconds(60), stats: stats,
                logger: Logger(label: "t"))
            for i in 0..<250 { #expect(ring.push(WriterLoopTests.reading(i))) }
            loop.requestStop(timeout: .seconds(30))
            loop.run()
            #expect(stats.readingsAbandoned.load(ordering: .relaxed) == 0)
            #expect(stats.readingsSpooled.load(ordering: .relaxed) == 250)
        }
        sink.alwaysFail = false
        let spool = try Spool(configuration: config, logger: Logger(label: "t"))
        #expect(spool.pendingBatches == 3)
        let stats2 = PipelineStats()
        let loop = WriterLoop(
            ring: ring, sink: sink, spool: spool, batchSize: 100, linger: .milliseconds(1), stats: stats2,
            logger: Logger(label: "t"))
        let thread = Thread { loop.run() }
        thread.start()
        // The spool belongs to the writer thread: watch it through the stats it publishes.
        Self.waitUntil { stats2.spoolBatches.load(ordering: .relaxed) == 0 }
        loop.requestStop(timeout: .seconds(5))
        Self.waitUntil { thread.isFinished }
        #expect(sink.stored.map { $0.time.microseconds } == (0..<250).map(Int64.init))
    }

    @Test func fullSpoolFallsBackToHoldingTheBatchAndCountsIt() throws {
        let dir = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let ring = SPSCRing<Reading>(minimumCapacity: 1024)
        let sink = FakeSink()
        sink.alwaysFail = true
        let stats = PipelineStats()
        let spool = try Spool(
            configuration: SpoolConfiguration(directory: dir, maxBytes: 3000, segmentBytes: 3000),
            logger: Logger(label: "t"))
        let loop = WriterLoop(
            ring: ring, sink: sink, spool: spool, batchSize: 20, linger: .milliseconds(1), stats: stats,
            logger: Logger(label: "t"))
        for i in 0..<200 { #expect(ring.push(WriterLoopTests.reading(i))) }
        let thread = Thread { loop.run() }
        thread.start()
        Self.waitUntil { stats.spoolFullEvents.load(ordering: .relaxed) >= 1 }
        #expect(stats.spoolFullEvents.load(ordering: .relaxed) >= 1)
        #expect(ring.count > 0)  // backpressure: the writer holds a batch instead of draining
        sink.setAlwaysFail(false)
        Self.waitUntil { ring.count == 0 && stats.spoolBatches.load(ordering: .relaxed) == 0 && sink.stored.count == 200 }
        loop.requestStop(timeout: .seconds(5))
        Self.waitUntil { thread.isFinished }
        #expect(sink.stored.count == 200)
        #expect(Set(sink.stored.map { $0.time.microseconds }).count == 200)
    }
}
