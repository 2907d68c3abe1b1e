public import RTLSCore

/// A zone enter/exit event with its resolved ids, as a `zone_events` row.
public struct ZoneEventRow: CopyRow, Sendable {
    /// Column order; `sql/003_timeseries.*.sql` defines the table.
    public static let table = CopyTable(name: "zone_events", columns: ["time", "tag_id", "zone_id", "event", "method"])

    /// The event.
    public var event: ZoneEvent
    /// `tags.id` of `event.tag`.
    public var tagID: Int32
    /// `zones.id` of `event.zone`.
    public var zoneID: Int32

    /// Pairs an event with its ids.
    public init(_ event: ZoneEvent, tagID: Int32, zoneID: Int32) {
        self.event = event
        self.tagID = tagID
        self.zoneID = zoneID
    }

    public func encode(into writer: inout BinaryCopyWriter) {
        let e = self.event
        writer.beginRow(fieldCount: Self.table.fieldCount)
        writer.append(e.time)
        writer.append(self.tagID)
        writer.append(self.zoneID)
        writer.append(e.transition.description)
        writer.append(Int16(e.method.rawValue))
    }
}
