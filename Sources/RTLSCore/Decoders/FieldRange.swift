/// The ranges rtlsd accepts for reading fields; a value outside is `outOfRange`, never clamped.
enum FieldRange {
    /// Received signal strength in dBm.
    static let rssi: ClosedRange<Double> = -150...20
    /// Battery in percent.
    static let battery: ClosedRange<Double> = 0...100
    /// WGS84 latitude in degrees.
    static let latitude: ClosedRange<Double> = -90...90
    /// WGS84 longitude in degrees.
    static let longitude: ClosedRange<Double> = -180...180
    /// Horizontal accuracy in metres.
    static let accuracy: ClosedRange<Double> = 0...100_000
    /// Floor coordinates in metres (a kilometre-scale campus fits with room to spare).
    static let coordinate: ClosedRange<Double> = -100_000...100_000
    /// RFID antenna port.
    static let antenna: ClosedRange<Int64> = 0...Int64(Int16.max)

    /// Checks an integer against a range.
    ///
    /// - Throws: `outOfRange` at `field`.
    static func check(_ value: Int64, _ range: ClosedRange<Int64>, field: String) throws(DecodeError) -> Int64 {
        guard range.contains(value) else {
            throw DecodeError(.outOfRange, field: field, detail: "is \(value), outside \(range.lowerBound)…\(range.upperBound)")
        }
        return value
    }

    /// Checks a finite double against a range.
    ///
    /// - Throws: `outOfRange` at `field`.
    static func check(_ value: Double, _ range: ClosedRange<Double>, field: String) throws(DecodeError) -> Double {
        guard range.contains(value) else {
            throw DecodeError(.outOfRange, field: field, detail: "is \(value), outside \(range.lowerBound)…\(range.upperBound)")
        }
        return value
    }
}
