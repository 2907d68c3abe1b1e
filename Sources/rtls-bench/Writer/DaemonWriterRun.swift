import Foundation
import Logging
import RTLSCore
import RTLSDaemon
import Synchronization

/// One run of the daemon's own writer (``WriterLoop`` on ``DatabaseSink``s, built by
/// `WriterLoop.onDatabase` from a `DaemonConfig` exactly as `rtlsd` builds it) over the input:
/// the readings are numbered in a fresh write-ahead log and queued in the ring first (intake's part,
/// not timed), then the loop runs until every reading is committed.
struct DaemonWriterRun {
    let input: WriterInput
    let conninfo: String
    let migrations: String
    let batchSize: Int
    let connections: Int
    let withLocations: Bool

    /// Builds the log, the ring and the loop (connecting its first connection), then `measure`s
    /// the loop from its start until every reading is committed and it has stopped.
    func run(measure: (() throws -> Void) throws -> PhaseFigures) throws -> PhaseFigures {
        var config = DaemonConfig(file: "rtls-bench")
        config.database.instance = "bench-writer"
        config.database.migrationsDirectory = self.migrations
        config.writer.batchSize = self.batchSize
        config.writer.connections = self.connections
        config.writer.ringCapacity = max(self.input.readings.count, 1024)
        let directory = NSTemporaryDirectory() + "rtls-bench-wal-\(getpid())-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let log = try WriteAheadLog(
            configuration: SpoolConfiguration(
                directory: directory, maxBytes: config.spool.maxBytes, segmentBytes: config.spool.segmentBytes,
                sync: .interval(.milliseconds(200)), failoverWindow: .seconds(config.spool.failoverWindowSeconds),
                failoverWindowBytes: config.spool.failoverWindowBytes),
            logger: Logger(label: "rtls-bench"))
        let ring = SPSCRing<Reading>(minimumCapacity: config.writer.ringCapacity)
        var offset = 0
        while offset < self.input.readings.count {
            var message = Array(self.input.readings[offset..<min(offset + 100, self.input.readings.count)])
            try log.append(&message, messageKey: UInt64(offset))
            for r in message { guard ring.push(r) else { throw BenchError("writer: ring full while queueing") } }
            offset += message.count
        }
        let stats = PipelineStats()
        let backlog = WriteAheadBacklog(log: log, batchSize: self.batchSize, logger: Logger(label: "rtls-bench"))
        let loop = try WriterLoop.onDatabase(
            conninfo: self.conninfo, config: config, ring: ring, backlog: backlog, stats: stats,
            logger: Logger(label: "rtls-bench"), eventSource: self.withLocations ? self.locationSource() : nil)
        let rows = UInt64(self.input.readings.count)
        return try measure {
            let finished = Atomic<Bool>(false)
            let thread = Thread {
                loop.run()
                finished.store(true, ordering: .releasing)
            }
            thread.start()
            while stats.readingsWritten.load(ordering: .relaxed) < rows {
                if finished.load(ordering: .acquiring) { break }
                Thread.sleep(forTimeInterval: 0.001)
            }
            loop.requestStop(timeout: .seconds(30))
            while !finished.load(ordering: .acquiring) { Thread.sleep(forTimeInterval: 0.001) }
            let written = stats.readingsWritten.load(ordering: .relaxed)
            guard written == rows, stats.writeFailures.load(ordering: .relaxed) == 0 else {
                throw BenchError(
                    "writer: the daemon's writer committed \(written) of \(rows) readings "
                        + "(\(stats.writeFailures.load(ordering: .relaxed)) failed writes)")
            }
        }
    }

    /// The rule engine's output as the writer takes it with each batch: one current location per
    /// reading of the batch (the input is queued whole, so each take is one full batch's).
    private func locationSource() -> @Sendable (inout EngineOutput) -> Void {
        let locations = self.input.locations
        let batchSize = self.batchSize
        let next = Mutex(0)
        return { events in
            let range = next.withLock { start -> Range<Int> in
                let end = min(start + batchSize, locations.count)
                defer { start = end }
                return start..<end
            }
            events.locations.append(contentsOf: locations[range])
        }
    }
}
