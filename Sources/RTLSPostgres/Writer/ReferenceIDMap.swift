/// Name → id for one reference table, with ids learned inside the open transaction kept apart.
///
/// Ids learned while a batch's transaction is open are *pending*: if the transaction rolls back, a
/// row this batch inserted (`INSERT … ON CONFLICT DO NOTHING`) is gone and its id may be reused, so
/// ``discardPending()`` forgets them; ``commitPending()`` makes them permanent after COMMIT.
struct ReferenceIDMap<Key: Hashable & Sendable, ID: Sendable & Hashable>: Sendable {
    private var committed: [Key: ID] = [:]
    private var pending: [Key: ID] = [:]

    /// The id of `key`, committed or pending.
    subscript(key: Key) -> ID? {
        self.committed[key] ?? self.pending[key]
    }

    /// Records an id learned in the open transaction.
    mutating func insertPending(_ id: ID, for key: Key) {
        self.pending[key] = id
    }

    /// Makes the pending ids permanent (call after COMMIT succeeded).
    mutating func commitPending() {
        guard !self.pending.isEmpty else { return }
        self.committed.merge(self.pending) { _, new in new }
        self.pending.removeAll(keepingCapacity: true)
    }

    /// Forgets the pending ids (call after ROLLBACK or any failure of the transaction).
    mutating func discardPending() {
        self.pending.removeAll(keepingCapacity: true)
    }

    /// Committed entries.
    var count: Int { self.committed.count }
    /// Entries learned in the open transaction.
    var pendingCount: Int { self.pending.count }
}
