import RTLSCore

/// The reference names one batch needs that the cache does not know yet, each once, in first-seen order.
///
/// Readings and rule-engine events add their names to one collector, so a batch costs at most one
/// upsert per reference table however many kinds of rows it carries (see ``ReferenceResolver``).
/// Gateways and zones of readings and alerts are added only where ``ReferencePolicy`` allows them.
struct ReferenceNames {
    private let policy: ReferencePolicy
    private(set) var tags: [TagID] = []
    private(set) var gateways: [GatewayID] = []
    /// `gateways.kind` for each new gateway: the kind of the first reading naming it, `nil` from events.
    private(set) var gatewayKinds: [String?] = []
    private(set) var zones: [ZoneName] = []
    private(set) var metrics: [MetricName] = []
    /// `metrics.unit` for each new metric.
    private(set) var metricUnits: [String?] = []
    private var seenTags = Set<TagID>()
    private var seenGateways = Set<GatewayID>()
    private var seenZones = Set<ZoneName>()
    private var seenMetrics = Set<MetricName>()

    /// An empty collector applying `policy` to gateway and zone names.
    init(policy: ReferencePolicy = .any) {
        self.policy = policy
    }

    /// Names in total.
    var count: Int { self.tags.count + self.gateways.count + self.zones.count + self.metrics.count }

    /// Adds a tag unless it is cached or already added (callers skip empty tags where they mean "none").
    mutating func add(tag: TagID, cache: ReferenceIDCache) {
        if cache.tags[tag] == nil, self.seenTags.insert(tag).inserted { self.tags.append(tag) }
    }

    /// Adds a gateway unless it is empty, cached, already added or refused by the policy.
    mutating func add(gateway: GatewayID, kind: SourceKind?, cache: ReferenceIDCache) {
        guard !gateway.isEmpty, cache.gateways[gateway] == nil, self.policy.allows(gateway: gateway),
            self.seenGateways.insert(gateway).inserted
        else { return }
        self.gateways.append(gateway)
        self.gatewayKinds.append(kind.map { String($0.rawValue) })
    }

    /// Adds a zone unless it is empty, cached, already added or refused by the policy.
    mutating func add(zone: ZoneName, cache: ReferenceIDCache) {
        guard self.policy.allows(zone: zone) else { return }
        self.add(siteZone: zone, cache: cache)
    }

    /// Adds a zone of the rule engine's site model (zone events, locations) unless it is empty, cached
    /// or already added: the policy does not apply, as those rows need the id.
    mutating func add(siteZone zone: ZoneName, cache: ReferenceIDCache) {
        if !zone.isEmpty, cache.zones[zone] == nil, self.seenZones.insert(zone).inserted { self.zones.append(zone) }
    }

    /// Adds a metric unless it is cached or already added.
    mutating func add(metric: MetricName, unit: UnitName, cache: ReferenceIDCache) {
        guard cache.metrics[metric] == nil, self.seenMetrics.insert(metric).inserted else { return }
        self.metrics.append(metric)
        self.metricUnits.append(unit.isEmpty ? nil : ReferenceResolver.text(unit))
    }

    /// Adds every name a reading carries.
    mutating func add(_ reading: Reading, cache: ReferenceIDCache) {
        self.add(tag: reading.tag, cache: cache)
        self.add(gateway: reading.gateway, kind: reading.kind, cache: cache)
        if reading.isIdentifier { return }  // `zone` holds the identifier's bytes, `metric` its scheme
        self.add(zone: reading.zone, cache: cache)
        if reading.isSensor { self.add(metric: reading.metric, unit: reading.unit, cache: cache) }
    }
}
