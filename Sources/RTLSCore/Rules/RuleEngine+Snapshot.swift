extension RuleEngine {
    /// What came across in ``restore(_:now:)``.
    public struct RestoreSummary: Sendable, Equatable {
        /// Tags whose state was taken over.
        public var tags = 0
        /// Open alerts taken over (they stay open under their ids; no new alert fires for them).
        public var openAlerts = 0
        /// Open alerts dropped because their rule no longer exists (no `cleared` event is made).
        public var droppedAlerts = 0
        /// Tags left out because `max_unknown_tags` was reached.
        public var droppedTags = 0
        /// Open usage sessions taken over (they close with their original start).
        public var openSessions = 0
    }

    /// The engine's state by name (see ``EngineSnapshot``).
    public func snapshot(at now: Timestamp) -> EngineSnapshot {
        func rule(_ slot: RuleSlot) -> EngineSnapshot.Rule {
            let compiled = self.rules[Int(slot.rule)]
            return EngineSnapshot.Rule(
                id: compiled.id, kind: compiled.kind.rawValue, active: slot.active, alertID: slot.alertID,
                since: slot.since, clearSince: slot.clearSince, lastTime: slot.lastTime,
                lastValue: slot.lastValue.isNaN ? nil : slot.lastValue,
                zone: slot.zone >= 0 ? self.site.zones[Int(slot.zone)].name : nil)
        }
        var tags: [EngineSnapshot.Tag] = []
        tags.reserveCapacity(self.tags.count)
        for state in self.tags {
            tags.append(
                EngineSnapshot.Tag(
                    tag: state.tag, zone: state.zone >= 0 ? self.site.zones[Int(state.zone)].name : nil,
                    floor: state.floor >= 0 ? self.site.floors[Int(state.floor)].name : nil,
                    method: state.method?.rawValue, gateway: state.gateway, zoneSince: state.zoneSince,
                    locationTime: state.locationTime, lastSeen: state.lastSeen, batteryTime: state.batteryTime,
                    rules: state.slots.map(rule)))
        }
        let gateways = self.site.gateways.indices.map { g in
            EngineSnapshot.Gateway(
                id: self.site.gateways[g].id, lastSeen: self.gatewayLastSeen[g],
                rules: self.slotsByGateway[g].map { rule(self.gatewaySlots[Int($0)]) })
        }
        return EngineSnapshot(
            takenAt: now.microseconds, nextAlertID: self.nextAlertID, tags: tags, gateways: gateways,
            par: self.parSlots.map(rule))
    }

    /// Takes over the state in `snapshot`, matched by tag id, zone, floor and gateway names, and rule
    /// id and kind: a zone that no longer exists leaves the tag outside every zone (no exit event);
    /// open alerts of removed rules are dropped without a `cleared` event; alert ids continue after
    /// the snapshot's. The time between the snapshot and `now` (rtlsd was stopped) does not count
    /// towards not-seen and gateway-offline rules: last-seen times move forward by it.
    /// BLE room windows restart from the tag's current room.
    @discardableResult
    public mutating func restore(_ snapshot: EngineSnapshot, now: Timestamp) -> RestoreSummary {
        var summary = RestoreSummary()
        let paused = max(0, now.microseconds &- snapshot.takenAt)
        func shifted(_ time: Int64) -> Int64 { time == noTime ? noTime : time &+ paused }
        self.nextAlertID = max(self.nextAlertID, snapshot.nextAlertID)
        for old in snapshot.tags {
            var t: Int
            if let i = self.index(of: old.tag) {
                t = i
            } else {
                guard self.unknownTags < self.options.maxUnknownTags else {
                    summary.droppedTags += 1
                    continue
                }
                self.unknownTags += 1
                t = self.addTag(TagState(tag: old.tag, asset: -1, assetName: SiteName(), lastSeen: old.lastSeen, slots: []))
            }
            summary.tags += 1
            self.tags[t].lastSeen = shifted(old.lastSeen)
            self.tags[t].locationTime = old.locationTime
            self.tags[t].batteryTime = old.batteryTime
            self.tags[t].method = old.method.flatMap(LocationMethod.init(rawValue:))
            self.tags[t].gateway = old.gateway
            self.tags[t].zoneSince = old.zoneSince
            if let zone = old.zone, let z = self.site.zoneIndex(zone) { self.tags[t].zone = z }
            if let floor = old.floor, let f = self.site.floorIndex(floor) { self.tags[t].floor = f }
            self.tags[t].ble.reset(current: self.tags[t].zone)
            for k in self.tags[t].slots.indices {
                let compiled = self.rules[Int(self.tags[t].slots[k].rule)]
                guard let previous = old.rules.first(where: { $0.id == compiled.id && $0.kind == compiled.kind.rawValue })
                else {
                    if compiled.kind == .dwell, self.covers(self.tags[t].slots[k].rule, self.tags[t].zone) {
                        self.tags[t].slots[k].since = old.zoneSince
                    }
                    continue
                }
                self.tags[t].slots[k] = self.slot(previous, rule: self.tags[t].slots[k].rule)
                // A usage wait (start_after, end_after) in progress counts from the restart, not from 1970.
                if compiled.kind == .usage { self.tags[t].slots[k].receivedAt = now.microseconds }
                if previous.active, compiled.kind == .usage {
                    summary.openSessions += 1
                } else if previous.active {
                    summary.openAlerts += 1
                    if compiled.kind == .notSeen { self.tags[t].openNotSeen = true }
                }
            }
            summary.droppedAlerts += old.rules.count(where: { rule in
                rule.isOpenAlert && !self.tags[t].slots.contains { self.rules[Int($0.rule)].id == rule.id }
            })
        }
        for old in snapshot.gateways {
            guard let g = self.site.gatewayIndex(old.id) else {
                summary.droppedAlerts += old.rules.count(where: \.active)
                continue
            }
            self.gatewayLastSeen[Int(g)] = shifted(old.lastSeen)
            for s in self.slotsByGateway[Int(g)] {
                let id = self.rules[Int(self.gatewaySlots[Int(s)].rule)].id
                for previous in old.rules where previous.id == id {
                    self.gatewaySlots[Int(s)].active = previous.active
                    self.gatewaySlots[Int(s)].alertID = previous.alertID
                    if previous.active { summary.openAlerts += 1 }
                }
            }
        }
        for p in self.parSlots.indices {
            let id = self.rules[Int(self.parSlots[p].rule)].id
            guard let previous = snapshot.par.first(where: { $0.id == id }) else { continue }
            self.parSlots[p] = self.slot(previous, rule: self.parSlots[p].rule)
            if previous.active { summary.openAlerts += 1 }
        }
        summary.droppedAlerts += snapshot.par.count { old in
            old.active && !self.parSlots.contains { self.rules[Int($0.rule)].id == old.id }
        }
        return summary
    }

    /// The ids of the alerts that are fired and not yet cleared.
    public var openAlertIDs: [UInt64] {
        self.tags.flatMap { $0.slots.filter { $0.active && self.rules[Int($0.rule)].kind != .usage }.map(\.alertID) }
            + self.gatewaySlots.filter(\.active).map(\.alertID) + self.parSlots.filter(\.active).map(\.alertID)
    }

    private func slot(_ previous: EngineSnapshot.Rule, rule: Int32) -> RuleSlot {
        var slot = RuleSlot(rule: rule)
        slot.active = previous.active
        slot.alertID = previous.alertID
        slot.since = previous.since
        slot.clearSince = previous.clearSince
        slot.lastTime = previous.lastTime
        slot.lastValue = previous.lastValue ?? .nan
        slot.zone = previous.zone.flatMap { self.site.zoneIndex($0) } ?? -1
        return slot
    }
}
