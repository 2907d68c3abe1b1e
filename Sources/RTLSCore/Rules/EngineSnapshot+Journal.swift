extension EngineSnapshot {
    /// Brings a checkpoint up to date with what the engine emitted after it was taken (the engine
    /// journal, read after a crash): alerts fired and cleared, usage sessions closed, zone changes,
    /// acknowledgements and escalations, in the order they happened.
    ///
    /// Each event sets state rather than counting, so applying one the checkpoint already holds
    /// changes nothing. A tag or gateway the checkpoint does not know is added with what the event
    /// says. Not replayed: per-reading clocks (dwell and excursion starts keep the checkpoint's
    /// values) and usage sessions opened after the checkpoint (a session's start is not an event).
    /// - Parameters:
    ///   - output: one journal record's events.
    ///   - now: when the stage emitted them (rtlsd's clock): the escalation clock of a fired alert.
    public mutating func apply(_ output: EngineOutput, at now: Timestamp) {
        for event in output.zoneEvents { self.apply(event) }
        for alert in output.alerts { self.apply(alert, at: now) }
        for session in output.usage {
            guard let t = self.tagIndex(session.tag, creating: false) else { continue }
            if let k = self.tags[t].rules.firstIndex(where: {
                $0.id == session.ruleID && $0.kind == AlertKind.usage.rawValue
            }) {
                self.tags[t].rules[k].active = false
            }
        }
        for action in output.alertActions {
            guard let e = self.escalation.firstIndex(where: { $0.alert.alertID == action.alert.alertID }) else { continue }
            switch action.kind {
            case .acknowledged: self.escalation[e].acknowledged = true
            case .escalated: self.escalation[e].escalated = true
            }
        }
        self.takenAt = max(self.takenAt, now.microseconds)
    }

    private mutating func apply(_ event: ZoneEvent) {
        guard let t = self.tagIndex(event.tag, creating: true, seen: event.time.microseconds) else { return }
        switch event.transition {
        case .enter:
            self.tags[t].zone = event.zone
            self.tags[t].floor = nil
            self.tags[t].zoneSince = event.time.microseconds
            self.tags[t].method = event.method.rawValue
        case .exit:
            if self.tags[t].zone == event.zone { self.tags[t].zone = nil }
        }
        self.tags[t].lastSeen = max(self.tags[t].lastSeen, event.time.microseconds)
    }

    private mutating func apply(_ alert: Alert, at now: Timestamp) {
        self.nextAlertID = max(self.nextAlertID, alert.alertID &+ 1)
        let fired = alert.state == .fired
        switch alert.owner {
        case .tag:
            guard let t = self.tagIndex(alert.tag, creating: fired, seen: alert.time.microseconds) else { break }
            Self.set(&self.tags[t].rules, alert)
        case .gateway:
            if let g = self.gateways.firstIndex(where: { $0.id == alert.gateway }) {
                Self.set(&self.gateways[g].rules, alert)
            } else if fired {
                self.gateways.append(Gateway(id: alert.gateway, lastSeen: alert.time.microseconds, rules: []))
                Self.set(&self.gateways[self.gateways.count - 1].rules, alert)
            }
        case .par:
            Self.set(&self.par, alert)
        }
        self.escalation.removeAll { $0.alert.alertID == alert.alertID }
        if fired { self.escalation.append(AlertEscalation.Entry(alert: alert, firedAt: now.microseconds)) }
    }

    /// Sets the slot of `alert`'s rule (added when missing) to its state and id.
    private static func set(_ rules: inout [Rule], _ alert: Alert) {
        let fired = alert.state == .fired
        if let k = rules.firstIndex(where: { $0.id == alert.ruleID && $0.kind == alert.kind.rawValue }) {
            // A clear of an older firing (a later one already took the slot) changes nothing.
            guard fired || rules[k].alertID == alert.alertID else { return }
            rules[k].active = fired
            rules[k].alertID = alert.alertID
            if fired, rules[k].since == noTime { rules[k].since = alert.time.microseconds }
        } else if fired {
            rules.append(
                Rule(
                    id: alert.ruleID, kind: alert.kind.rawValue, active: true, alertID: alert.alertID,
                    since: alert.time.microseconds, clearSince: noTime, lastTime: noTime, lastValue: alert.value,
                    zone: alert.zone.isEmpty ? nil : alert.zone))
        }
    }

    private mutating func tagIndex(_ tag: TagID, creating: Bool, seen: Int64 = noTime) -> Int? {
        if let t = self.tags.firstIndex(where: { $0.tag == tag }) { return t }
        guard creating, !tag.isEmpty else { return nil }
        self.tags.append(
            Tag(
                tag: tag, zone: nil, floor: nil, method: nil, gateway: GatewayID(), zoneSince: noTime,
                locationTime: noTime, lastSeen: seen, batteryTime: noTime, rules: []))
        return self.tags.count - 1
    }
}

extension Alert {
    /// Whose state an alert belongs to in the engine: a tag's, a gateway's or a PAR level's.
    enum Owner { case tag, gateway, par }

    var owner: Owner {
        switch self.kind {
        case .parLevel: .par
        case .gatewayOffline: .gateway
        default: .tag
        }
    }
}
