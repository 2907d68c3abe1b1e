/// A tag's current location after a reading, for the `asset_locations` current-state table.
public struct AssetLocation: Sendable, BitwiseCopyable, Equatable {
    /// The tag.
    public var tag: TagID
    /// The asset's name; empty for tags not in the site config.
    public var asset: SiteName
    /// The zone's index in the site model, `nil` when outside every zone.
    public var zoneIndex: Int32?
    /// The zone's name; empty when outside every zone.
    public var zone: ZoneName
    /// The floor's name; empty when unknown or outdoors.
    public var floor: SiteName
    /// How the zone was determined.
    public var method: LocationMethod?
    /// Device time of the reading.
    public var time: Timestamp
    /// The gateway that saw it.
    public var gateway: GatewayID
    /// Since when the tag has been in `zone`.
    public var since: Timestamp

    /// Creates a location (the engine's, or one read back from the write-ahead log).
    public init(
        tag: TagID, asset: SiteName, zoneIndex: Int32?, zone: ZoneName, floor: SiteName, method: LocationMethod?,
        time: Timestamp, gateway: GatewayID, since: Timestamp
    ) {
        self.tag = tag
        self.asset = asset
        self.zoneIndex = zoneIndex
        self.zone = zone
        self.floor = floor
        self.method = method
        self.time = time
        self.gateway = gateway
        self.since = since
    }
}
