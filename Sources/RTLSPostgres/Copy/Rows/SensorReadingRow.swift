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

    public func encode(into writer: inout BinaryCopyWriter) {
        let r = self.reading
        writer.beginRow(fieldCount: Self.table.fieldCount)
        writer.append(r.time)
        writer.append(r.receivedAt)
        writer.append(self.tagID)
        writer.append(self.gatewayID)
        writer.append(self.metricID)
        writer.append(r.value)
        writer.append(Int16(r.flags.rawValue))
    }
}
