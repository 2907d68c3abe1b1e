/// Something done to an open alert after it fired: a person acknowledged it, or rtlsd escalated it
/// because nobody did in time. Stored in `alert_actions` next to the alert's fired/cleared rows.
public struct AlertAction: Sendable, BitwiseCopyable, Equatable {
    /// What was done.
    public enum Kind: UInt8, Sendable, BitwiseCopyable, CustomStringConvertible {
        /// A person acknowledged the alert (MQTT command or `rtlsd alert ack`).
        case acknowledged = 1
        /// rtlsd escalated an unacknowledged critical alert.
        case escalated = 2

        public var description: String { self == .acknowledged ? "acknowledged" : "escalated" }
    }

    /// What was done.
    public var kind: Kind
    /// When (rtlsd's clock).
    public var time: Timestamp
    /// Who acknowledged (as given, up to 32 bytes); empty for escalations.
    public var actor: SiteName
    /// The alert as it fired (its id, rule, kind, severity, tag and zone). For an alert taken over
    /// from the previous run's state file only `alertID` is known; the other fields are empty.
    public var alert: Alert

    /// Creates an action.
    public init(kind: Kind, time: Timestamp, actor: SiteName = SiteName(), alert: Alert) {
        self.kind = kind
        self.time = time
        self.actor = actor
        self.alert = alert
    }
}
