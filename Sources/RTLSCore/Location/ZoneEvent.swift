/// A tag entered or left a zone.
public struct ZoneEvent: Sendable, BitwiseCopyable, Equatable {
    /// Entered or left.
    public enum Transition: UInt8, Sendable, BitwiseCopyable, CustomStringConvertible {
        /// The tag entered the zone.
        case enter = 1
        /// The tag left the zone.
        case exit = 2

        public var description: String { self == .enter ? "enter" : "exit" }
    }

    /// Entered or left.
    public var transition: Transition
    /// Device time of the reading that moved the tag.
    public var time: Timestamp
    /// The tag.
    public var tag: TagID
    /// The asset's name; empty for tags not in the site config.
    public var asset: SiteName
    /// The zone's index in the site model.
    public var zoneIndex: Int32
    /// The zone's name.
    public var zone: ZoneName
    /// How the move was detected.
    public var method: LocationMethod
    /// The gateway whose reading moved the tag.
    public var gateway: GatewayID

    /// Creates a zone event (the engine's, or one read back from the write-ahead log).
    public init(
        transition: Transition, time: Timestamp, tag: TagID, asset: SiteName, zoneIndex: Int32, zone: ZoneName,
        method: LocationMethod, gateway: GatewayID
    ) {
        self.transition = transition
        self.time = time
        self.tag = tag
        self.asset = asset
        self.zoneIndex = zoneIndex
        self.zone = zone
        self.method = method
        self.gateway = gateway
    }
}
