import Foundation

/// The figures `rtls-sim score` prints: a table for people, or one JSON object (`--json`) for scripts.
struct ScoreReport {
    var rooms: RoomScore
    var alerts: AlertScore
    var fromMs: Int64
    var toMs: Int64
    var settings: [String: String]

    /// The figures by name (seconds, percent); `nil` where there was nothing to measure.
    var figures: [(String, Double?)] {
        [
            ("ble_tags", Double(self.rooms.tags)),
            ("scored_tag_seconds", Double(self.rooms.scoredMs) / 1000),
            ("room_accuracy_pct", self.rooms.accuracy.map { $0 * 100 }),
            ("unlocated_pct", self.rooms.unlocated.map { $0 * 100 }),
            ("first_fix_median_s", percentile(self.rooms.firstFixMs, 0.5).map { Double($0) / 1000 }),
            ("never_located", Double(self.rooms.neverLocated)),
            ("moves", Double(self.rooms.moves)),
            ("moves_caught", Double(self.rooms.latenciesMs.count)),
            ("moves_missed", Double(self.rooms.missed)),
            ("move_latency_median_s", percentile(self.rooms.latenciesMs, 0.5).map { Double($0) / 1000 }),
            ("move_latency_p95_s", percentile(self.rooms.latenciesMs, 0.95).map { Double($0) / 1000 }),
            ("move_latency_max_s", percentile(self.rooms.latenciesMs, 1).map { Double($0) / 1000 }),
            ("spurious_moves", Double(self.rooms.spurious)),
            ("ping_pong", Double(self.rooms.pingPong)),
            ("alerts_expected", Double(self.alerts.total.expected)),
            ("alerts_fired", Double(self.alerts.total.fired)),
            ("alerts_matched", Double(self.alerts.total.found)),
            ("alert_precision_pct", self.alerts.total.precision.map { $0 * 100 }),
            ("alert_recall_pct", self.alerts.total.recall.map { $0 * 100 }),
        ]
    }

    /// The table: one `name  value` line per figure, then alerts per rule.
    var table: String {
        var s = "rtls-sim score: \(VendorPayloads.iso8601(self.fromMs)) … \(VendorPayloads.iso8601(self.toMs))"
        let run = self.settings.keys.sorted().map { "\($0)=\(self.settings[$0] ?? "")" }.joined(separator: " ")
        if !run.isEmpty { s += "\nrun: \(run)" }
        s += "\n"
        for (name, value) in self.figures {
            s += name.padding(toLength: 24, withPad: " ", startingAt: 0) + Self.format(value) + "\n"
        }
        for rule in self.alerts.perRule.keys.sorted() {
            let c = self.alerts.perRule[rule] ?? AlertScore.Counts()
            s += "alerts \(rule): expected \(c.expected), fired \(c.fired), matched \(c.found)\n"
        }
        return s
    }

    /// One JSON object: the figures (null where unmeasured), alerts per rule, the run's settings.
    var json: String {
        var object: [String: Any] = [:]
        for (name, value) in self.figures { object[name] = value.map { Self.rounded($0) } ?? NSNull() }
        var perRule: [String: Any] = [:]
        for (rule, c) in self.alerts.perRule {
            perRule[rule] = ["expected": c.expected, "fired": c.fired, "matched": c.found]
        }
        object["alerts_per_rule"] = perRule
        object["from_ms"] = self.fromMs
        object["to_ms"] = self.toMs
        object["run"] = self.settings
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    static func format(_ v: Double?) -> String {
        guard let v else { return "-" }
        return v == v.rounded() && abs(v) < 1e12 ? String(Int64(v)) : VendorPayloads.fixed2(v)
    }

    static func rounded(_ v: Double) -> Double { (v * 100).rounded() / 100 }
}
