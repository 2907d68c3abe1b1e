/// Location resolution and alert rules over a stream of readings: events in, actions out.
///
/// Pure and synchronous: no locks, no I/O, no clock of its own. Readings go through
/// ``process(_:into:)`` in arrival order; ``sweep(now:into:)`` runs the timer-driven rules (not
/// seen, dwell, sensor durations, gateway offline, after hours) from an injected clock, typically
/// once a second. Rules use device time (`Reading.time`); gateway liveness uses receive time.
///
/// - Important: one thread owns an engine (the ingest thread). Rebuild it on reload with
///   ``rebuilt(site:rules:options:now:)``, which carries per-tag state over.
public struct RuleEngine: Sendable {
    /// The site model the engine was built from.
    public let site: SiteModel
    /// Location tuning.
    public let options: LocationOptions
    /// The rules as given.
    public let ruleSpecs: [RuleSpec]
    /// Counters.
    public internal(set) var statistics = EngineStatistics()

    let rules: [CompiledRule]
    /// Zones of zone and dwell rules, flat (see ``CompiledRule/zoneStart``).
    let ruleZones: [Int32]
    let floorIndexes: [PolygonIndex]
    let geoIndex: PolygonIndex
    /// Rules that apply to each asset (indices into `rules`).
    let assetRules: [[Int32]]
    var tags: [TagState] = []
    var tagTable: TagTable
    var gatewayLastSeen: [Int64]
    var gatewaySlots: [RuleSlot] = []
    var slotsByGateway: [[Int32]]
    var nextAlertID: UInt64
    /// One slot per PAR-level rule, and the assets (= tag indices) each counts.
    var parSlots: [RuleSlot] = []
    var parMembers: [[Int32]] = []
    var unknownTags = 0
    /// One-entry cache: readings of one MQTT message usually share their gateway.
    var lastGateway = GatewayID()
    var lastGatewayIndex: Int32 = -1
    /// Receive time of the reading being processed (usage slots remember it).
    var receivedNow: Int64 = 0
    /// How far each BLE gateway has reported (decides tags' windows as soon as they are complete).
    var watermarks: GatewayWatermarks

    /// Builds an engine.
    ///
    /// - Parameters:
    ///   - site: the facility model.
    ///   - rules: the rules, resolved against `site`.
    ///   - options: BLE smoothing and limits.
    ///   - now: the current time; configured assets and gateways count as seen at `now`, and
    ///     alert ids start from it (microseconds), so they stay unique across restarts.
    /// - Throws: ``RuleError`` naming the rule and key (unknown zone or gateway, bad value, duplicate id).
    public init(
        site: SiteModel, rules: [RuleSpec], options: LocationOptions = LocationOptions(), now: Timestamp
    ) throws(RuleError) {
        self.site = site
        self.options = options
        self.ruleSpecs = rules
        let built = try CompiledRule.compile(rules, site: site)
        let compiled = built.rules
        self.rules = compiled
        self.ruleZones = built.zones
        var perFloor = [[(id: Int32, polygon: Polygon)]](repeating: [], count: site.floors.count)
        var geo: [(id: Int32, polygon: Polygon)] = []
        for (i, zone) in site.zones.enumerated() {
            switch zone.shape {
            case .floor(let p): if let f = zone.floor { perFloor[Int(f)].append((Int32(i), p)) }
            case .geo(let p): geo.append((Int32(i), p))
            case .none: break
            }
        }
        self.floorIndexes = perFloor.map { PolygonIndex($0) }
        self.geoIndex = PolygonIndex(geo)
        self.assetRules = site.assets.map { asset in
            compiled.indices.filter { i in
                let r = compiled[i]
                return r.isPerAsset && built.filters[i].matches(asset)
                    && (r.kind != .afterHours || asset.homeFloor != nil)
            }.map { Int32($0) }
        }
        self.gatewayLastSeen = [Int64](repeating: now.microseconds, count: site.gateways.count)
        self.watermarks = GatewayWatermarks(gateways: site.gateways.count, zones: site.zones.count)
        self.slotsByGateway = [[Int32]](repeating: [], count: site.gateways.count)
        for (i, rule) in compiled.enumerated() where rule.kind == .gatewayOffline {
            for g in built.gateways[i] {
                var slot = RuleSlot(rule: Int32(i))
                slot.gateway = g
                self.slotsByGateway[Int(g)].append(Int32(self.gatewaySlots.count))
                self.gatewaySlots.append(slot)
            }
        }
        for (i, rule) in compiled.enumerated() where rule.kind == .parLevel {
            self.parSlots.append(RuleSlot(rule: Int32(i)))
            self.parMembers.append(site.assets.indices.filter { built.filters[i].matches(site.assets[$0]) }.map { Int32($0) })
        }
        self.nextAlertID = UInt64(max(1, now.microseconds))
        self.tags.reserveCapacity(site.assets.count)
        self.tagTable = TagTable(minimumCapacity: site.assets.count + 1024)
        for (i, asset) in site.assets.enumerated() {
            var state = TagState(
                tag: asset.tag, asset: Int32(i), assetName: asset.name, lastSeen: now.microseconds,
                slots: self.assetRules[i].map { RuleSlot(rule: $0) })
            state.hasPresenceRules = self.assetRules[i].contains {
                compiled[Int($0)].kind == .dwell || compiled[Int($0)].kind == .afterHours
            }
            // Idle time counts from the engine's start until a snapshot says otherwise.
            for k in state.slots.indices where compiled[Int(state.slots[k].rule)].kind == .idle {
                state.slots[k].lastTime = now.microseconds
            }
            self.addTag(state)
        }
    }

    /// `true` when `zone` is one of rule `r`'s zones.
    @inline(__always)
    func covers(_ r: Int32, _ zone: Int32) -> Bool {
        guard zone >= 0 else { return false }
        let rule = self.rules[Int(r)]
        for i in Int(rule.zoneStart)..<Int(rule.zoneEnd) where self.ruleZones[i] == zone { return true }
        return false
    }

    /// Number of tags tracked (configured assets plus unknown tags seen).
    public var trackedTagCount: Int { self.tags.count }

    /// Tags not in the site tracked so far; at ``LocationOptions/maxUnknownTags`` further unknown
    /// tags are counted in ``EngineStatistics/untrackedReadings`` instead.
    public var unknownTagCount: Int { self.unknownTags }

    /// The current location of `tag`, or `nil` when it is not tracked or never located.
    public func location(of tag: TagID) -> AssetLocation? {
        guard let t = self.index(of: tag), self.tags[t].locationTime != noTime else { return nil }
        return self.currentLocation(t)
    }

    /// Processes one reading: gateway liveness, last seen, location (location readings), sensor
    /// rules (sensor readings) and battery. An identifier reading (``Reading/isIdentifier``) is not
    /// an observation of its own (the tag read it came with is): it is skipped.
    ///
    /// - Parameters:
    ///   - reading: a decoded reading.
    ///   - output: receives location rows, zone events and alerts.
    public mutating func process(_ reading: Reading, into output: inout EngineOutput) {
        guard !reading.isIdentifier else { return }
        self.statistics.readings &+= 1
        self.receivedNow = reading.receivedAt.microseconds
        var gateway: Int32 = -1
        if !reading.gateway.isEmpty {
            if reading.gateway != self.lastGateway {
                self.lastGateway = reading.gateway
                self.lastGatewayIndex = self.site.gatewayIndex(reading.gateway) ?? -1
            }
            gateway = self.lastGatewayIndex
            if gateway >= 0 { self.markGatewaySeen(Int(gateway), at: reading.receivedAt.microseconds, into: &output) }
        }
        // Every BLE sighting moves its gateway's watermark, the untracked tags' too (a batch covers all).
        if let sighting = self.bleSighting(reading, gateway: gateway) {
            self.watermarks.note(
                gateway: sighting.gateway, time: reading.time.microseconds,
                receivedAt: reading.receivedAt.microseconds, receiveTime: reading.flags.contains(.receiveTime))
        }
        guard let t = self.tagSlot(for: reading.tag) else {
            self.statistics.untrackedReadings &+= 1
            return
        }
        let time = reading.time.microseconds
        if time > self.tags[t].lastSeen {
            self.tags[t].lastSeen = time
            if self.tags[t].openNotSeen { self.clearNotSeen(t, at: time, into: &output) }
        }
        if reading.isSensor {
            self.evaluateSensor(t, reading, into: &output)
        } else {
            self.locate(t, reading, gateway: gateway, into: &output)
        }
        if let battery = reading.battery {
            self.evaluateBattery(t, level: Double(battery), time: time, into: &output)
        }
    }

    /// Records a message from a gateway (status, heartbeat or any topic), clearing its offline alert.
    ///
    /// - Parameters:
    ///   - id: the gateway's id; gateways not in the site config are ignored.
    ///   - time: when rtlsd received the message.
    ///   - output: receives a `cleared` gateway-offline alert when one was open.
    public mutating func gatewaySeen(_ id: GatewayID, at time: Timestamp, into output: inout EngineOutput) {
        guard let g = self.site.gatewayIndex(id) else { return }
        self.markGatewaySeen(Int(g), at: time.microseconds, into: &output)
    }

    private mutating func tagSlot(for tag: TagID) -> Int? {
        if let t = self.index(of: tag) { return t }
        guard self.unknownTags < self.options.maxUnknownTags else { return nil }
        self.unknownTags += 1
        return self.addTag(TagState(tag: tag, asset: -1, assetName: SiteName(), lastSeen: noTime, slots: []))
    }

    /// Position of `tag` in `tags`.
    @inline(__always)
    func index(of tag: TagID) -> Int? {
        let h = self.tagTable.hash(tag)
        return self.tagTable.find(h) { self.tags[Int($0)].tag == tag }.map { Int($0) }
    }

    /// Appends a tag's state and indexes it.
    @discardableResult
    mutating func addTag(_ state: TagState) -> Int {
        let t = self.tags.count
        self.tags.append(state)
        let tags = self.tags
        let seed = self.tagTable.seed
        self.tagTable.insert(self.tagTable.hash(state.tag), index: Int32(t)) {
            TagTable.hash(tags[Int($0)].tag, seed: seed)
        }
        return t
    }

    func currentLocation(_ t: Int) -> AssetLocation {
        let zone = self.tags[t].zone
        let floor = self.tags[t].floor
        return AssetLocation(
            tag: self.tags[t].tag, asset: self.tags[t].assetName,
            zoneIndex: zone >= 0 ? zone : nil, zone: zone >= 0 ? self.site.zones[Int(zone)].name : ZoneName(),
            floor: floor >= 0 ? self.site.floors[Int(floor)].name : SiteName(), method: self.tags[t].method,
            time: Timestamp(microseconds: self.tags[t].locationTime), gateway: self.tags[t].gateway,
            since: Timestamp(microseconds: self.tags[t].zoneSince))
    }
}
