/// What tells a usage rule that an asset is in use.
public enum UsageSignal: UInt8, Sendable, BitwiseCopyable, CaseIterable, CustomStringConvertible {
    /// A sensor metric (smart plug `power` or `current`) above `on_above`; off at or below
    /// `off_below` (hysteresis: values in between change nothing).
    case power = 1
    /// A binary metric (1/0, e.g. an ESPHome binary sensor or a Zigbee2MQTT boolean): on when not 0.
    case state = 2
    /// Movement: a counter metric (RuuviTag `movement_counter`) that changed since the tag's
    /// previous reading, or with `on_above` a metric such as acceleration above it.
    case motion = 3
    /// Presence in one of the rule's zones (patient rooms rather than storage).
    case zone = 4

    /// snake_case name as written in the rules file and stored in `usage_logs.signal`.
    public var description: String {
        switch self {
        case .power: "power"
        case .state: "state"
        case .motion: "motion"
        case .zone: "zone"
        }
    }

    /// The signal named `name`, or `nil`.
    public init?(name: String) {
        guard let s = Self.allCases.first(where: { $0.description == name }) else { return nil }
        self = s
    }
}
