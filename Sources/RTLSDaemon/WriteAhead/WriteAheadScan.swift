import Logging
public import RTLSCore

/// What opening the write-ahead log finds in its segments: their sizes, the sequence numbers they
/// hold, and the newest messages' keys. A torn or damaged record (a crash mid-write) and what
/// follows it in its segment are truncated, counted and logged; rtlsd never fails to start over it.
struct WriteAheadScan {
    /// Segments with at least one record, oldest first.
    private(set) var segments: [WriteAheadLog.Segment] = []
    /// The lowest sequence number found.
    private(set) var oldestSequence: UInt64?
    /// The number the next reading gets: above every number logged, and at least every segment's
    /// name (an empty newest segment still proves its predecessors were numbered below it).
    private(set) var nextSequence: UInt64 = 1
    private(set) var truncatedRecords = 0
    /// Events records (rule output) found.
    private(set) var eventRecords = 0
    private(set) var recentKeys = RecentKeys(capacity: 65_536)
    private let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }

    /// Scans one segment file named for sequence `first`.
    mutating func add(segmentAt path: String, named first: UInt64) throws(SpoolError) {
        self.nextSequence = max(self.nextSequence, first)
        var headers: [WriteAheadRecord] = []
        var events = 0
        let scan = try SegmentFile.scan(path: path, kind: "Write-ahead segment", logger: self.logger) {
            bytes, offset, _ in
            if WriteAheadRecord.isEvents(bytes, payloadAt: offset + SpoolRecord.headerSize) {
                events += 1
                return true
            }
            guard let header = try? WriteAheadRecord.header(in: bytes, payloadAt: offset + SpoolRecord.headerSize)
            else { return false }
            headers.append(header)
            return true
        }
        if scan.truncated { self.truncatedRecords += 1 }
        self.eventRecords += events
        for header in headers {
            self.oldestSequence = min(self.oldestSequence ?? header.firstSequence, header.firstSequence)
            self.nextSequence = max(self.nextSequence, header.lastSequence + 1)
            self.recentKeys.append(header.messageKey, receivedAt: header.receivedAt)
        }
        guard scan.records > 0 else { return }
        self.segments.append(WriteAheadLog.Segment(firstSequence: first, path: path, bytes: Int64(scan.bytes)))
    }
}

/// The last `capacity` message keys appended, with their receive times, in order.
struct RecentKeys {
    private var values: [LoggedMessage] = []
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    mutating func append(_ key: UInt64, receivedAt: Int64) {
        self.values.append(LoggedMessage(key: key, receivedAt: Timestamp(microseconds: receivedAt)))
        if self.values.count >= 2 * self.capacity { self.values.removeFirst(self.values.count - self.capacity) }
    }

    var oldestFirst: [LoggedMessage] { Array(self.values.suffix(self.capacity)) }
}

/// A message the write-ahead log holds: its redelivery key and when rtlsd received it.
public struct LoggedMessage: Sendable, Equatable {
    /// The message's ``RedeliveryFilter`` key.
    public var key: UInt64
    /// When rtlsd received it.
    public var receivedAt: Timestamp
}
