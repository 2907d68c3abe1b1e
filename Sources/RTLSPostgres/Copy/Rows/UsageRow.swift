public import RTLSCore

/// A closed usage session with its resolved ids, as a `usage_logs` row (`sql/012_usage.*.sql`).
public struct UsageRow: CopyRow, Sendable {
    /// Column order; `time` is the session's start (the partitioning column, as in every time series).
    public static let table = CopyTable(
        name: "usage_logs", columns: ["time", "end_time", "tag_id", "asset", "asset_class", "rule", "signal", "zone_id"])

    /// The session.
    public var session: UsageSession
    /// `tags.id` of `session.tag`.
    public var tagID: Int32
    /// `zones.id` of `session.zone`, `nil` when it names none.
    public var zoneID: Int32?

    /// Pairs a session with its ids.
    public init(_ session: UsageSession, tagID: Int32, zoneID: Int32?) {
        self.session = session
        self.tagID = tagID
        self.zoneID = zoneID
    }

    public func encode(into writer: inout BinaryCopyWriter) {
        let u = self.session
        writer.beginRow(fieldCount: Self.table.fieldCount)
        writer.append(u.start)
        writer.append(u.end)
        writer.append(self.tagID)
        writer.append(AlertRow.text(u.asset.string))
        writer.append(AlertRow.text(u.assetClass.string))
        writer.append(AlertRow.text(u.ruleID.string))
        writer.append(u.signal.description)
        writer.append(self.zoneID)
    }
}
