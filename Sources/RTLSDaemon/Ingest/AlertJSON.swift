import RTLSCore

/// The JSON published for paging systems on `<prefix>/<severity>`.
enum AlertJSON {
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
