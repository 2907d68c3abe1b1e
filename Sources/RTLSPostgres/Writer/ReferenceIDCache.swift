public import RTLSCore

/// The writer's memory of reference ids: tag, gateway and zone names to `int4` ids, metric names
/// to `int2` ids.
///
/// Owned by one ``ReadingBatchWriter``; a steady stream of known tags costs one dictionary lookup per
/// reading and no database round trip. Ids learned during a batch stay pending until its COMMIT and
/// are forgotten if it fails (see ``ReferenceIDMap``).
public struct ReferenceIDCache: Sendable {
    var tags = ReferenceIDMap<TagID, Int32>()
    var gateways = ReferenceIDMap<GatewayID, Int32>()
    var zones = ReferenceIDMap<ZoneName, Int32>()
    var metrics = ReferenceIDMap<MetricName, Int16>()

    /// An empty cache.
    public init() {}

    /// The cached id of a tag.
    public func tagID(_ tag: TagID) -> Int32? { self.tags[tag] }
    /// The cached id of a gateway.
    public func gatewayID(_ gateway: GatewayID) -> Int32? { self.gateways[gateway] }
    /// The cached id of a zone.
    public func zoneID(_ zone: ZoneName) -> Int32? { self.zones[zone] }
    /// The cached id of a metric.
    public func metricID(_ metric: MetricName) -> Int16? { self.metrics[metric] }

    /// Committed entries over all four tables.
    public var count: Int { self.tags.count + self.gateways.count + self.zones.count + self.metrics.count }
    /// Entries learned in the open transaction, over all four tables.
    public var pendingCount: Int {
        self.tags.pendingCount + self.gateways.pendingCount + self.zones.pendingCount + self.metrics.pendingCount
    }

    /// Makes every pending id permanent.
    mutating func commitPending() {
        self.tags.commitPending()
        self.gateways.commitPending()
        self.zones.commitPending()
        self.metrics.commitPending()
    }

    /// Forgets every pending id.
    mutating func discardPending() {
        self.tags.discardPending()
        self.gateways.discardPending()
        self.zones.discardPending()
        self.metrics.discardPending()
    }
}
