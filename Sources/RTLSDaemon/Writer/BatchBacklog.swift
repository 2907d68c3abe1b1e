public import RTLSCore

/// Where the writer keeps batches the database did not take, to replay them oldest first: the
/// disk ``Spool`` (copies the batch to disk), or the ``WriteAheadBacklog`` (the readings are in the
/// write-ahead log already; it keeps their ranges).
///
/// - Important: Owned by the writer thread.
public protocol BatchBacklog: AnyObject {
    /// Keeps a batch for replay.
    /// - Throws: `full` (or `io`) when it cannot: the writer then holds the batch in memory.
    func append(_ batch: SpoolBatch) throws(SpoolError)
    /// The oldest batch kept, or `nil` when there is none (or none can be read yet).
    func oldest() throws(SpoolError) -> SpoolBatch?
    /// Forgets the oldest batch: it was committed (or skipped as unreadable).
    func commitOldest()
    /// `true` when nothing waits for replay.
    var isEmpty: Bool { get }
    /// Batches waiting for replay.
    var pendingBatches: Int { get }
    /// Bytes on disk.
    var bytes: Int64 { get }
    /// Makes appends durable now (at shutdown).
    func sync()
    /// Called with a batch the database stored (live or replayed).
    func stored(_ readings: [Reading])
    /// Work that needs the database before ``oldest()`` can answer (reconciling a crash's log with
    /// the ledger); called before each replay attempt.
    /// - Parameter nextBatchID: ids for batches it creates.
    func prepare(using sink: any BatchSink, nextBatchID: () -> Int64) throws
    /// Where the log is when the writer takes the rule output (events) for a batch: once those
    /// events are committed, ``eventsCommitted(upTo:)`` gets it back. `nil`: events are not logged.
    func eventCheckpoint() -> UInt64?
    /// Every event logged before `checkpoint` is in the database: log segments before it may go.
    func eventsCommitted(upTo checkpoint: UInt64)
    /// The writer's drain has ended (after ``sync()``): nothing more is stored this run.
    /// - Returns: whether everything kept is known to be committed.
    @discardableResult
    func writerStopped() -> Bool
}

extension Spool: BatchBacklog {
    /// The spool keeps copies: nothing to release when a live batch is stored.
    public func stored(_ readings: [Reading]) {}
    /// Nothing to reconcile: a spooled batch replays under its own batch id.
    public func prepare(using sink: any BatchSink, nextBatchID: () -> Int64) throws {}
    /// The spool does not log events.
    public func eventCheckpoint() -> UInt64? { nil }
    public func eventsCommitted(upTo checkpoint: UInt64) {}
    /// The spool's own files say what is left.
    public func writerStopped() -> Bool { self.isEmpty }
}
