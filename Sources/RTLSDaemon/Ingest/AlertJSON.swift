import RTLSCore

/// The JSON published for paging systems on `<prefix>/<severity>`.
enum AlertJSON {
    /// The alert, with `action` (`escalated` or `acknowledged`), `action_time_us` and `by` when given.
    static func encode(_ alert: Alert, action: AlertAction) -> String {
        var json = Self.encode(alert)
        json.removeLast()
        json += ",\"action\":\"\(action.kind)\",\"action_time_us\":\(action.time.microseconds)"
        if !action.actor.isEmpty { json += ",\"by\":\(quote(action.actor.string))" }
        return json + "}"
    }

    static func encode(_ alert: Alert) -> String {
        var fields: [String] = [
            "\"alert_id\":\(alert.alertID)",
            "\"rule\":\(quote(alert.ruleID.string))",
            "\"kind\":\"\(alert.kind)\"",
            "\"severity\":\"\(alert.severity)\"",
            "\"state\":\"\(alert.state)\"",
            "\"time_us\":\(alert.time.microseconds)",
            "\"message\":\(quote(alert.message))",
        ]
        if !alert.tag.isEmpty { fields.append("\"tag\":\(quote(alert.tag.string))") }
        if !alert.asset.isEmpty { fields.append("\"asset\":\(quote(alert.asset.string))") }
        if !alert.zone.isEmpty { fields.append("\"zone\":\(quote(alert.zone.string))") }
        if !alert.gateway.isEmpty { fields.append("\"gateway\":\(quote(alert.gateway.string))") }
        if let v = alert.value, v.isFinite { fields.append("\"value\":\(v)") }
        if let t = alert.threshold, t.isFinite { fields.append("\"threshold\":\(t)") }
        return "{" + fields.joined(separator: ",") + "}"
    }

    /// A JSON string literal.
    static func quote(_ s: String) -> String { JSONStringLiteral.quote(s) }
}
