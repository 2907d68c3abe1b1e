import Foundation

/// A `--truth` file read back: where each tag was (from the time of each line on), the alerts the rules
/// should raise, and the run's start and end. Tags and zones are compared upper-cased, as rtlsd
/// normalizes MAC tags and a site may spell zones either way.
struct TruthLog {
    /// A tag entered `zone` at `t` (ms since the epoch); the first entry is where the run found it.
    struct Position: Equatable {
        var t: Int64
        var zone: String
    }

    /// An alert the generated rules should raise.
    struct ExpectedAlert: Equatable {
        var t: Int64
        var rule: String
        var tag: String
    }

    /// Positions per tag located by BLE (`"via":"ble"`), in time order.
    var ble: [String: [Position]] = [:]
    /// Positions per GPS tracker, in time order.
    var gps: [String: [Position]] = [:]
    var alerts: [ExpectedAlert] = []
    /// The `run` start and end lines (else the first and last line's time).
    var start: Int64?
    var end: Int64?
    /// The start line's settings (`mode`, `ble`, `dwell_s` …), for the report.
    var settings: [String: String] = [:]

    /// Parses JSON lines; blank lines are skipped.
    ///
    /// - Throws: `TruthLogError` naming the first line that is not a truth record.
    init(text: String, file: String = "truth") throws(TruthLogError) {
        var first: Int64?
        var last: Int64?
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let t = (object["t"] as? NSNumber)?.int64Value
            else { throw TruthLogError(file: file, line: n + 1) }
            first = min(first ?? t, t)
            last = max(last ?? t, t)
            if let run = object["run"] as? String {
                if run == "start" {
                    self.start = t
                    for (k, v) in object where k != "t" && k != "run" && !(v is NSNull) { self.settings[k] = "\(v)" }
                } else if run == "end" {
                    self.end = t
                }
            } else if let rule = object["expect_alert"] as? String, let tag = object["tag"] as? String {
                self.alerts.append(ExpectedAlert(t: t, rule: rule, tag: tag.uppercased()))
            } else if let tag = object["tag"] as? String {
                let zone = (object["zone"] as? String)?.uppercased() ?? ""
                let p = Position(t: t, zone: zone)
                if object["via"] as? String == "gps" {
                    self.gps[tag.uppercased(), default: []].append(p)
                } else {
                    self.ble[tag.uppercased(), default: []].append(p)
                }
            } else {
                throw TruthLogError(file: file, line: n + 1)
            }
        }
        self.start = self.start ?? first
        self.end = self.end ?? last
        for k in self.ble.keys { self.ble[k]?.sort { $0.t < $1.t } }
        for k in self.gps.keys { self.gps[k]?.sort { $0.t < $1.t } }
    }
}

/// A truth file line that is not a truth record.
struct TruthLogError: Error, CustomStringConvertible {
    var file: String
    var line: Int
    var description: String {
        "\(self.file) line \(self.line) is not a ground-truth record (JSON with \"t\" and \"tag\", \"expect_alert\" "
            + "or \"run\"); was it written by `rtls-sim run --truth`?"
    }
}
