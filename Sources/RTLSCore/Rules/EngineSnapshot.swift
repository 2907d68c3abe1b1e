/// What a ``RuleEngine`` knows about its tags and gateways, by name rather than by index, so it can
/// be written to disk at a clean stop and taken over by the next run's engine, built from the
/// config then in force (``RuleEngine/restore(_:now:)``).
///
/// Kept: where each tag is (zone and floor names, method, gateway, since when), its last-seen,
/// location and battery times, and each rule's state (open alert and its id, dwell and excursion
/// clocks); each gateway's last-seen time and open offline alerts. Not kept: BLE windows (they
/// restart from the tag's current room).
public struct EngineSnapshot: Sendable, Equatable {
    /// When it was taken (microseconds since 1970, the engine's clock).
    public var takenAt: Int64
    /// The next alert id the engine would have used.
    public var nextAlertID: UInt64
    public var tags: [Tag]
    public var gateways: [Gateway]
    /// PAR-level rules' state (open alert, below-since clock), by rule id.
    public var par: [Rule] = []
    /// Open alerts' acknowledgement and escalation state (kept by the rules stage, not the engine).
    public var escalation: [AlertEscalation.Entry] = []

    public struct Tag: Sendable, Equatable {
        public var tag: TagID
        public var zone: ZoneName?
        public var floor: SiteName?
        public var method: UInt8?
        public var gateway: GatewayID
        public var zoneSince: Int64
        public var locationTime: Int64
        public var lastSeen: Int64
        public var batteryTime: Int64
        public var rules: [Rule]

        public init(
            tag: TagID, zone: ZoneName?, floor: SiteName?, method: UInt8?, gateway: GatewayID, zoneSince: Int64,
            locationTime: Int64, lastSeen: Int64, batteryTime: Int64, rules: [Rule]
        ) {
            self.tag = tag
            self.zone = zone
            self.floor = floor
            self.method = method
            self.gateway = gateway
            self.zoneSince = zoneSince
            self.locationTime = locationTime
            self.lastSeen = lastSeen
            self.batteryTime = batteryTime
            self.rules = rules
        }
    }

    /// One rule's state for one tag or gateway.
    public struct Rule: Sendable, Equatable {
        public var id: SiteName
        public var kind: UInt8
        public var active: Bool
        public var alertID: UInt64
        public var since: Int64
        public var clearSince: Int64
        public var lastTime: Int64
        public var lastValue: Double?
        public var zone: ZoneName?

        public init(
            id: SiteName, kind: UInt8, active: Bool, alertID: UInt64, since: Int64, clearSince: Int64, lastTime: Int64,
            lastValue: Double?, zone: ZoneName?
        ) {
            self.id = id
            self.kind = kind
            self.active = active
            self.alertID = alertID
            self.since = since
            self.clearSince = clearSince
            self.lastTime = lastTime
            self.lastValue = lastValue
            self.zone = zone
        }

        /// An open alert (an active slot of any kind but usage, whose active state is an open session).
        public var isOpenAlert: Bool { self.active && self.kind != AlertKind.usage.rawValue }
    }

    public struct Gateway: Sendable, Equatable {
        public var id: GatewayID
        public var lastSeen: Int64
        public var rules: [Rule]

        public init(id: GatewayID, lastSeen: Int64, rules: [Rule]) {
            self.id = id
            self.lastSeen = lastSeen
            self.rules = rules
        }
    }

    public init(takenAt: Int64, nextAlertID: UInt64, tags: [Tag], gateways: [Gateway], par: [Rule] = []) {
        self.takenAt = takenAt
        self.nextAlertID = nextAlertID
        self.tags = tags
        self.gateways = gateways
        self.par = par
    }

    /// Open alerts in the snapshot (tags, gateways and PAR levels; open usage sessions are not alerts).
    public var openAlerts: Int {
        self.tags.reduce(0) { $0 + $1.rules.count(where: \.isOpenAlert) }
            + self.gateways.reduce(0) { $0 + $1.rules.count(where: \.active) } + self.par.count(where: \.active)
    }

    /// Open usage sessions in the snapshot.
    public var openSessions: Int {
        self.tags.reduce(0) { $0 + $1.rules.count(where: { $0.active && $0.kind == AlertKind.usage.rawValue }) }
    }
}
