public import RTLSCore

/// What became of a batch handed to a ``BatchSink``.
public enum BatchOutcome: Sendable, Equatable {
    /// Committed now.
    case stored
    /// Its id was already in the ledger (a replay of a batch that had committed): nothing written.
    case alreadyCommitted
    /// The database refused some rows for good (constraint, bad value); those went to `dead_letter`,
    /// the rest was stored.
    case deadLettered(rows: Int)
}

/// Where the writer puts a batch: the database in production, a fake in unit tests.
public protocol BatchSink: AnyObject {
    /// Stores `batch` and the rule engine's `events` (alerts, zone events, locations) in one transaction. Writing the same `batchID` twice must store it once.
    /// - Returns: whether the batch was stored now, had been before, or partly dead-lettered.
    /// - Throws: any error the writer should retry (database unreachable); the writer spools the
    ///   batch or keeps it, calls ``reconnect()`` and retries with the same id.
    func write(_ batch: [Reading], events: EngineOutput, batchID: Int64) throws -> BatchOutcome
    /// Re-establishes the connection after a failed write.
    func reconnect() throws
    /// Periodic upkeep on the writer thread (partitions ahead, retention); errors are logged.
    func maintain() throws
    /// The write-ahead ranges of log `logID` that committed batches cover, ending at or after
    /// `from` (see ``WriteAheadBacklog``).
    func committedWriteAheadRanges(logID: Int64, from: UInt64) throws -> [ClosedRange<UInt64>]
}
