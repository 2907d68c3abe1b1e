extension RuleEngine {
    /// A new engine for new config that keeps what is known about every tag and gateway still there.
    ///
    /// Carried over, matched by tag id: zone and floor (by name; a zone that no longer exists
    /// leaves the tag outside every zone, without an exit event), last seen, location and battery
    /// times; rule state (open alerts, dwell and excursion clocks) matched by rule id and kind;
    /// gateway last-seen times and offline alerts by gateway id and rule id. BLE smoothing restarts
    /// (gateway indices may have changed). Open alerts of removed rules are dropped without a
    /// `cleared` event. Alert ids continue from the old engine.
    ///
    /// - Parameters:
    ///   - site: the new site model.
    ///   - rules: the new rules.
    ///   - options: the new location tuning.
    ///   - now: counts as last seen for assets and gateways new in this config.
    /// - Throws: ``RuleError`` when the new rules do not fit the new site; the old engine is untouched.
    public func rebuilt(
        site: SiteModel, rules: [RuleSpec], options: LocationOptions, now: Timestamp
    ) throws(RuleError) -> RuleEngine {
        var next = try RuleEngine(site: site, rules: rules, options: options, now: now)
        next.takeOver(from: self)
        return next
    }

    /// Takes over what `previous` knows (see ``rebuilt(site:rules:options:now:)``): the part of a
    /// reload that must hold the rules lock. Build the engine for the new config first, without it.
    public mutating func takeOver(from previous: RuleEngine) {
        self.nextAlertID = max(self.nextAlertID, previous.nextAlertID)
        self.statistics = previous.statistics
        for old in previous.tags {
            var t: Int
            if let i = self.index(of: old.tag) {
                t = i
            } else {
                guard self.unknownTags < self.options.maxUnknownTags else { continue }
                self.unknownTags += 1
                t = self.addTag(
                    TagState(tag: old.tag, asset: -1, assetName: SiteName(), lastSeen: old.lastSeen, slots: []))
            }
            self.tags[t].lastSeen = old.lastSeen
            self.tags[t].locationTime = old.locationTime
            self.tags[t].batteryTime = old.batteryTime
            self.tags[t].method = old.method
            self.tags[t].gateway = old.gateway
            self.tags[t].zoneSince = old.zoneSince
            if old.zone >= 0, let z = self.site.zoneIndex(previous.site.zones[Int(old.zone)].name) {
                self.tags[t].zone = z
            }
            if old.floor >= 0, let f = self.site.floorIndex(previous.site.floors[Int(old.floor)].name) {
                self.tags[t].floor = f
            }
            self.tags[t].ble.reset(current: self.tags[t].zone)
            for k in self.tags[t].slots.indices {
                let rule = self.rules[Int(self.tags[t].slots[k].rule)]
                guard
                    let kept = old.slots.first(where: {
                        previous.rules[Int($0.rule)].id == rule.id && previous.rules[Int($0.rule)].kind == rule.kind
                    })
                else {
                    if rule.kind == .dwell, self.covers(self.tags[t].slots[k].rule, self.tags[t].zone) {
                        self.tags[t].slots[k].since = old.zoneSince
                    }
                    continue
                }
                var slot = kept
                slot.rule = self.tags[t].slots[k].rule
                if slot.zone >= 0 { slot.zone = self.site.zoneIndex(previous.site.zones[Int(slot.zone)].name) ?? -1 }
                self.tags[t].slots[k] = slot
                if slot.active, rule.kind == .notSeen { self.tags[t].openNotSeen = true }
            }
        }
        for (g, gateway) in previous.site.gateways.enumerated() {
            guard let ng = self.site.gatewayIndex(gateway.id) else { continue }
            self.gatewayLastSeen[Int(ng)] = previous.gatewayLastSeen[g]
            for s in self.slotsByGateway[Int(ng)] {
                let id = self.rules[Int(self.gatewaySlots[Int(s)].rule)].id
                for os in previous.slotsByGateway[g] where previous.rules[Int(previous.gatewaySlots[Int(os)].rule)].id == id {
                    self.gatewaySlots[Int(s)].active = previous.gatewaySlots[Int(os)].active
                    self.gatewaySlots[Int(s)].alertID = previous.gatewaySlots[Int(os)].alertID
                }
            }
        }
        for p in self.parSlots.indices {
            let id = self.rules[Int(self.parSlots[p].rule)].id
            if let kept = previous.parSlots.first(where: { previous.rules[Int($0.rule)].id == id }) {
                let rule = self.parSlots[p].rule
                self.parSlots[p] = kept
                self.parSlots[p].rule = rule
            }
        }
    }
}
