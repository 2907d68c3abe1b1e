/// Where and how the spool keeps batches the database could not take (`[spool]`).
public struct SpoolConfiguration: Sendable, Equatable {
    /// When appended records reach the disk.
    public enum SyncPolicy: Sendable, Equatable {
        /// `fsync` after every append: a batch acknowledged as spooled survives power loss.
        case everyAppend
        /// `fsync` at most once per interval; a power cut can lose the last interval's appends.
        case interval(Duration)
    }

    /// The spool directory (created when missing).
    public var directory: String
    /// Appends beyond this many bytes on disk are refused (`SpoolError.Code.full`).
    public var maxBytes: Int64 = 1 << 30
    /// A new segment file starts when the current one would pass this size.
    public var segmentBytes: Int64 = 64 << 20
    /// When appends are flushed to disk.
    public var sync: SyncPolicy = .everyAppend

    /// The write-ahead log keeps a segment this long after every reading in it committed (`[spool]
    /// failover_window_s`), so readings a promoted standby lacks can be replayed (``WriteAheadLog``).
    public var failoverWindow: Duration = .zero
    /// ...and keeps at most this many bytes of such segments (`[spool] failover_window_bytes`).
    public var failoverWindowBytes: Int64 = 0

    /// Creates a configuration with the defaults of `[spool]`, except the failover window: none
    /// unless given (the daemon passes `failover_window_s` and `failover_window_bytes`).
    public init(
        directory: String, maxBytes: Int64 = 1 << 30, segmentBytes: Int64 = 64 << 20, sync: SyncPolicy = .everyAppend,
        failoverWindow: Duration = .zero, failoverWindowBytes: Int64 = 0
    ) {
        self.directory = directory
        self.maxBytes = maxBytes
        self.segmentBytes = segmentBytes
        self.sync = sync
        self.failoverWindow = failoverWindow
        self.failoverWindowBytes = failoverWindowBytes
    }
}
