/// Everything the engine remembers about one tag.
struct TagState: Sendable {
    var tag: TagID
    /// Index in the site's assets, or -1 for a tag not in the config.
    var asset: Int32
    /// The asset's name (empty for unknown tags), kept here to spare a lookup per output row.
    var assetName: SiteName
    var zone: Int32 = -1
    var floor: Int32 = -1
    var method: LocationMethod?
    /// The gateway of the latest accepted location reading.
    var gateway = GatewayID()
    var zoneSince: Int64 = noTime
    /// Device time of the latest accepted location reading; older ones are late.
    var locationTime: Int64 = noTime
    /// Latest device time of any reading (or the engine start for configured assets).
    var lastSeen: Int64
    var batteryTime: Int64 = noTime
    var ble = BLERoomTracker()
    /// A not-seen alert is open (saves scanning the slots on every reading).
    var openNotSeen = false
    /// Some rule of this tag depends on where it is over time (dwell, after hours).
    var hasPresenceRules = false
    var slots: [RuleSlot]
}
