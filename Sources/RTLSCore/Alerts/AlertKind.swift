/// What an alert is about; stable names for logs, journald `MESSAGE_ID` mapping and the database.
public enum AlertKind: UInt8, Sendable, BitwiseCopyable, CaseIterable, CustomStringConvertible {
    /// An asset entered a watched zone.
    case zoneEnter = 1
    /// An asset left a watched zone.
    case zoneExit = 2
    /// An asset entered a zone it must not be in.
    case restrictedZone = 3
    /// An asset stayed in a zone too long.
    case dwell = 4
    /// An asset has not been seen for too long.
    case notSeen = 5
    /// A tag's battery is low.
    case lowBattery = 6
    /// A sensor value stayed above its bound.
    case sensorHigh = 7
    /// A sensor value stayed below its bound.
    case sensorLow = 8
    /// A gateway went silent.
    case gatewayOffline = 9
    /// An asset is off its home floor after hours.
    case afterHours = 10
    /// Not an alert: the kind of a usage rule (in-use signal), whose output is a ``UsageSession``.
    case usage = 11
    /// An asset has not been in use for too long.
    case idle = 12
    /// Fewer available (not in use) assets of a class in a zone than its PAR level.
    case parLevel = 13

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
        case .usage: "usage"
        case .idle: "idle"
        case .parLevel: "par_level"
        }
    }
}
