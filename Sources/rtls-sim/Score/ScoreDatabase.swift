import RTLSPostgres

/// What `rtls-sim score` reads from rtlsd's database: zone enter events and fired alerts in a time range,
/// with tag and zone names (upper-cased, like `TruthLog`).
struct ScoreDatabase {
    let connection: PGConnection

    /// Connects to `dsn` (a libpq conninfo string).
    ///
    /// - Throws: `DatabaseError` when PostgreSQL cannot be reached.
    init(dsn: String) throws(DatabaseError) {
        self.connection = try PGConnection(conninfo: dsn)
    }

    /// rtlsd's room changes in `[fromMs, toMs)`: every zone enter event, per tag in time order.
    func enters(fromMs: Int64, toMs: Int64) throws(DatabaseError) -> [String: [TruthLog.Position]] {
        let rows = try self.connection.query(
            """
            SELECT upper(t.tag), upper(z.name), (extract(epoch FROM e.time) * 1000)::bigint
            FROM zone_events e JOIN tags t ON t.id = e.tag_id JOIN zones z ON z.id = e.zone_id
            WHERE e.event = 'enter' AND e.time >= to_timestamp($1::float8 / 1000) AND e.time < to_timestamp($2::float8 / 1000)
            ORDER BY e.time
            """, [String(fromMs), String(toMs)], operation: "reading zone events")
        var out: [String: [TruthLog.Position]] = [:]
        for row in rows where row.count == 3 {
            guard let tag = row[0] ?? nil, let zone = row[1] ?? nil, let t = Int64(row[2] ?? "") else { continue }
            out[tag, default: []].append(TruthLog.Position(t: t, zone: zone))
        }
        return out
    }

    /// Alerts rtlsd fired in `[fromMs, toMs)` for a tag.
    func firedAlerts(fromMs: Int64, toMs: Int64) throws(DatabaseError) -> [AlertScore.Fired] {
        let rows = try self.connection.query(
            """
            SELECT a.rule, upper(t.tag), (extract(epoch FROM a.time) * 1000)::bigint
            FROM alerts a JOIN tags t ON t.id = a.tag_id
            WHERE a.state = 'fired' AND a.time >= to_timestamp($1::float8 / 1000) AND a.time < to_timestamp($2::float8 / 1000)
            ORDER BY a.time
            """, [String(fromMs), String(toMs)], operation: "reading alerts")
        return rows.compactMap { row in
            guard row.count == 3, let rule = row[0] ?? nil, let tag = row[1] ?? nil, let t = Int64(row[2] ?? "") else {
                return nil
            }
            return AlertScore.Fired(t: t, rule: rule, tag: tag)
        }
    }
}
