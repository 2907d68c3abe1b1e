/// Keeps the `ingest_batches` ledger from growing without bound (~20 rows/s at 100k readings/s).
///
/// A ledger row is what makes a replay exactly-once, so it may only go once nothing can replay its
/// batch: a spooled batch waits at most as long as the database outage (bounded by the spool's
/// size), and a write-ahead range must stay as long as the log still holds its readings (the newest
/// segment is kept, so on a quiet site its ranges age). Hence: this instance's rows older than the
/// retention go, except rows of its log whose range ends at or after the oldest sequence number still
/// in the log. Rows of other instances writing to the same database are left to their owners. The
/// newest row of the instance always stays: it is the floor for new batch ids.
public struct LedgerRetention: Sendable {
    /// Rows committed longer ago than this many days may go.
    public var days: Int

    /// Creates the policy.
    public init(days: Int) {
        self.days = days
    }

    /// Deletes what the policy allows.
    /// - Parameters:
    ///   - instance: this rtlsd's `[database] instance`.
    ///   - writeAheadLogID: this rtlsd's write-ahead log, if it has one.
    ///   - oldestLogged: the oldest sequence number still in that log (its rows from there on stay).
    /// - Returns: rows deleted.
    @discardableResult
    public func run(
        on connection: PGConnection, instance: String, writeAheadLogID: Int64?, oldestLogged: UInt64?
    ) throws(DatabaseError) -> Int {
        let rows = try connection.query(
            """
            WITH gone AS (
                DELETE FROM ingest_batches
                WHERE instance = $4
                  AND committed_at < now() - $1::int * interval '1 day'
                  AND (wal_id IS NULL OR (wal_id = $2::bigint AND wal_last < $3::bigint))
                  AND batch_id <> coalesce((SELECT max(batch_id) FROM ingest_batches WHERE instance = $4
                                  AND batch_id > 0 AND batch_id < 4611686018427387904), 0)
                RETURNING 1)
            SELECT count(*) FROM gone
            """,
            [
                String(self.days), writeAheadLogID.map { String($0) },
                writeAheadLogID == nil ? nil : String(oldestLogged ?? 0), instance,
            ],
            operation: "pruning the ingest_batches ledger")
        guard let cell = rows.first?.first ?? nil else { return 0 }
        return Int(cell) ?? 0
    }
}
