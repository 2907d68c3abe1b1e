import RTLSCore

/// The `tag_identifiers` upsert of a batch's identifier readings (``Reading/isIdentifier``: an RFID
/// tag's TID beside its EPC), run in the batch's transaction after the COPYs.
///
/// One row per (tag, scheme, value) with the earliest and latest reading time; rows already stored
/// only widen their `first_seen`/`last_seen`, and a row that would not change is not touched, so a
/// replay (or the same TID in the next batch at an older time) writes nothing. The statement is one
/// literal `INSERT … SELECT FROM (VALUES …) ON CONFLICT DO UPDATE` (the one-round-trip script has no
/// parameters): tag ids and times are numbers, scheme and value quoted by libpq. Rows are sorted, so
/// two writers upserting the same tags take the row locks in the same order.
struct TagIdentifierUpsert {
    /// The table written.
    static let table = "tag_identifiers"
    private struct Key: Hashable, Comparable {
        var tagID: Int32
        var scheme: MetricName
        var value: ZoneName

        static func < (a: Key, b: Key) -> Bool {
            if a.tagID != b.tagID { return a.tagID < b.tagID }
            if a.scheme != b.scheme { return a.scheme.string < b.scheme.string }
            return Reading.hex(a.value) < Reading.hex(b.value)
        }
    }

    /// The statement, or `nil` when `readings` hold no identifier.
    ///
    /// - Parameters:
    ///   - tagID: the database id of a tag (every tag of the batch is resolved by now).
    /// - Returns: the SQL and the number of distinct rows it upserts.
    /// - Throws: ``DatabaseError`` when a tag id is missing or libpq cannot quote a value.
    static func statement(
        _ readings: [Reading], connection: PGConnection, tagID: (TagID) -> Int32?
    ) throws(DatabaseError) -> (sql: String, rows: Int)? {
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
        guard !seen.isEmpty else { return nil }
        var values: [String] = []
        values.reserveCapacity(seen.count)
        for key in seen.keys.sorted() {
            guard let span = seen[key] else { continue }
            let scheme = try connection.literal(key.scheme.string)
            let value = try connection.literal(Reading.hex(key.value))
            values.append("(\(key.tagID), \(scheme), \(value), \(span.first), \(span.last))")
        }
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
}
