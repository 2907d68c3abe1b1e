extension RuleEngine {
    /// PAR levels at `now`: for each rule, the assets it counts that are located in its zones and
    /// not in use. Below the minimum for the rule's `after` it fires; at the minimum again it clears.
    /// Nothing is counted before the first reading: at start every asset is still unplaced, and an
    /// empty ward then would be a false alarm (the clock starts once readings flow).
    mutating func sweepPAR(now: Int64, into output: inout EngineOutput) {
        guard self.statistics.readings > 0 else { return }
        for p in self.parSlots.indices {
            let slot = self.parSlots[p]
            let rule = self.rules[Int(slot.rule)]
            var available = 0
            for t in self.parMembers[p] {
                let i = Int(t)
                if self.covers(slot.rule, self.tags[i].zone), !self.isInUse(i) { available += 1 }
            }
            self.parSlots[p].lastValue = Double(available)
            if Double(available) < rule.threshold {
                if slot.since == noTime { self.parSlots[p].since = now }
                let since = self.parSlots[p].since
                if !slot.active, now &- since >= rule.limit {
                    let id = self.nextAlertID
                    self.nextAlertID &+= 1
                    self.parSlots[p].active = true
                    self.parSlots[p].alertID = id
                    output.alerts.append(self.parAlert(p, id: id, state: .fired, at: now, available: available))
                }
            } else {
                self.parSlots[p].since = noTime
                if slot.active {
                    self.parSlots[p].active = false
                    output.alerts.append(
                        self.parAlert(p, id: slot.alertID, state: .cleared, at: now, available: available))
                }
            }
        }
    }

    private func parAlert(_ p: Int, id: UInt64, state: AlertState, at time: Int64, available: Int) -> Alert {
        let rule = self.rules[Int(self.parSlots[p].rule)]
        let zone = self.ruleZones[Int(rule.zoneStart)]
        let classes = self.parMembers[p].first.map { self.site.assets[Int($0)].assetClass } ?? SiteName()
        return Alert(
            alertID: id, ruleID: rule.id, kind: .parLevel, severity: rule.severity, state: state,
            time: Timestamp(microseconds: time), zone: self.site.zones[Int(zone)].name, value: Double(available),
            threshold: rule.threshold, detail: classes)
    }
}
