/// What an alert is about; stable names for logs, journald `MESSAGE_ID` mapping and the database.
public enum AlertKind: UInt8, Sendable, BitwiseCopyable, CaseIterable, CustomStringConvertible {
    case zoneEnter = 1
    case zoneExit = 2
    case restrictedZone = 3
    case dwell = 4
    case notSeen = 5
    case lowBattery = 6
    case sensorHigh = 7
    case sensorLow = 8
    case gatewayOffline = 9
    case afterHours = 10

    /// snake_case name (`restricted_zone`).
    public var description: String {
        switch self {
        case .zoneEnter: "zone_enter"
        case .zoneExit: "zone_exit"
        case .restrictedZone: "restricted_zone"
        case .dwell: "dwell"
        case .notSeen: "not_seen"
        case .lowBattery: "low_battery"
        case .sensorHigh: "sensor_high"
        case .sensorLow: "sensor_low"
        case .gatewayOffline: "gateway_offline"
        case .afterHours: "after_hours"
        }
    }
}

/// How urgent an alert is; maps to a log level (info, warning, critical → error).
public enum AlertSeverity: UInt8, Sendable, BitwiseCopyable, CaseIterable, CustomStringConvertible {
    case info = 1
    case warning = 2
    case critical = 3

    /// Parses `info`, `warning`, `critical`.
    public init?(name: String) {
        guard let s = Self.allCases.first(where: { $0.description == name }) else { return nil }
        self = s
    }

    public var description: String {
        switch self {
        case .info: "info"
        case .warning: "warning"
        case .critical: "critical"
        }
    }
}

/// Whether an alert event opens or closes the alert condition.
public enum AlertState: UInt8, Sendable, BitwiseCopyable, CustomStringConvertible {
    /// The condition became true (sent once).
    case fired = 1
    /// The condition ended (sent once, with the same ``Alert/alertID`` as the firing).
    case cleared = 2

    public var description: String { self == .fired ? "fired" : "cleared" }
}
