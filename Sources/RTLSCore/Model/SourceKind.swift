/// The family of device that produced a reading; stored as a `smallint` in the database.
public enum SourceKind: UInt8, Sendable, BitwiseCopyable, CaseIterable, CustomStringConvertible {
    case rfid = 1
    case ble = 2
    case gps = 3
    case uwb = 4
    case qr = 5
    case sensor = 6

    /// Parses the names used in payloads and config (`rfid`, `ble`, `gps`, `uwb`, `qr`, `sensor`).
    public init?(name: String) {
        switch name.lowercased() {
        case "rfid": self = .rfid
        case "ble": self = .ble
        case "gps": self = .gps
        case "uwb": self = .uwb
        case "qr": self = .qr
        case "sensor", "iot": self = .sensor
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .rfid: "rfid"
        case .ble: "ble"
        case .gps: "gps"
        case .uwb: "uwb"
        case .qr: "qr"
        case .sensor: "sensor"
        }
    }
}
