/// Name → id for one reference table, with ids learned inside the open transaction kept apart and
/// at most ``capacity`` committed entries.
///
/// Ids learned while a batch's transaction is open are *pending*: if the transaction rolls back, a
/// row this batch inserted (`INSERT … ON CONFLICT DO NOTHING`) is gone and its id may be reused, so
/// ``discardPending()`` forgets them; ``commitPending()`` makes them permanent after COMMIT.
///
/// The bound is kept by a clock (second chance): committed entries sit in slots, a lookup through
/// ``touch(_:)`` marks its slot, and a commit that finds the map full moves the hand on, clearing
/// marks, to the first unmarked slot, whose entry is forgotten and whose slot takes the new one. A
/// tag seen in every batch keeps its entry; one seen once (a randomised BLE address) goes first.
/// An evicted name that comes back costs one more lookup in the database (its row is still there).
/// Pending entries are never evicted, so every id a batch resolved stays valid until its COMMIT; a
/// batch naming more new keys than the bound holds them until then, and its commit evicts.
struct ReferenceIDMap<Key: Hashable & Sendable, ID: Sendable & Hashable>: Sendable {
    /// Committed key → its slot in `keys`, `ids` and `marked`.
    private var slotOf: [Key: Int32] = [:]
    private var keys: [Key] = []
    private var ids: [ID] = []
    /// Set by ``touch(_:)``, cleared as the hand passes.
    private var marked: [Bool] = []
    private var hand = 0
    private var pending: [Key: ID] = [:]
    /// The most committed entries kept.
    let capacity: Int
    /// Committed entries forgotten to stay within ``capacity``, since creation.
    private(set) var evictions: UInt64 = 0

    /// An empty map keeping at most `capacity` committed entries (at least 1, below 2³¹).
    init(capacity: Int = Int(Int32.max)) {
        precondition((1...Int(Int32.max)).contains(capacity), "reference cache capacity out of range")
        self.capacity = capacity
    }

    /// The id of `key`, committed or pending, without marking it used.
    subscript(key: Key) -> ID? {
        if let slot = self.slotOf[key] { return self.ids[Int(slot)] }
        return self.pending[key]
    }

    /// The id of `key`, committed or pending, marking a committed entry as used (it then survives
    /// the clock hand's next pass).
    @inline(__always)
    mutating func touch(_ key: Key) -> ID? {
        guard let slot = self.slotOf[key] else { return self.pending[key] }
        let s = Int(slot)
        if !self.marked[s] { self.marked[s] = true }
        return self.ids[s]
    }

    /// Records an id learned in the open transaction.
    mutating func insertPending(_ id: ID, for key: Key) {
        self.pending[key] = id
    }

    /// Makes the pending ids permanent (call after COMMIT succeeded), evicting unmarked entries
    /// beyond ``capacity``.
    mutating func commitPending() {
        guard !self.pending.isEmpty else { return }
        for (key, id) in self.pending { self.insertCommitted(id, for: key) }
        self.pending.removeAll(keepingCapacity: true)
    }

    /// Forgets the pending ids (call after ROLLBACK or any failure of the transaction).
    mutating func discardPending() {
        self.pending.removeAll(keepingCapacity: true)
    }

    /// Keeps only the committed entries whose key passes `keep` (not counted as evictions).
    mutating func retain(where keep: (Key) -> Bool) {
        var kept = Self(capacity: self.capacity)
        kept.evictions = self.evictions
        kept.pending = self.pending
        for (key, id) in zip(self.keys, self.ids) where keep(key) { kept.insertCommitted(id, for: key) }
        self = kept
    }

    /// Committed entries.
    var count: Int { self.keys.count }
    /// Entries learned in the open transaction.
    var pendingCount: Int { self.pending.count }

    private mutating func insertCommitted(_ id: ID, for key: Key) {
        if let slot = self.slotOf[key] {
            self.ids[Int(slot)] = id
            return
        }
        if self.keys.count < self.capacity {
            self.slotOf[key] = Int32(self.keys.count)
            self.keys.append(key)
            self.ids.append(id)
            self.marked.append(false)
            return
        }
        // Full: second chance. Terminates within one turn, as every mark passed is cleared.
        while self.marked[self.hand] {
            self.marked[self.hand] = false
            self.hand = self.hand + 1 == self.keys.count ? 0 : self.hand + 1
        }
        self.slotOf.removeValue(forKey: self.keys[self.hand])
        self.slotOf[key] = Int32(self.hand)
        self.keys[self.hand] = key
        self.ids[self.hand] = id
        self.hand = self.hand + 1 == self.keys.count ? 0 : self.hand + 1
        self.evictions += 1
    }
}
