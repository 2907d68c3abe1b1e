public import RTLSCore

/// What ``ReadingBatchWriter/writeIsolatingRejects(_:batchID:error:)`` did.
public struct IsolatedWriteResult: Sendable, Hashable {
    /// Rows stored (now, or by an earlier attempt of the same sub-batch).
    public var stored = 0
    /// Rows stored in `dead_letter` with the server's error.
    public var deadLettered = 0
    /// `true` when the whole batch id was already in the ledger: nothing was done.
    public var alreadyCommitted = false
}

extension ReadingBatchWriter {
    /// Stores a batch PostgreSQL refused for good (a constraint or a value it rejects), row by row
    /// where needed: the batch is bisected, each half written in its own transaction under a
    /// sub-batch id, until the refused rows are alone; those go to `dead_letter` with the server's
    /// error. Finally the batch's own id is put in the ledger.
    ///
    /// Exactly once: sub-batch ids are derived from the batch id and the row range (negative, so they
    /// never meet a real batch id, which is positive), so a retry after a
    /// failure halfway redoes the same bisection and the ledger skips the halves already committed.
    /// Sub-batch ids are per instance, like every ledger id.
    ///
    /// - Parameters:
    ///   - readings: the refused batch.
    ///   - batchID: its id.
    ///   - error: the refusal; a sub-batch refused with a transient error stops the work.
    /// - Returns: rows stored and rows dead-lettered.
    /// - Throws: ``DatabaseError`` when the database fails transiently meanwhile (retry the batch).
    public func writeIsolatingRejects(
        _ readings: [Reading], events: EngineOutput = EngineOutput(), batchID: Int64, error: DatabaseError
    ) throws(DatabaseError) -> IsolatedWriteResult {
        var result = IsolatedWriteResult()
        if try self.isCommitted(batchID: batchID) {
            result.alreadyCommitted = true
            return result
        }
        try self.isolate(readings[...], parent: batchID, error: error, into: &result)
        // The batch's own ledger row (no rows of its own: the sub-batches hold them) with its
        // fingerprint, and the batch's events, in one transaction: a replay is recognised as this
        // batch, and its events are stored exactly when the row is.
        var entry = self.ledgerEntry(for: readings, events: events, batchID: batchID)
        (entry.locationRows, entry.sensorRows) = (0, 0)
        if try self.write([], events: events, entry: entry).idInUse { throw Self.idInUse(batchID, on: self.connection) }
        return result
    }

    private func isolate(
        _ slice: ArraySlice<Reading>, parent: Int64, error: DatabaseError, into result: inout IsolatedWriteResult
    ) throws(DatabaseError) {
        let id = Self.subBatchID(parent: parent, range: slice.startIndex..<slice.endIndex)
        if slice.count <= 1 {
            result.deadLettered += try self.deadLetter(Array(slice), batchID: id, error: error)
            return
        }
        let mid = slice.startIndex + slice.count / 2
        for half in [slice[..<mid], slice[mid...]] {
            do throws(DatabaseError) {
                let id = Self.subBatchID(parent: parent, range: half.startIndex..<half.endIndex)
                if try self.write(Array(half), batchID: id).idInUse { throw Self.idInUse(id, on: self.connection) }
                result.stored += half.count
            } catch {
                guard Self.isPermanent(error, on: self.connection) else { throw error }
                try self.isolate(half, parent: parent, error: error, into: &result)
            }
        }
    }

    /// `true` when the server answered and refused the data (an SQLSTATE that is not transient).
    public static func isPermanent(_ error: DatabaseError, on connection: PGConnection) -> Bool {
        !error.isTransient && error.sqlState != nil && connection.isConnected
    }

    /// A negative id from the batch id and row range (FNV-1a 64 over both).
    static func subBatchID(parent: Int64, range: Range<Int>) -> Int64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for value in [UInt64(bitPattern: parent), UInt64(range.lowerBound), UInt64(range.upperBound)] {
            var v = value
            for _ in 0..<8 {
                hash = (hash ^ (v & 0xFF)) &* 0x0000_0100_0000_01B3
                v >>= 8
            }
        }
        return -Int64(bitPattern: hash & UInt64(Int64.max)) - 1
    }
}
