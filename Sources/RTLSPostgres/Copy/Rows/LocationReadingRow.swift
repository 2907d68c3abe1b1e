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

    /// Fields per row; `CopyRowEncoderTests` checks it against ``table``.
    static var fieldCount: Int16 { 16 }

    /// The row's size in bytes: field-count word, 16 length words, the 5 fields that are never NULL
    /// (two timestamps, tag id, kind, flags) and the optional ones that are present.
    var byteCount: Int {
        2 + 16 * 4 + 8 + 8 + 4 + 2 + 2
            + CopyRowEncoder.valueSize(self.gatewayID)
            + CopyRowEncoder.valueSize(self.reading.rssi)
            + CopyRowEncoder.valueSize(self.reading.antenna)
            + CopyRowEncoder.valueSize(self.reading.x)
            + CopyRowEncoder.valueSize(self.reading.y)
            + CopyRowEncoder.valueSize(self.reading.z)
            + CopyRowEncoder.valueSize(self.reading.lat)
            + CopyRowEncoder.valueSize(self.reading.lon)
            + CopyRowEncoder.valueSize(self.reading.accuracy)
            + CopyRowEncoder.valueSize(self.reading.battery)
            + CopyRowEncoder.valueSize(self.zoneID)
    }

    public func encode(into writer: inout BinaryCopyWriter) {
        writer.appendRow(fieldCount: Self.fieldCount, byteCount: self.byteCount) { row in
            row.append(self.reading.time)
            row.append(self.reading.receivedAt)
            row.append(self.tagID)
            row.append(self.gatewayID)
            row.append(Int16(self.reading.kind.rawValue))
            row.append(Int16(self.reading.flags.rawValue))
            row.append(self.reading.rssi)
            row.append(self.reading.antenna)
            row.append(self.reading.x)
            row.append(self.reading.y)
            row.append(self.reading.z)
            row.append(self.reading.lat)
            row.append(self.reading.lon)
            row.append(self.reading.accuracy)
            row.append(self.reading.battery)
            row.append(self.zoneID)
        }
    }
}
