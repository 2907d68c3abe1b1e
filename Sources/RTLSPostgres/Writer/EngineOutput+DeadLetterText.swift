import RTLSCore

extension EngineOutput {
    /// Every alert, zone event and location as a `dead_letter` row: the target table and one line of
    /// `key=value` text (times as Unix microseconds, names quoted), in the style of ``Reading``'s.
    var deadLetterRows: [(target: String, text: String)] {
        var rows: [(target: String, text: String)] = []
        rows.reserveCapacity(self.alerts.count + self.zoneEvents.count + self.locations.count)
        for a in self.alerts {
            var parts = [
                "time=\(a.time.microseconds)", "alert_id=\(a.alertID)", "rule=\(Self.quoted(a.ruleID))",
                "kind=\(a.kind)", "severity=\(a.severity)", "state=\(a.state)",
            ]
            Self.appendName("tag", a.tag, to: &parts)
            Self.appendName("gateway", a.gateway, to: &parts)
            Self.appendName("zone", a.zone, to: &parts)
            if let method = a.method { parts.append("method=\(method)") }
            if let value = a.value { parts.append("value=\(value)") }
            if let threshold = a.threshold { parts.append("threshold=\(threshold)") }
            Self.appendName("detail", a.detail, to: &parts)
            rows.append((AlertRow.table.name, parts.joined(separator: " ")))
        }
        for e in self.zoneEvents {
            var parts = ["time=\(e.time.microseconds)", "event=\(e.transition)", "tag=\(Self.quoted(e.tag))"]
            Self.appendName("zone", e.zone, to: &parts)
            parts.append("method=\(e.method)")
            Self.appendName("gateway", e.gateway, to: &parts)
            rows.append((ZoneEventRow.table.name, parts.joined(separator: " ")))
        }
        for l in self.locations {
            var parts = ["time=\(l.time.microseconds)", "since=\(l.since.microseconds)", "tag=\(Self.quoted(l.tag))"]
            Self.appendName("zone", l.zone, to: &parts)
            Self.appendName("floor", l.floor, to: &parts)
            if let method = l.method { parts.append("method=\(method)") }
            Self.appendName("gateway", l.gateway, to: &parts)
            rows.append(("asset_locations", parts.joined(separator: " ")))
        }
        for u in self.usage {
            var parts = [
                "time=\(u.start.microseconds)", "end_time=\(u.end.microseconds)", "tag=\(Self.quoted(u.tag))",
                "rule=\(Self.quoted(u.ruleID))", "signal=\(u.signal)",
            ]
            Self.appendName("zone", u.zone, to: &parts)
            rows.append((UsageRow.table.name, parts.joined(separator: " ")))
        }
        for a in self.alertActions {
            var parts = ["time=\(a.time.microseconds)", "alert_id=\(a.alert.alertID)", "action=\(a.kind)"]
            Self.appendName("actor", a.actor, to: &parts)
            rows.append((AlertActionRow.table.name, parts.joined(separator: " ")))
        }
        return rows
    }

    private static func appendName<let n: Int>(_ key: String, _ name: InlineString<n>, to parts: inout [String]) {
        if !name.isEmpty { parts.append("\(key)=\(Self.quoted(name))") }
    }

    private static func quoted<let n: Int>(_ name: InlineString<n>) -> String { Reading.quoted(name.string) }
}
