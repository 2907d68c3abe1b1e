/// Metric names and units the RFID decoders (Impinj, Zebra) store a tag read's radio details under,
/// one name per quantity across vendors, so `metrics.unit` (set by the first reading that names a
/// metric) is the same whichever reader was first.
///
/// Each is a `sensor_readings` row tied to the tag read (same tag, gateway and time); the read's RSSI
/// and antenna port stay columns of `location_readings`.
enum RFIDMetric {
    /// Carrier frequency the tag was read on, in MHz (Impinj `frequency` kHz / 1000, Zebra `channel`).
    static let frequency: MetricName = "rf_frequency"
    /// Unit of ``frequency``.
    static let megahertz: UnitName = "MHz"
    /// Phase angle of the tag's backscatter, in degrees (Impinj `phaseAngle`, Zebra `phase`).
    static let phase: MetricName = "rf_phase"
    /// Unit of ``phase``.
    static let degrees: UnitName = "deg"
    /// Reader transmit power for the read, in dBm (Impinj `transmitPowerCdbm` / 100).
    static let transmitPower: MetricName = "rf_tx_power"
    /// Unit of ``transmitPower``.
    static let dBm: UnitName = "dBm"
    /// Reads of the tag folded into this report (Zebra `reads`).
    static let readCount: MetricName = "read_count"
    /// Times the tag was inventoried since its previous report (Zebra `seenCount`).
    static let seenCount: MetricName = "seen_count"
    /// Unit of dimensionless counts.
    static let count: UnitName = "count"
}
