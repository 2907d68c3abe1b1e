import Foundation
public import Logging

/// Append-only segment files holding batches the database could not take, replayed oldest first.
///
/// Files are `<dir>/segment-<16-digit sequence>.spool`, each a run of ``SpoolRecord``s. Opening the
/// spool scans every segment: a torn or damaged record (a crash mid-write) and everything after it
/// in that segment is truncated, counted in ``truncatedRecords`` and logged; rtlsd never fails to
/// start over it. Appends go to a fresh segment after open, so a truncated file is never appended to.
/// A segment is deleted as soon as every batch in it has been committed (``commitOldest()``).
///
/// - Important: Not thread-safe: owned by the writer thread. Blocking file I/O and `fsync` run there.
public final class Spool {
    private struct Entry {
        var segment: UInt64
        var offset: UInt64
        var length: Int
    }

    private let configuration: SpoolConfiguration
    private let logger: Logger
    private let directory: URL
    private var pending: [Entry] = []
    private var head = 0
    private var liveBatches: [UInt64: Int] = [:]
    private var segmentSizes: [UInt64: Int64] = [:]
    private var nextSegment: UInt64 = 1
    private var active: (sequence: UInt64, handle: FileHandle)?
    private var reader: (sequence: UInt64, handle: FileHandle)?
    private var lastSync = ContinuousClock.now

    /// Bytes in segment files on disk.
    public private(set) var bytes: Int64 = 0
    /// Damaged records dropped when the spool was opened.
    public private(set) var truncatedRecords = 0

    /// Batches waiting for replay.
    public var pendingBatches: Int { self.pending.count - self.head }
    /// `true` when nothing waits for replay.
    public var isEmpty: Bool { self.pendingBatches == 0 }

    /// Opens (creating when missing) the spool directory and indexes the batches left in it.
    /// - Throws: `SpoolError.Code.io` when the directory cannot be created or read.
    public init(configuration: SpoolConfiguration, logger: Logger) throws(SpoolError) {
        self.configuration = configuration
        self.logger = logger
        self.directory = URL(fileURLWithPath: configuration.directory, isDirectory: true)
        let fm = FileManager.default
        let names: [String]
        do {
            try fm.createDirectory(at: self.directory, withIntermediateDirectories: true)
            names = try fm.contentsOfDirectory(atPath: configuration.directory)
        } catch {
            throw SpoolError(
                .io, path: configuration.directory, detail: "cannot open the directory (\(error.localizedDescription))")
        }
        for sequence in names.compactMap(Self.sequence(ofFileNamed:)).sorted() {
            try self.index(segment: sequence)
            self.nextSegment = max(self.nextSegment, sequence + 1)
        }
    }

    deinit {
        try? self.active?.handle.close()
        try? self.reader?.handle.close()
    }

    /// Appends a batch and makes it durable according to the sync policy.
    /// - Throws: `full` when it would pass `max_bytes` (nothing written), `io` when writing fails.
    public func append(_ batch: SpoolBatch) throws(SpoolError) {
        let record = SpoolRecord.encode(batch)
        guard self.bytes + Int64(record.count) <= self.configuration.maxBytes else {
            throw SpoolError(
                .full, path: self.configuration.directory,
                detail: "\(self.bytes) bytes used, max_bytes \(self.configuration.maxBytes)")
        }
        let target = try self.writableSegment(adding: record.count)
        let offset = UInt64(self.segmentSizes[target.sequence] ?? 0)
        do {
            try target.handle.write(contentsOf: record)
        } catch {
            // A partial write leaves a torn tail: drop this segment for appends; the next open truncates it.
            try? target.handle.close()
            self.active = nil
            throw SpoolError(
                .io, path: self.path(target.sequence), detail: "write failed (\(error.localizedDescription))")
        }
        try self.syncIfDue(target.handle, sequence: target.sequence)
        self.segmentSizes[target.sequence, default: 0] += Int64(record.count)
        self.bytes += Int64(record.count)
        self.pending.append(Entry(segment: target.sequence, offset: offset, length: record.count))
        self.liveBatches[target.sequence, default: 0] += 1
    }

    /// The oldest batch not yet committed, or `nil` when the spool is empty.
    /// - Throws: `corrupt`/`unsupportedVersion` for a record that cannot be decoded (skip it with
    ///   ``commitOldest()``), `io` when it cannot be read.
    public func oldest() throws(SpoolError) -> SpoolBatch? {
        guard self.head < self.pending.count else { return nil }
        let entry = self.pending[self.head]
        let path = self.path(entry.segment)
        let framed: [UInt8]
        do {
            if self.reader?.sequence != entry.segment {
                try? self.reader?.handle.close()
                self.reader = (entry.segment, try FileHandle(forReadingFrom: URL(fileURLWithPath: path)))
            }
            guard let handle = self.reader?.handle else { return nil }
            try handle.seek(toOffset: entry.offset)
            framed = [UInt8](try handle.read(upToCount: entry.length) ?? Data())
        } catch {
            throw SpoolError(.io, path: path, detail: "read failed (\(error.localizedDescription))")
        }
        do {
            return try SpoolRecord.decode(framed)
        } catch var error {
            error.path = path
            error.detail += " at offset \(entry.offset)"
            throw error
        }
    }

    /// Marks the oldest batch committed (or skipped); deletes its segment when it was the last one there.
    public func commitOldest() {
        guard self.head < self.pending.count else { return }
        let entry = self.pending[self.head]
        self.head += 1
        if self.head == self.pending.count || self.head > 4096 {
            self.pending.removeFirst(self.head)
            self.head = 0
        }
        let left = (self.liveBatches[entry.segment] ?? 1) - 1
        self.liveBatches[entry.segment] = left
        if left == 0 { self.delete(segment: entry.segment) }
    }

    /// Flushes appends to disk now (for the interval policy, at shutdown).
    public func sync() {
        try? self.active?.handle.synchronize()
        self.lastSync = .now
    }

    private func writableSegment(adding size: Int) throws(SpoolError) -> (sequence: UInt64, handle: FileHandle) {
        if let active = self.active,
            (self.segmentSizes[active.sequence] ?? 0) == 0
                || (self.segmentSizes[active.sequence] ?? 0) + Int64(size) <= self.configuration.segmentBytes
        {
            return active
        }
        if let active = self.active {
            try? active.handle.synchronize()
            try? active.handle.close()
            self.active = nil
        }
        let sequence = self.nextSegment
        self.nextSegment += 1
        let path = self.path(sequence)
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else {
            throw SpoolError(.io, path: path, detail: "cannot create a segment file")
        }
        SegmentFile.sync(self.configuration.directory)
        self.segmentSizes[sequence] = 0
        self.liveBatches[sequence] = 0
        self.active = (sequence, handle)
        return (sequence, handle)
    }

    private func syncIfDue(_ handle: FileHandle, sequence: UInt64) throws(SpoolError) {
        switch self.configuration.sync {
        case .everyAppend:
            break
        case .interval(let interval):
            guard ContinuousClock.now - self.lastSync >= interval else { return }
        }
        do {
            try handle.synchronize()
        } catch {
            throw SpoolError(.io, path: self.path(sequence), detail: "fsync failed (\(error.localizedDescription))")
        }
        self.lastSync = .now
    }

    /// Reads one segment at open, truncating a torn or damaged tail.
    private func index(segment sequence: UInt64) throws(SpoolError) {
        let scan = try SegmentFile.scan(path: self.path(sequence), kind: "Spool segment", logger: self.logger) {
            _, offset, length in
            self.pending.append(
                Entry(segment: sequence, offset: UInt64(offset), length: SpoolRecord.headerSize + length))
            return true
        }
        if scan.truncated { self.truncatedRecords += 1 }
        guard scan.records > 0 else { return }
        self.liveBatches[sequence] = scan.records
        self.segmentSizes[sequence] = Int64(scan.bytes)
        self.bytes += Int64(scan.bytes)
    }

    private func delete(segment sequence: UInt64) {
        if self.active?.sequence == sequence {
            try? self.active?.handle.close()
            self.active = nil
        }
        if self.reader?.sequence == sequence {
            try? self.reader?.handle.close()
            self.reader = nil
        }
        try? FileManager.default.removeItem(atPath: self.path(sequence))
        self.bytes -= self.segmentSizes[sequence] ?? 0
        self.segmentSizes[sequence] = nil
        self.liveBatches[sequence] = nil
    }

    private func path(_ sequence: UInt64) -> String {
        let digits = String(sequence)
        return self.directory.appendingPathComponent(
            "segment-" + String(repeating: "0", count: max(0, 16 - digits.count)) + digits + ".spool"
        ).path
    }

    private static func sequence(ofFileNamed name: String) -> UInt64? {
        guard name.hasPrefix("segment-"), name.hasSuffix(".spool") else { return nil }
        return UInt64(name.dropFirst("segment-".count).dropLast(".spool".count))
    }
}
