import RTLSCore

/// Finds or creates the reference rows a batch names and caches their ids.
///
/// Per reference table and batch (never per row): collect the names the cache does not know
/// (``ReferenceNames``, shared by readings and events),
/// `INSERT … SELECT FROM unnest($1::text[]) ON CONFLICT DO NOTHING`, then read all their ids back in
/// input order. New tags get `asset_id` NULL; a new gateway records the kind of the reading that
/// named it, a new metric its unit. Runs inside the batch's transaction; ids go in as pending.
///
/// Tags, gateways and zones are the writer's facility's (`facility_id`, migration 009): another
/// facility's "ICU-3" is another row. Metrics are shared. Names are inserted in sorted order, so two
/// daemons inserting overlapping names (metrics; tags of one facility written by two instances)
/// take the unique index's row locks in the same order and cannot deadlock; a concurrent insert of
/// the same name waits for the other transaction and then reads its row (READ COMMITTED).
enum ReferenceResolver {
    /// Resolves the collected `names` (readings' and events' alike); returns how many it looked up.
    static func resolve(
        _ names: ReferenceNames, facility: Int32, cache: inout ReferenceIDCache, connection: PGConnection
    ) throws(DatabaseError) -> Int {
        if !names.tags.isEmpty {
            let ids = try Self.upsert(
                table: "tags", column: "tag", names: names.tags.map { Self.text($0) }, facility: facility,
                connection: connection)
            for (key, id) in zip(names.tags, ids) { cache.tags.insertPending(Int32(truncatingIfNeeded: id), for: key) }
        }
        if !names.gateways.isEmpty {
            let ids = try Self.upsert(
                table: "gateways", column: "gateway", names: names.gateways.map { Self.text($0) }, facility: facility,
                extra: (column: "kind", type: "smallint", values: names.gatewayKinds), connection: connection)
            for (key, id) in zip(names.gateways, ids) {
                cache.gateways.insertPending(Int32(truncatingIfNeeded: id), for: key)
            }
        }
        if !names.zones.isEmpty {
            let ids = try Self.upsert(
                table: "zones", column: "name", names: names.zones.map { Self.text($0) }, facility: facility,
                connection: connection)
            for (key, id) in zip(names.zones, ids) {
                cache.zones.insertPending(Int32(truncatingIfNeeded: id), for: key)
            }
        }
        if !names.metrics.isEmpty {
            let ids = try Self.upsert(
                table: "metrics", column: "name", names: names.metrics.map { Self.text($0) },
                extra: (column: "unit", type: "text", values: names.metricUnits), connection: connection)
            for (key, id) in zip(names.metrics, ids) {
                cache.metrics.insertPending(Int16(truncatingIfNeeded: id), for: key)
            }
        }
        return names.count
    }

    /// A name as text PostgreSQL accepts: invalid UTF-8 and NUL become U+FFFD (text cannot hold NUL).
    /// Ids are mapped back by position, so two names that sanitise alike simply share a row.
    static func text<let n: Int>(_ name: InlineString<n>) -> String {
        let s = name.string
        return s.contains("\0") ? s.replacingNUL() : s
    }

    /// Inserts missing `names` (with an optional second column; of `facility` unless nil) and returns
    /// their ids in input order.
    private static func upsert(
        table: String, column: String, names: [String], facility: Int32? = nil,
        extra: (column: String, type: String, values: [String?])? = nil, connection: PGConnection
    ) throws(DatabaseError) -> [Int64] {
        let operation = "adding new \(table)"
        let namesParam = PGArrayLiteral.make(names.lazy.map { Optional($0) })
        var params: [String?] = [namesParam]
        var columns = [column]
        var selected = ["u.name"]
        var from = "unnest($1::text[]) AS u(name)"
        if let extra {
            params.append(PGArrayLiteral.make(extra.values))
            columns.append(extra.column)
            selected.append("u.extra")
            from = "unnest($1::text[], $2::\(extra.type)[]) AS u(name, extra)"
        }
        var key = column
        var match = ""
        var readParams: [String?] = [namesParam]
        if let facility {
            params.append(String(facility))
            readParams.append(String(facility))
            columns.insert("facility_id", at: 0)
            selected.insert("$\(params.count)::int", at: 0)
            key = "facility_id, \(column)"
            match = " AND t.facility_id = $2::int"
        }
        try connection.query(
            """
            INSERT INTO \(table) (\(columns.joined(separator: ", ")))
            SELECT \(selected.joined(separator: ", ")) FROM \(from) ORDER BY u.name
            ON CONFLICT (\(key)) DO NOTHING
            """, params, operation: operation)
        let rows = try connection.query(
            """
            SELECT t.id FROM unnest($1::text[]) WITH ORDINALITY AS u(name, ord)
            LEFT JOIN \(table) t ON t.\(column) = u.name\(match) ORDER BY u.ord
            """, readParams, operation: "reading ids of \(table)")
        var ids: [Int64] = []
        ids.reserveCapacity(rows.count)
        for row in rows {
            guard let text = row.first ?? nil, let id = Int64(text) else { break }
            ids.append(id)
        }
        guard ids.count == names.count else {
            throw DatabaseError(
                .unexpectedResult, endpoint: connection.endpoint, operation: "reading ids of \(table)",
                serverMessage: "expected \(names.count) ids, got \(ids.count)")
        }
        return ids
    }
}

extension String {
    fileprivate func replacingNUL() -> String {
        String(String.UnicodeScalarView(self.unicodeScalars.map { $0 == "\0" ? "\u{FFFD}" : $0 }))
    }
}
