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
        next.nextAlertID = max(next.nextAlertID, self.nextAlertID)
        next.statistics = self.statistics
        for old in self.tags {
            var t: Int
            if let i = next.index(of: old.tag) {
                t = i
            } else {
                guard next.unknownTags < next.options.maxUnknownTags else { continue }
                next.unknownTags += 1
                t = next.addTag(
                    TagState(tag: old.tag, asset: -1, assetName: SiteName(), lastSeen: old.lastSeen, slots: []))
            }
            next.tags[t].lastSeen = old.lastSeen
            next.tags[t].locationTime = old.locationTime
            next.tags[t].batteryTime = old.batteryTime
            next.tags[t].method = old.method
            next.tags[t].gateway = old.gateway
            next.tags[t].zoneSince = old.zoneSince
            if old.zone >= 0, let z = site.zoneIndex(self.site.zones[Int(old.zone)].name) {
                next.tags[t].zone = z
            }
            if old.floor >= 0, let f = site.floorIndex(self.site.floors[Int(old.floor)].name) {
                next.tags[t].floor = f
            }
            next.tags[t].ble.reset(current: next.tags[t].zone)
            for k in next.tags[t].slots.indices {
                let rule = next.rules[Int(next.tags[t].slots[k].rule)]
                guard
                    let previous = old.slots.first(where: {
                        self.rules[Int($0.rule)].id == rule.id && self.rules[Int($0.rule)].kind == rule.kind
                    })
                else {
                    if rule.kind == .dwell, next.covers(next.tags[t].slots[k].rule, next.tags[t].zone) {
                        next.tags[t].slots[k].since = old.zoneSince
                    }
                    continue
                }
                var slot = previous
                slot.rule = next.tags[t].slots[k].rule
                if slot.zone >= 0 { slot.zone = site.zoneIndex(self.site.zones[Int(slot.zone)].name) ?? -1 }
                next.tags[t].slots[k] = slot
                if slot.active, rule.kind == .notSeen { next.tags[t].openNotSeen = true }
            }
        }
        for (g, gateway) in self.site.gateways.enumerated() {
            guard let ng = site.gatewayIndex(gateway.id) else { continue }
            next.gatewayLastSeen[Int(ng)] = self.gatewayLastSeen[g]
            for s in next.slotsByGateway[Int(ng)] {
                let id = next.rules[Int(next.gatewaySlots[Int(s)].rule)].id
                for os in self.slotsByGateway[g] where self.rules[Int(self.gatewaySlots[Int(os)].rule)].id == id {
                    next.gatewaySlots[Int(s)].active = self.gatewaySlots[Int(os)].active
                    next.gatewaySlots[Int(s)].alertID = self.gatewaySlots[Int(os)].alertID
                }
            }
        }
        return next
    }
}
