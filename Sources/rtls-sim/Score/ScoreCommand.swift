import ArgumentParser
import Foundation

/// `rtls-sim score`: compares a `--truth` file with what rtlsd stored — room accuracy, move latency,
/// spurious room changes, alert precision and recall (definitions in `RoomScore` and `AlertScore`).
struct Score: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score rtlsd's rooms and alerts in the database against a simulator truth file.",
        discussion: """
            Reads the JSON lines `rtls-sim run --truth FILE` wrote and rtlsd's zone_events and alerts over the run \
            (or --since/--until), and prints, for the tags located by BLE: the share of tag-time rtlsd had each tag \
            in the room it physically was in (after a per-tag warm-up for the first fix), move latency (median, p95, \
            moves never caught), room changes no move explains (spurious, ping-pong), and alert precision/recall \
            for the rules the truth predicts. Use a fresh database per run: events from earlier runs are not told \
            apart.
            """)

    @Option(help: "The truth file written by `rtls-sim run --truth`.") var truth: String
    @Option(help: "libpq connection string of rtlsd's database.") var pgDSN: String
    @Option(help: "Score from this time (ms since the epoch or ISO 8601); default the run's start.") var since: String?
    @Option(help: "Score until this time (ms since the epoch or ISO 8601); default the run's end.") var until: String?
    @Option(help: "Per-tag warm-up not scored, seconds (rtlsd confirms a first room over a window).")
    var warmupS = 10.0
    @Option(help: "A room change this many seconds before the physical move still catches it.") var earlyS = 5.0
    @Option(help: "Moves in the last N seconds of the run are not scored (no time to catch them).") var tailS = 20.0
    @Option(help: "A spurious change undone within N seconds is a ping-pong.") var pingPongS = 60.0
    @Option(help: "An alert within N seconds of the expected time matches it.") var alertToleranceS = 30.0
    @Flag(help: "Print one JSON object instead of the table.") var json = false

    func run() throws {
        guard let text = FileManager.default.contents(atPath: self.truth) else {
            throw ValidationError("cannot read the truth file \(self.truth)")
        }
        let log = try TruthLog(text: String(decoding: text, as: UTF8.self), file: self.truth)
        guard let start = log.start, let end = log.end else {
            throw ValidationError("the truth file \(self.truth) holds no records")
        }
        let from = try self.since.map { try Self.time($0, option: "--since") } ?? start
        let to = try self.until.map { try Self.time($0, option: "--until") } ?? end
        guard to > from else { throw ValidationError("nothing to score: --until is not after --since") }
        let tolerance = Int64(self.alertToleranceS * 1000)
        let db = try ScoreDatabase(dsn: self.pgDSN)
        let events = try db.enters(fromMs: min(start, from), toMs: to)
        let fired = try db.firedAlerts(fromMs: from - tolerance, toMs: to + tolerance)
        var options = RoomScore.Options()
        options.warmupMs = Int64(self.warmupS * 1000)
        options.earlyMs = Int64(self.earlyS * 1000)
        options.tailMs = Int64(self.tailS * 1000)
        options.pingPongMs = Int64(self.pingPongS * 1000)
        let rooms = RoomScore(truth: Self.clip(log.ble, from: from, to: to), observed: events, end: to, options: options)
        let expected = log.alerts.filter { $0.t >= from && $0.t <= to }
        let alerts = AlertScore(
            expected: expected, fired: fired, rules: SimRules.predicted, toleranceMs: tolerance)
        let report = ScoreReport(rooms: rooms, alerts: alerts, fromMs: from, toMs: to, settings: log.settings)
        print(self.json ? report.json : report.table, terminator: self.json ? "\n" : "")
    }

    /// Positions from `from` on: the zone the tag was in at `from`, then its moves up to `to`.
    static func clip(_ truth: [String: [TruthLog.Position]], from: Int64, to: Int64) -> [String: [TruthLog.Position]] {
        truth.compactMapValues { positions in
            guard let first = positions.first, first.t <= to else { return nil }
            guard first.t < from else { return positions.filter { $0.t <= to } }
            let zone = RoomScore.zone(at: from, in: positions) ?? first.zone
            return [TruthLog.Position(t: from, zone: zone)] + positions.filter { $0.t > from && $0.t <= to }
        }
    }

    /// `text` as ms since the epoch: an integer, or ISO 8601 with or without fractional seconds.
    static func time(_ text: String, option: String) throws -> Int64 {
        if let ms = Int64(text) { return ms }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = formatter.date(from: text) { return Int64(d.timeIntervalSince1970 * 1000) }
        formatter.formatOptions = [.withInternetDateTime]
        if let d = formatter.date(from: text) { return Int64(d.timeIntervalSince1970 * 1000) }
        throw ValidationError("\(option) \(text): expected ms since the epoch or an ISO 8601 time such as 2026-01-05T10:00:00Z")
    }
}
