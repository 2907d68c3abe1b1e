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

    /// How far a fix of this kind is trusted over another (README "Location and alerts"):
    /// 3 — an RFID portal/antenna read or a QR scan puts the tag at a place;
    /// 2 — a UWB or GPS position, or a zone the device or node reports (OwnTracks region,
    ///     ESPresense room);
    /// 1 — a BLE gateway estimate, which neighbouring rooms overhear.
    /// A fix of higher confidence is not undone by a lower one within the arbitration window, and
    /// may arrive up to that window late and still count.
    public var confidence: Int {
        switch self {
        case .rfid, .qr: 3
        case .uwb, .gps, .reported: 2
        case .ble: 1
        }
    }

    /// Upper-case label for messages (`BLE`, `RFID`).
    public var label: String { self == .reported ? "room report" : self.description.uppercased() }
}
