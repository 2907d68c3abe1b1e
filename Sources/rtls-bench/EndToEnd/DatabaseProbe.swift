import Foundation
import RTLSPostgres

/// The benchmark's own view of the database: rows committed, per-row receipt→commit latency, cleanup.
///
/// Latency needs `track_commit_timestamp = on` (scripts/bench.sh sets it): a row's commit time is
/// `pg_xact_commit_timestamp(xmin)`, its receipt time the `received_at` rtlsd stamped when the MQTT
/// message arrived, so every committed row gives one exact receipt→commit sample with no change
/// to the daemon.
final class DatabaseProbe {
    let connection: PGConnection
    let commitTimestamps: Bool

    init(conninfo: String) throws {
        self.connection = try PGConnection(conninfo: conninfo)
        let setting = try self.connection.query("SHOW track_commit_timestamp", operation: "checking settings")
        self.commitTimestamps = setting.first?.first == "on"
    }

    /// Rows committed so far, from the batch ledger (cheap: one ledger row per batch).
    func committedRows() throws -> Int {
        let rows = try self.connection.query(
            "SELECT coalesce(sum(location_rows + sensor_rows), 0) FROM ingest_batches", operation: "counting rows")
        return Int(rows.first?.first.flatMap { $0 } ?? "0") ?? 0
    }

    /// Rows actually in the two reading tables (expensive; once per phase).
    func tableRows() throws -> Int {
        let rows = try self.connection.query(
            "SELECT (SELECT count(*) FROM location_readings) + (SELECT count(*) FROM sensor_readings)",
            operation: "counting rows")
        return Int(rows.first?.first.flatMap { $0 } ?? "0") ?? 0
    }

    /// Empties the reading tables and the ledger so each phase starts alike.
    func truncate() throws {
        try self.connection.execute(
            "TRUNCATE location_readings, sensor_readings, ingest_batches", operation: "truncating")
        try self.connection.execute("CHECKPOINT", operation: "checkpoint")
    }

    /// Receipt→commit latency percentiles (seconds) of location rows received in `[from, to)` (epoch seconds).
    func latency(from: Double, to: Double) throws -> (count: Int, p50: Double, p99: Double, max: Double)? {
        guard self.commitTimestamps else { return nil }
        let rows = try self.connection.query(
            """
            SELECT count(*), percentile_disc(0.5) WITHIN GROUP (ORDER BY l),
                   percentile_disc(0.99) WITHIN GROUP (ORDER BY l), max(l)
            FROM (SELECT extract(epoch FROM pg_xact_commit_timestamp(xmin) - received_at)::float8 AS l
                  FROM location_readings WHERE received_at >= to_timestamp($1) AND received_at < to_timestamp($2)) s
            """, [String(from), String(to)], operation: "latency percentiles")
        guard let row = rows.first, row.count == 4, let count = Int(row[0] ?? "") else { return nil }
        return (count, Double(row[1] ?? "") ?? .nan, Double(row[2] ?? "") ?? .nan, Double(row[3] ?? "") ?? .nan)
    }

    /// Device time (ms) and rtlsd's `received_at` (µs since the epoch) of every stored location row of `tag`.
    func receipts(tag: String) throws -> [Int64: Int64] {
        let rows = try self.connection.query(
            """
            SELECT (extract(epoch FROM l.time) * 1000)::bigint, (extract(epoch FROM l.received_at) * 1000000)::bigint
            FROM location_readings l JOIN tags t ON t.id = l.tag_id WHERE lower(t.tag) = lower($1)
            """, [tag], operation: "probe receipts")
        var out: [Int64: Int64] = [:]
        for row in rows where row.count == 2 {
            if let ms = Int64(row[0] ?? ""), let us = Int64(row[1] ?? "") { out[ms] = us }
        }
        return out
    }
}
