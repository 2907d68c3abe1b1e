public import RTLSCore

/// A location reading (one without a metric) with its resolved ids, as a `location_readings` row.
public struct LocationReadingRow: CopyRow, Sendable {
    /// Column order; `sql/003_timeseries.*.sql` defines the table.
    public static let table = CopyTable(
        name: "location_readings",
        columns: [
            "time", "received_at", "tag_id", "gateway_id", "kind", "flags", "rssi", "antenna",
            "x", "y", "z", "lat", "lon", "accuracy", "battery", "zone_id",
        ])

    /// The reading.
    public var reading: Reading
    /// `tags.id` of `reading.tag`.
    public var tagID: Int32
    /// `gateways.id` of `reading.gateway`, `nil` when the reading names no gateway.
    public var gatewayID: Int32?
    /// `zones.id` of `reading.zone`, `nil` when the reading names no zone.
    public var zoneID: Int32?

    /// Pairs a reading with its ids.
    public init(_ reading: Reading, tagID: Int32, gatewayID: Int32?, zoneID: Int32?) {
        self.reading = reading
        self.tagID = tagID
        self.gatewayID = gatewayID
        self.zoneID = zoneID
    }

    public func encode(into writer: inout BinaryCopyWriter) {
        let r = self.reading
        writer.beginRow(fieldCount: Self.table.fieldCount)
        writer.append(r.time)
        writer.append(r.receivedAt)
        writer.append(self.tagID)
        writer.append(self.gatewayID)
        writer.append(Int16(r.kind.rawValue))
        writer.append(Int16(r.flags.rawValue))
        writer.append(r.rssi)
        writer.append(r.antenna)
        writer.append(r.x)
        writer.append(r.y)
        writer.append(r.z)
        writer.append(r.lat)
        writer.append(r.lon)
        writer.append(r.accuracy)
        writer.append(r.battery)
        writer.append(self.zoneID)
    }
}
