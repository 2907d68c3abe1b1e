public import RTLSCore

/// An acknowledgement or escalation with its resolved ids, as an `alert_actions` row (`sql/012_*`).
public struct AlertActionRow: CopyRow, Sendable {
    /// Column order.
    public static let table = CopyTable(
        name: "alert_actions",
        columns: ["time", "alert_id", "action", "actor", "rule", "kind", "severity", "tag_id", "zone_id", "message"])

    /// The action.
    public var action: AlertAction
    /// `tags.id` of the alert's tag, `nil` when it has none.
    public var tagID: Int32?
    /// `zones.id` of the alert's zone, `nil` when it names none.
    public var zoneID: Int32?

    /// Pairs an action with its ids.
    public init(_ action: AlertAction, tagID: Int32?, zoneID: Int32?) {
        self.action = action
        self.tagID = tagID
        self.zoneID = zoneID
    }

    public func encode(into writer: inout BinaryCopyWriter) {
        let a = self.action
        // An alert taken over from the previous run's state file is known by id only.
        let known = !a.alert.ruleID.isEmpty
        writer.beginRow(fieldCount: Self.table.fieldCount)
        writer.append(a.time)
        writer.append(Int64(bitPattern: a.alert.alertID))
        writer.append(a.kind.description)
        writer.append(AlertRow.text(a.actor.string))
        writer.append(AlertRow.text(a.alert.ruleID.string))
        writer.append(known ? a.alert.kind.description : "")
        writer.append(known ? a.alert.severity.description : "")
        writer.append(self.tagID)
        writer.append(self.zoneID)
        let what = known ? a.alert.message : "alert \(a.alert.alertID)"
        writer.append(AlertRow.text(a.kind == .acknowledged ? "acknowledged: \(what)" : "escalated: \(what)"))
    }
}
