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
    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
