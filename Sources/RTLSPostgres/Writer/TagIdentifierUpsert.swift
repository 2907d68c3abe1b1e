import RTLSCore

/// The `tag_identifiers` upsert of a batch's identifier readings (``Reading/isIdentifier``: an RFID
/// tag's TID beside its EPC), run in the batch's transaction after the COPYs.
///
/// One row per (tag, scheme, value) with the earliest and latest reading time; rows already stored
/// only widen their `first_seen`/`last_seen`, and a row that would not change is not touched, so a
/// replay writes nothing. The statement is one literal `INSERT … SELECT FROM (VALUES …) ON CONFLICT DO
/// UPDATE` (the one-round-trip script has no parameters): tag ids and times are numbers, scheme and value
/// quoted by libpq. Rows are sorted, so two writers upserting the same tags take the row locks in the
/// same order.
///
/// A reader reporting TIDs sends the same TID with every read of a tag, so most batches would only move
/// `last_seen` on: the writer remembers what it committed and leaves out a row whose `first_seen` would
/// not move and whose `last_seen` would move by less than ``lastSeenStep`` (measured: with a TID for
/// every other row, upserting each batch's TIDs cost the writer half its rows per second). `last_seen`
/// may therefore trail the newest reading by up to a minute; `first_seen` is exact.
struct TagIdentifierUpsert {
    /// The table written.
    static let table = "tag_identifiers"
    /// How far `last_seen` may trail the newest reading with the identifier, in microseconds (1 min).
    static let lastSeenStep: Int64 = 60_000_000
    /// Rows remembered at most; past it the memory is emptied (rows are then upserted again once).
    static let capacity = 200_000

    struct Key: Hashable, Comparable {
        var tagID: Int32
        var scheme: MetricName
        var value: ZoneName

        static func < (a: Key, b: Key) -> Bool {
            if a.tagID != b.tagID { return a.tagID < b.tagID }
            if a.scheme != b.scheme { return a.scheme.string < b.scheme.string }
            return Reading.hex(a.value) < Reading.hex(b.value)
        }
    }

    /// `first_seen`/`last_seen` (µs) of committed rows, as this writer last stored them.
    private var stored: [Key: (first: Int64, last: Int64)] = [:]
    /// Rows of the open transaction, remembered once it commits (``commitPending()``).
    private var pending: [(Key, (first: Int64, last: Int64))] = []

    /// The statement for `readings`, or `nil` when they hold no identifier that needs writing.
    ///
    /// - Parameters:
    ///   - tagID: the database id of a tag (every tag of the batch is resolved by now).
    /// - Returns: the SQL and the number of rows it upserts.
    /// - Throws: ``DatabaseError`` when a tag id is missing or libpq cannot quote a value.
    mutating func statement(
        _ readings: [Reading], connection: PGConnection, tagID: (TagID) -> Int32?
    ) throws(DatabaseError) -> (sql: String, rows: Int)? {
        self.pending.removeAll(keepingCapacity: true)
        var seen: [Key: (first: Int64, last: Int64)] = [:]
        for r in readings where r.isIdentifier {
            guard let id = tagID(r.tag) else {
                throw DatabaseError(
                    .unexpectedResult, endpoint: connection.endpoint, operation: "encoding batch",
                    serverMessage: "a tag id was not resolved")
            }
            let key = Key(tagID: id, scheme: r.metric, value: r.zone)
            let t = r.time.microseconds
            if let old = seen[key] {
                seen[key] = (min(old.first, t), max(old.last, t))
            } else {
                seen[key] = (t, t)
            }
        }
        var values: [String] = []
        for key in seen.keys.sorted() {
            guard var span = seen[key] else { continue }
            if let known = self.stored[key] {
                if known.first <= span.first && span.last < known.last + Self.lastSeenStep { continue }
                span = (min(known.first, span.first), max(known.last, span.last))
            }
            let scheme = try connection.literal(key.scheme.string)
            let value = try connection.literal(Reading.hex(key.value))
            values.append("(\(key.tagID), \(scheme), \(value), \(span.first), \(span.last))")
            self.pending.append((key, span))
        }
        guard !values.isEmpty else { return nil }
        let sql = """
            INSERT INTO tag_identifiers AS t (tag_id, scheme, value, first_seen, last_seen)
            SELECT v.tag_id, v.scheme, v.value,
                   timestamptz 'epoch' + v.first_us * interval '1 microsecond',
                   timestamptz 'epoch' + v.last_us * interval '1 microsecond'
            FROM (VALUES \(values.joined(separator: ", "))) AS v (tag_id, scheme, value, first_us, last_us)
            ON CONFLICT (tag_id, scheme, value) DO UPDATE
            SET first_seen = least(t.first_seen, EXCLUDED.first_seen),
                last_seen = greatest(t.last_seen, EXCLUDED.last_seen)
            WHERE EXCLUDED.first_seen < t.first_seen OR EXCLUDED.last_seen > t.last_seen
            """
        return (sql, values.count)
    }

    /// The transaction that ran the last ``statement(_:connection:tagID:)`` committed: remember its rows.
    mutating func commitPending() {
        if self.stored.count + self.pending.count > Self.capacity { self.stored.removeAll(keepingCapacity: true) }
        for (key, span) in self.pending { self.stored[key] = span }
        self.pending.removeAll(keepingCapacity: true)
    }

    /// It did not: forget its rows.
    mutating func discardPending() { self.pending.removeAll(keepingCapacity: true) }
}
