/// The one field-level validity policy every decoder follows (README "Field validity").
///
/// - A vendor's own "not available" encoding (Ruuvi `0x8000`, OwnTracks `batt: -1` …) becomes
///   NULL without comment: it is what the device said.
/// - A physically impossible value (outside the ranges below, non-finite, or of the wrong JSON
///   type) becomes NULL with a counted, rate-limited reason (``DecodeOutput/nulled``), and the rest
///   of the reading is kept.
/// - A reading is rejected only when its identity (tag) or its time is unusable.
/// - A real sensor's faithful but unusual value (104.7 % relative humidity, −40 °C) is kept: sensor
///   values are only checked for being finite.
enum FieldPolicy {
    /// Received signal strength in dBm: no receiver reports a signal above 0 dBm, nor below −130.
    static let rssi: ClosedRange<Double> = -130...0
    /// Transmit power in dBm (calibrated at 1 m or 0 m): BLE radios span about −100…+20.
    static let txPower: ClosedRange<Double> = -127...20
    /// Battery in percent.
    static let battery: ClosedRange<Double> = 0...100
    /// A voltage (battery, supply) in volts: never negative.
    static let voltage: ClosedRange<Double> = 0...1_000
    /// WGS84 latitude in degrees.
    static let latitude: ClosedRange<Double> = -90...90
    /// WGS84 longitude in degrees.
    static let longitude: ClosedRange<Double> = -180...180
    /// Horizontal accuracy in metres.
    static let accuracy: ClosedRange<Double> = 0...100_000
    /// Floor coordinates in metres (a kilometre-scale campus fits with room to spare).
    static let coordinate: ClosedRange<Double> = -100_000...100_000
    /// A distance estimate in metres.
    static let distance: ClosedRange<Double> = 0...100_000
    /// RFID antenna port.
    static let antenna: ClosedRange<Int64> = 0...Int64(Int16.max)
    /// Any finite number: sensor values are kept as the sensor reported them.
    static let finite: ClosedRange<Double> = -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude

    /// The error recorded when `value` at `field` is outside `range`.
    static func outOfRange(_ value: Double, _ range: ClosedRange<Double>, field: String) -> DecodeError {
        if !value.isFinite { return DecodeError(.outOfRange, field: field, detail: "is not a finite number") }
        return DecodeError(.outOfRange, field: field, detail: "is \(value), outside \(range.lowerBound)…\(range.upperBound)")
    }

    /// Checks an integer against a range (for values that make the whole item unusable).
    ///
    /// - Throws: `outOfRange` at `field`.
    static func check(_ value: Int64, _ range: ClosedRange<Int64>, field: String) throws(DecodeError) -> Int64 {
        guard range.contains(value) else {
            throw DecodeError(.outOfRange, field: field, detail: "is \(value), outside \(range.lowerBound)…\(range.upperBound)")
        }
        return value
    }

    /// Checks a double against a range (for values that make the whole item unusable).
    ///
    /// - Throws: `outOfRange` at `field`.
    static func check(_ value: Double, _ range: ClosedRange<Double>, field: String) throws(DecodeError) -> Double {
        guard range.contains(value) else { throw self.outOfRange(value, range, field: field) }
        return value
    }
}
