/// One alert event: a rule's condition became true (`fired`) or ended (`cleared`).
///
/// Trivially copyable so it can cross a ring buffer to the database writer; ``message`` is built
/// from the fields only when someone reads it.
public struct Alert: Sendable, BitwiseCopyable, Equatable {
    /// Unique per firing; the matching `cleared` event carries the same id.
    public var alertID: UInt64
    /// The rule's id from the rules file.
    public var ruleID: SiteName
    /// What kind of condition.
    public var kind: AlertKind
    /// How urgent.
    public var severity: AlertSeverity
    /// Fired or cleared.
    public var state: AlertState
    /// When: the reading's device time, or the sweep clock for timer-driven rules.
    public var time: Timestamp
    /// The tag concerned (empty for gateway alerts).
    public var tag: TagID
    /// The asset's name (empty for gateway alerts and unknown tags).
    public var asset: SiteName
    /// The zone concerned (entered, left, dwelt in, last seen in); empty when none.
    public var zone: ZoneName
    /// The gateway that last saw the tag, or the silent gateway.
    public var gateway: GatewayID
    /// How the tag was last located, when known.
    public var method: LocationMethod?
    /// The measured value: battery %, sensor value, seconds dwelt / unseen / silent.
    public var value: Double?
    /// The rule's threshold in the same unit as `value`.
    public var threshold: Double?
    /// The sensor metric for sensor alerts; the floor name for after-hours alerts.
    public var detail: SiteName

    /// Creates an alert event.
    public init(
        alertID: UInt64, ruleID: SiteName, kind: AlertKind, severity: AlertSeverity, state: AlertState,
        time: Timestamp, tag: TagID = TagID(), asset: SiteName = SiteName(), zone: ZoneName = ZoneName(),
        gateway: GatewayID = GatewayID(), method: LocationMethod? = nil, value: Double? = nil,
        threshold: Double? = nil, detail: SiteName = SiteName()
    ) {
        self.alertID = alertID
        self.ruleID = ruleID
        self.kind = kind
        self.severity = severity
        self.state = state
        self.time = time
        self.tag = tag
        self.asset = asset
        self.zone = zone
        self.gateway = gateway
        self.method = method
        self.value = value
        self.threshold = threshold
        self.detail = detail
    }
}
