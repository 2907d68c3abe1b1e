public import RTLSCore

/// The writer's memory of reference ids: tag, gateway and zone names to `int4` ids, metric names
/// to `int2` ids.
///
/// Owned by one ``ReadingBatchWriter``; a steady stream of known tags costs one dictionary lookup per
/// reading and no database round trip. Ids learned during a batch stay pending until its COMMIT and
/// are forgotten if it fails (see ``ReferenceIDMap``). Tags, the one table that grows without
/// limit (phones with randomised BLE addresses), are kept to ``tagCapacity`` entries, evicting the
/// least recently used ones approximately (a clock); gateways and zones are one entry per row of
/// their tables (bounded by `site.toml` when the allow-lists are on, see ``ReferencePolicy``), and
/// metrics by their `int2` ids.
public struct ReferenceIDCache: Sendable {
    /// Default for ``tagCapacity`` (`[database] reference_cache_entries`).
    public static let defaultTagCapacity = 200_000

    var tags: ReferenceIDMap<TagID, Int32>
    var gateways = ReferenceIDMap<GatewayID, Int32>()
    var zones = ReferenceIDMap<ZoneName, Int32>()
    var metrics = ReferenceIDMap<MetricName, Int16>()

    /// An empty cache keeping at most `tagCapacity` committed tags (1 … 2³¹ − 1).
    public init(tagCapacity: Int = ReferenceIDCache.defaultTagCapacity) {
        self.tags = ReferenceIDMap(capacity: tagCapacity)
    }

    /// The cached id of a tag.
    public func tagID(_ tag: TagID) -> Int32? { self.tags[tag] }
    /// The cached id of a gateway.
    public func gatewayID(_ gateway: GatewayID) -> Int32? { self.gateways[gateway] }
    /// The cached id of a zone.
    public func zoneID(_ zone: ZoneName) -> Int32? { self.zones[zone] }
    /// The cached id of a metric.
    public func metricID(_ metric: MetricName) -> Int16? { self.metrics[metric] }

    /// The cached id of a tag, marking it used so the clock keeps it (the COPY encoding's lookup).
    @inline(__always)
    mutating func usingTagID(_ tag: TagID) -> Int32? { self.tags.touch(tag) }

    /// The most committed tags kept.
    public var tagCapacity: Int { self.tags.capacity }
    /// Committed tag entries forgotten to stay within ``tagCapacity``, since the cache was made.
    public var tagEvictions: UInt64 { self.tags.evictions }
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

    /// Forgets the gateways and zones `policy` no longer lets readings use (after a site reload).
    mutating func apply(_ policy: ReferencePolicy) {
        if policy.gateways != nil { self.gateways.retain { policy.allows(gateway: $0) } }
        if policy.zones != nil { self.zones.retain { policy.allows(zone: $0) } }
    }
}
