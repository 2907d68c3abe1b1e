/// One period an asset was in use, as a usage rule saw it: emitted when the session closes.
///
/// Trivially copyable so it crosses to the writer like alerts and zone events do.
public struct UsageSession: Sendable, BitwiseCopyable, Equatable {
    /// The tag.
    public var tag: TagID
    /// The asset's name (empty for tags not in the site).
    public var asset: SiteName
    /// The asset's class (empty when it has none).
    public var assetClass: SiteName
    /// The usage rule's id.
    public var ruleID: SiteName
    /// The signal that rule watches.
    public var signal: UsageSignal
    /// When the signal first went on (the session counts from there once `start_after` passed).
    public var start: Timestamp
    /// When the signal first went off (the session ends there once `end_after` passed).
    public var end: Timestamp
    /// The zone the asset was in when the session started (the zone itself for zone signals);
    /// empty when it was not located.
    public var zone: ZoneName

    /// Creates a session.
    public init(
        tag: TagID, asset: SiteName, assetClass: SiteName = SiteName(), ruleID: SiteName, signal: UsageSignal, start: Timestamp, end: Timestamp,
        zone: ZoneName
    ) {
        self.tag = tag
        self.asset = asset
        self.assetClass = assetClass
        self.ruleID = ruleID
        self.signal = signal
        self.start = start
        self.end = end
        self.zone = zone
    }
}
