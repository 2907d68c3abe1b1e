import Foundation
public import Logging
public import RTLSCore
import Synchronization

/// The write-ahead log (`[spool] write_ahead = true`): every MQTT message's readings, appended by
/// the MQTT thread *before* its callback returns, so before libmosquitto writes the PUBACK.
///
/// libmosquitto (threaded mode, as ``MosquittoClient`` runs it) only queues the PUBACK of a QoS 1
/// message before calling `on_message`; the network thread writes it on its next loop pass, after
/// the callback has returned. A reading whose `write(2)` into this log has returned is in the
/// kernel's page cache: a crash of rtlsd (SIGKILL, OOM, a trap) no longer loses it. fsync policy
/// (`[spool] fsync`): `"batch"` syncs every append (power-loss safe, slow: one fsync per message);
/// an interval has a thread of its own (``WriteAheadSyncer``) sync the newest segment that often (a
/// power cut can lose the interval, a process crash loses nothing).
///
/// Readings are numbered in the order they are logged (``Reading/sequence``, from 1, never reused);
/// the ring and the writer keep that order, so every batch covers one contiguous range, which the
/// ledger stores with the batch (`ingest_batches.wal_first/wal_last`, see ``WriteAheadBacklog``).
///
/// Files: `<dir>/wal.id` (the log's random id, the `wal_id` in the ledger) and segments
/// `<dir>/wal-<20-digit first sequence>.log`. Opening the log scans every segment, truncates a torn
/// tail (as the spool does) and reports what is left as ``recovered``: readings logged by the last
/// run that may not be in the database yet. A segment is deleted once every reading in it is
/// committed and the failover window has passed (``release(below:now:)``: kept `[spool]
/// failover_window_s` after its last reading committed, at most `failover_window_bytes` of such
/// segments, and given up at once when an append would pass `max_bytes`), so readings a promoted
/// standby lacks can be replayed (``WriteAheadBacklog/connectionRenewed()``); the newest segment is
/// never deleted, so numbering carries on.
///
/// Besides readings it holds *events records*: what the rules emitted (alerts, zone events,
/// locations), appended by ``appendEvents(_:)`` before they reach the journal; a restart after a
/// crash writes those the database lacks (``WriteAheadReader/eventsLoggedBefore()``).
///
/// Threads: ``append(_:messageKey:)`` from the MQTT thread, ``appendEvents(_:)`` from the rules
/// stage (MQTT thread or sweep timer), serialised by one lock; ``release(below:now:)``, ``sync()`` and
/// reads (``WriteAheadReader``) from one other (the writer thread).
public final class WriteAheadLog: @unchecked Sendable {
    // SAFETY (@unchecked Sendable): `active`, `activeSize`, `nextSequence`, `buffer` and
    // `eventBuffer` are touched only under `appendLock`; the segment list is behind a Mutex,
    // the byte total is atomic, the syncer is Sendable. Segments other than the newest are never
    // written again, so the writer may read or delete them while appends continue.
    struct Segment: Sendable {
        var firstSequence: UInt64
        var path: String
        /// Final size; kept up to date for every segment but the newest.
        var bytes: Int64
        /// When every reading in it was found committed: from then on it is kept for the failover
        /// window only.
        var committedAt: ContinuousClock.Instant? = nil
    }

    /// The log's id (`ingest_batches.wal_id`).
    public let id: Int64
    /// Sequence numbers found at open that the last run logged: reconcile them with the ledger.
    public let recovered: ClosedRange<UInt64>?
    /// The newest messages found at open (redelivery keys and receive times), oldest first (at
    /// most 65,536): the broker resends those whose PUBACK a crash prevented.
    public let recentMessages: [LoggedMessage]
    /// Damaged records dropped at open.
    public let truncatedRecords: Int
    /// The first sequence number of this run.
    public let firstSequenceOfRun: UInt64
    /// The directory and limits.
    public let configuration: SpoolConfiguration

    private let logger: Logger
    let segments: Mutex<[Segment]>
    let totalBytes: Atomic<Int64>
    private var active: (path: String, handle: FileHandle)?
    private var activeSize: Int64 = 0
    private var nextSequence: UInt64
    private var buffer: [UInt8] = []
    private var eventBuffer: [UInt8] = []
    private let appendLock = NSLock()
    /// The segments found at open with their sizes then: what the previous run logged.
    let segmentsAtOpen: [Segment]
    /// Events records found at open.
    public let eventRecordsAtOpen: Int
    /// The last run disconnected from the broker cleanly (``markCleanStop()``): none of the
    /// messages it logged can be redelivered.
    public let lastRunStoppedCleanly: Bool
    /// The last run stopped cleanly with everything it logged committed (``markDrained()``), and
    /// the segments are as it left them: opening read no segment, and nothing is to be recovered.
    public let openedDrained: Bool
    /// Syncs segments every interval; `nil` with `fsync = "batch"` (each append syncs).
    private let syncer: WriteAheadSyncer?
    /// Events records appended by this run (see ``WriteAheadBacklog/writerStopped()``).
    private let eventRecordsAppended = Atomic<UInt64>(0)

    /// Bytes in segment files.
    public var bytes: Int64 { self.totalBytes.load(ordering: .relaxed) }

    /// The oldest sequence number the log may still hold: its ledger ranges must be kept.
    public var oldestSequence: UInt64 {
        self.segments.withLock { $0.first?.firstSequence } ?? self.firstSequenceOfRun
    }

    /// Opens (creating when missing) the log directory and scans what a previous run left.
    /// - Throws: `SpoolError.Code.io` when the directory or a segment cannot be read or written.
    public init(configuration: SpoolConfiguration, logger: Logger) throws(SpoolError) {
        self.configuration = configuration
        self.logger = logger
        let directory = configuration.directory
        self.id = try Self.logID(in: directory)
        let files = try Self.segmentFiles(in: directory)
        let marker = directory + "/" + Self.cleanStopFile
        self.lastRunStoppedCleanly = FileManager.default.fileExists(atPath: marker)
        try? FileManager.default.removeItem(atPath: marker)
        // Consumed like the clean-stop marker: a crash of this run is never taken for a drained stop.
        let drained = DrainedMarker.take(in: directory)
        if self.lastRunStoppedCleanly, let drained, let segments = drained.segments(matching: files, in: directory) {
            // Nothing to recover, no redelivery to expect: skip reading what may be 64 MiB per segment.
            self.openedDrained = true
            self.segments = Mutex(segments)
            self.segmentsAtOpen = segments
            self.eventRecordsAtOpen = 0
            self.totalBytes = Atomic(segments.reduce(0) { $0 + $1.bytes })
            self.nextSequence = drained.nextSequence
            self.firstSequenceOfRun = drained.nextSequence
            self.recovered = nil
            self.recentMessages = []
            self.truncatedRecords = 0
        } else {
            var scan = WriteAheadScan(logger: logger)
            for (first, name) in files {
                try scan.add(segmentAt: directory + "/" + name, named: first)
            }
            self.openedDrained = false
            self.segments = Mutex(scan.segments)
            self.segmentsAtOpen = scan.segments
            self.eventRecordsAtOpen = scan.eventRecords
            self.totalBytes = Atomic(scan.segments.reduce(0) { $0 + $1.bytes })
            self.nextSequence = scan.nextSequence
            self.firstSequenceOfRun = scan.nextSequence
            self.recovered = scan.oldestSequence.map { $0...(scan.nextSequence - 1) }
            self.recentMessages = scan.recentKeys.oldestFirst
            self.truncatedRecords = scan.truncatedRecords
        }
        let newestSegment = self.segments.withLock { $0.last }
        let nextSequence = self.nextSequence
        if case .interval(let interval) = configuration.sync {
            self.syncer = WriteAheadSyncer(directory: directory, interval: interval)
        } else {
            self.syncer = nil
        }
        // A newest segment holding events records only is named for the next sequence number:
        // append to it rather than create (and truncate) a file of the same name.
        if let last = newestSegment, last.firstSequence == nextSequence,
            let handle = FileHandle(forWritingAtPath: last.path)
        {
            _ = try? handle.seekToEnd()
            self.active = (last.path, handle)
            self.activeSize = last.bytes
            self.syncer?.rolled(to: last.path, closed: nil)
        }
    }

    deinit {
        try? self.active?.handle.close()
        self.syncer?.stop()
    }

    /// Numbers `readings` (sets each ``Reading/sequence``) and appends them as one record.
    ///
    /// On return without error the record is written (and synced with `fsync = "batch"`). On error
    /// nothing is numbered; calling again retries with the same numbers.
    /// - Throws: `full` past `max_bytes` (nothing written), `io` when the write fails (the segment
    ///   is abandoned for appends; its torn tail is truncated at the next open).
    public func append(_ readings: inout [Reading], messageKey: UInt64) throws(SpoolError) {
        guard !readings.isEmpty else { return }
        self.appendLock.lock()
        defer { self.appendLock.unlock() }
        let first = self.nextSequence
        // The record carries `first`; the readings are numbered only once it is written.
        WriteAheadRecord.encode(readings, firstSequence: first, messageKey: messageKey, into: &self.buffer)
        let size = Int64(self.buffer.count)
        guard self.hasRoom(for: size) else {
            throw SpoolError(
                .full, path: self.configuration.directory,
                detail: "write-ahead log holds \(self.bytes) bytes, max_bytes \(self.configuration.maxBytes)")
        }
        let handle = try self.writableSegment(adding: size, firstSequence: first)
        try self.write(self.buffer, to: handle)
        self.nextSequence = first + UInt64(readings.count)
        for i in readings.indices { readings[i].sequence = first + UInt64(i) }
    }

    /// Appends what the rules emitted (alerts, zone events, locations) as one events record, before
    /// they are logged to the journal or published: a crash after this cannot lose them.
    /// - Throws: `full` past `max_bytes`, `io` when the write fails (nothing is logged then).
    public func appendEvents(_ output: EngineOutput) throws(SpoolError) {
        guard !output.isEmpty else { return }
        self.appendLock.lock()
        defer { self.appendLock.unlock() }
        WriteAheadRecord.encodeEvents(output, into: &self.eventBuffer)
        let size = Int64(self.eventBuffer.count)
        guard self.hasRoom(for: size) else {
            throw SpoolError(
                .full, path: self.configuration.directory,
                detail: "write-ahead log holds \(self.bytes) bytes, max_bytes \(self.configuration.maxBytes)")
        }
        // Events never start a segment of their own while one is open (a segment is named for the
        // first reading it will hold; see `writableSegment`).
        let handle: FileHandle
        if let active = self.active {
            handle = active.handle
        } else {
            handle = try self.writableSegment(adding: size, firstSequence: self.nextSequence)
        }
        // Counted before the write: a record that may be on disk is never taken for one that is not.
        self.eventRecordsAppended.add(1, ordering: .relaxed)
        try self.write(self.eventBuffer, to: handle)
    }

    /// Events records this run appended (or tried to).
    var appendedEventRecords: UInt64 { self.eventRecordsAppended.load(ordering: .relaxed) }

    /// The number the next reading gets.
    var nextSequenceNumber: UInt64 {
        self.appendLock.lock()
        defer { self.appendLock.unlock() }
        return self.nextSequence
    }

    /// Records that everything this run logged is committed (readings and rule output): with the
    /// clean-stop marker, the next open reads no segment (``openedDrained``). The marker holds the
    /// next sequence number and each segment's name and size; any difference at open (a segment
    /// appended to, deleted or truncated since) means a full scan, as after a crash.
    /// - Important: Call after the last append (the writer thread, at the end of its drain).
    func markDrained() {
        self.appendLock.lock()
        defer { self.appendLock.unlock() }
        self.syncer?.syncNow()
        let segments = self.segmentList()
        DrainedMarker.write(
            nextSequence: self.nextSequence, segments: segments.map { ($0.path as NSString).lastPathComponent },
            in: self.configuration.directory)
    }

    /// Writes one framed record to the open segment (synced with `fsync = "batch"`).
    private func write(_ record: [UInt8], to handle: FileHandle) throws(SpoolError) {
        do {
            try handle.write(contentsOf: record)
            if case .everyAppend = self.configuration.sync { try handle.synchronize() }
        } catch {
            try? handle.close()
            self.active = nil
            throw SpoolError(
                .io, path: self.configuration.directory, detail: "write-ahead append failed (\(error.localizedDescription))")
        }
        self.activeSize += Int64(record.count)
        self.totalBytes.add(Int64(record.count), ordering: .relaxed)
    }

    /// Records that this run disconnected from the broker cleanly, after its last message: the next
    /// start need not expect redeliveries of what this run logged.
    public func markCleanStop() {
        let directory = self.configuration.directory
        if FileManager.default.createFile(atPath: directory + "/" + Self.cleanStopFile, contents: nil) {
            SegmentFile.sync(directory)
        }
    }

    static let cleanStopFile = "clean-stop"

    /// Syncs what the interval syncer has not yet (shutdown).
    public func sync() {
        self.syncer?.syncNow()
    }

    /// The segments in sequence order (for readers).
    func segmentList() -> [Segment] {
        self.segments.withLock { $0 }
    }

    /// The open segment, rolling to a new one when this record would pass `segment_bytes`.
    private func writableSegment(adding size: Int64, firstSequence: UInt64) throws(SpoolError) -> FileHandle {
        // Stay in the open segment while it has room, and while it holds no reading yet (events
        // only): a new segment would take the same name.
        if let active = self.active,
            self.activeSize == 0 || self.activeSize + size <= self.configuration.segmentBytes
                || self.segments.withLock({ $0.last?.firstSequence == firstSequence })
        {
            return active.handle
        }
        // With `fsync = "batch"` every append was synced already; else the syncer syncs the old
        // segment's tail, off this thread.
        let path = self.configuration.directory + "/" + Self.fileName(firstSequence: firstSequence)
        let sameName = self.segments.withLock { $0.last.flatMap { $0.firstSequence == firstSequence ? $0.bytes : nil } }
        if let scannedBytes = sameName, let handle = FileHandle(forWritingAtPath: path) {
            // The newest segment already has this name (a write to it failed, or it holds events
            // only): keep its good records, cut a torn tail, and go on appending.
            try? self.active?.handle.close()
            // Good bytes: what this run wrote, or what the scan at open found (never less).
            self.activeSize = max(self.activeSize, scannedBytes)
            do {
                try handle.truncate(atOffset: UInt64(self.activeSize))
                try handle.seekToEnd()
            } catch {
                throw SpoolError(.io, path: path, detail: "cannot reopen a write-ahead segment (\(error.localizedDescription))")
            }
            self.active = (path, handle)
            return handle
        }
        let closed = self.active?.path
        try? self.active?.handle.close()
        self.active = nil
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else {
            throw SpoolError(.io, path: path, detail: "cannot create a write-ahead segment")
        }
        if let syncer = self.syncer {
            syncer.rolled(to: path, closed: closed)
        } else {
            SegmentFile.sync(self.configuration.directory)
        }
        let closedSize = self.activeSize
        self.segments.withLock { segments in
            if let last = segments.indices.last {
                segments[last].bytes = max(segments[last].bytes, closedSize)
            }
            segments.append(Segment(firstSequence: firstSequence, path: path, bytes: 0))
        }
        self.active = (path, handle)
        self.activeSize = 0
        return handle
    }

    /// `true` when `directory` holds write-ahead segments.
    public static func hasSegments(in directory: String) -> Bool {
        (try? FileManager.default.contentsOfDirectory(atPath: directory))?.contains {
            $0.hasPrefix("wal-") && $0.hasSuffix(".log")
        } ?? false
    }

    static func fileName(firstSequence: UInt64) -> String {
        let digits = String(firstSequence)
        return "wal-" + String(repeating: "0", count: max(0, 20 - digits.count)) + digits + ".log"
    }

    /// Segment files in the directory (creating it), oldest first.
    private static func segmentFiles(in directory: String) throws(SpoolError) -> [(UInt64, String)] {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            return try FileManager.default.contentsOfDirectory(atPath: directory).compactMap { name in
                guard name.hasPrefix("wal-"), name.hasSuffix(".log"),
                    let first = UInt64(name.dropFirst(4).dropLast(4))
                else { return nil }
                return (first, name)
            }.sorted { $0.0 < $1.0 }
        } catch {
            throw SpoolError(.io, path: directory, detail: "cannot open the directory (\(error.localizedDescription))")
        }
    }

    /// Reads `wal.id`, creating it with a fresh random id when missing.
    private static func logID(in directory: String) throws(SpoolError) -> Int64 {
        let path = directory + "/wal.id"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            if let text = try? String(contentsOfFile: path, encoding: .utf8) {
                guard let id = Int64(text.trimmingCharacters(in: .whitespacesAndNewlines)), id > 0 else {
                    throw SpoolError(.corrupt, path: path, detail: "not a positive integer")
                }
                return id
            }
            let id = Int64.random(in: 1...Int64.max)
            try "\(id)\n".write(toFile: path, atomically: true, encoding: .utf8)
            SegmentFile.sync(directory)
            return id
        } catch let error as SpoolError {
            throw error
        } catch {
            throw SpoolError(.io, path: path, detail: "cannot create the log id (\(error.localizedDescription))")
        }
    }
}
