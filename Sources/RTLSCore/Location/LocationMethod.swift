/// How a tag's zone was determined.
public enum LocationMethod: UInt8, Sendable, BitwiseCopyable, CaseIterable, CustomStringConvertible {
    /// Strongest smoothed BLE RSSI, with hysteresis.
    case ble = 1
    /// RFID reader and antenna.
    case rfid = 2
    /// UWB (or any floor x/y) inside a floor polygon.
    case uwb = 3
    /// GPS inside a geofence polygon.
    case gps = 4
    /// A QR scan naming the zone.
    case qr = 5
    /// A zone named by the decoder (ESPresense room from the topic).
    case reported = 6

    /// snake_case name stored in the database.
    public var description: String {
        switch self {
        case .ble: "ble"
        case .rfid: "rfid"
        case .uwb: "uwb"
        case .gps: "gps"
        case .qr: "qr"
        case .reported: "reported"
        }
    }

    /// Upper-case label for messages (`BLE`, `RFID`).
    public var label: String { self == .reported ? "room report" : self.description.uppercased() }
}
