public import RTLSCore

/// An alert event with its resolved ids, as an `alerts` row.
///
/// `kind`, `severity` and `state` are stored by name (`restricted_zone`, `critical`, `fired`), the
/// message is the alert's readable sentence (``Alert/message``), and `details` holds what a query may
/// want to compare: `value` and `threshold` when the alert has them, the sensor `metric` or the
/// `floor` named by the alert, and the location `method`. `details` is NULL when there is none of it.
public struct AlertRow: CopyRow, Sendable {
    /// Column order; `sql/003_timeseries.*.sql` defines the table.
    public static let table = CopyTable(
        name: "alerts",
        columns: [
            "time", "alert_id", "rule", "kind", "severity", "state", "tag_id", "gateway_id", "zone_id", "message",
            "details",
        ])

    /// The alert.
    public var alert: Alert
    /// `tags.id` of `alert.tag`, `nil` for gateway alerts.
    public var tagID: Int32?
    /// `gateways.id` of `alert.gateway`, `nil` when it names none.
    public var gatewayID: Int32?
    /// `zones.id` of `alert.zone`, `nil` when it names none.
    public var zoneID: Int32?

    /// Pairs an alert with its ids.
    public init(_ alert: Alert, tagID: Int32?, gatewayID: Int32?, zoneID: Int32?) {
        self.alert = alert
        self.tagID = tagID
        self.gatewayID = gatewayID
        self.zoneID = zoneID
    }

    public func encode(into writer: inout BinaryCopyWriter) {
        let a = self.alert
        writer.beginRow(fieldCount: Self.table.fieldCount)
        writer.append(a.time)
        writer.append(Int64(bitPattern: a.alertID))
        writer.append(Self.text(a.ruleID.string))
        writer.append(a.kind.description)
        writer.append(a.severity.description)
        writer.append(a.state.description)
        writer.append(self.tagID)
        writer.append(self.gatewayID)
        writer.append(self.zoneID)
        writer.append(Self.text(a.message))
        writer.append(self.details.map { CopyJSONB($0) })
    }

    /// The `details` document, or `nil` when the alert carries none of its fields.
    public var details: String? {
        let a = self.alert
        var fields: [String] = []
        if let value = a.value, value.isFinite { fields.append("\"value\":\(value)") }
        if let threshold = a.threshold, threshold.isFinite { fields.append("\"threshold\":\(threshold)") }
        if !a.detail.isEmpty {
            switch a.kind {
            case .sensorHigh, .sensorLow: fields.append("\"metric\":\(Self.jsonString(a.detail.string))")
            case .afterHours: fields.append("\"floor\":\(Self.jsonString(a.detail.string))")
            default: fields.append("\"detail\":\(Self.jsonString(a.detail.string))")
            }
        }
        if let method = a.method { fields.append("\"method\":\"\(method.description)\"") }
        return fields.isEmpty ? nil : "{" + fields.joined(separator: ",") + "}"
    }

    /// `s` as a JSON string literal; a NUL (which jsonb refuses) becomes U+FFFD.
    static func jsonString(_ s: String) -> String { JSONStringLiteral.quote(s) }

    /// `s` as `text` PostgreSQL accepts: a NUL (from a tag id in the message) becomes U+FFFD.
    static func text(_ s: String) -> String {
        guard s.utf8.contains(0) else { return s }
        return String(String.UnicodeScalarView(s.unicodeScalars.map { $0 == "\0" ? "\u{FFFD}" : $0 }))
    }
}
