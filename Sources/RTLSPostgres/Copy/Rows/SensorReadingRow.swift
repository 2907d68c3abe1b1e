public import RTLSCore

/// A sensor reading (one with a metric) with its resolved ids, as a `sensor_readings` row.
public struct SensorReadingRow: CopyRow, Sendable {
    /// Column order; `sql/003_timeseries.*.sql` defines the table.
    public static let table = CopyTable(
        name: "sensor_readings",
        columns: ["time", "received_at", "tag_id", "gateway_id", "metric_id", "value", "flags"])

    /// The reading.
    public var reading: Reading
    /// `tags.id` of `reading.tag` (the sensor).
    public var tagID: Int32
    /// `gateways.id` of `reading.gateway`, `nil` when the reading names no gateway.
    public var gatewayID: Int32?
    /// `metrics.id` of `reading.metric`.
    public var metricID: Int16

    /// Pairs a reading with its ids.
    public init(_ reading: Reading, tagID: Int32, gatewayID: Int32?, metricID: Int16) {
        self.reading = reading
        self.tagID = tagID
        self.gatewayID = gatewayID
        self.metricID = metricID
    }

    /// Fields per row; `CopyRowEncoderTests` checks it against ``table``.
    static var fieldCount: Int16 { 7 }

    /// The row's size in bytes: field-count word, 7 length words, the 5 fields that are never NULL
    /// (two timestamps, tag id, metric id, flags) and the optional ones that are present.
    var byteCount: Int {
        2 + 7 * 4 + 8 + 8 + 4 + 2 + 2
            + CopyRowEncoder.valueSize(self.gatewayID) + CopyRowEncoder.valueSize(self.reading.value)
    }

    public func encode(into writer: inout BinaryCopyWriter) {
        writer.appendRow(fieldCount: Self.fieldCount, byteCount: self.byteCount) { row in
            row.append(self.reading.time)
            row.append(self.reading.receivedAt)
            row.append(self.tagID)
            row.append(self.gatewayID)
            row.append(self.metricID)
            row.append(self.reading.value)
            row.append(Int16(self.reading.flags.rawValue))
        }
    }
}
