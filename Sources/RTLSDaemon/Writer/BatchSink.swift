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
    /// The id is in the ledger for a *different* batch (other counts, range or fingerprint):
    /// nothing was written; the writer raises its counter and writes the batch under a new id.
    case idInUse
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
    /// The highest batch id this instance has in the ledger (0 for none): new ids go above it.
    func highestBatchID() throws -> Int64
    /// The ledger's highest id read when the connection was (re)established, once per connection
    /// (`nil` otherwise): the writer raises its counter before numbering the next batch.
    func takeLedgerFloor() -> Int64?
    /// Writes rule output a crashed run logged ahead, where the database lacks it: alerts (by id,
    /// state, time and rule) and zone events (by tag, zone, time and transition) not yet stored, and the
    /// locations (the newest per tag wins, as always). One transaction; safe to repeat.
    /// - Returns: alerts and zone events written now.
    func writeRecoveredEvents(_ events: EngineOutput) throws -> (alerts: Int, zoneEvents: Int)
    /// The write-ahead ranges of log `logID` that committed batches cover, ending at or after
    /// `from` (see ``WriteAheadBacklog``).
    func committedWriteAheadRanges(logID: Int64, from: UInt64) throws -> [ClosedRange<UInt64>]
    /// The highest last number of log `logID`'s committed ranges that end below `below` (`nil` for
    /// none): how far the server's ledger reaches before the failover window.
    func highestWriteAheadNumber(logID: Int64, below: UInt64) throws -> UInt64?
}

extension BatchSink {
    /// From ``committedWriteAheadRanges(logID:from:)`` (every range): for fakes.
    public func highestWriteAheadNumber(logID: Int64, below: UInt64) throws -> UInt64? {
        try self.committedWriteAheadRanges(logID: logID, from: 0).map(\.upperBound).filter { $0 < below }.max()
    }
}
